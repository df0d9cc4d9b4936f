"""What a mailbox reading adds to the advice (wizard/engine/measured.py): the
box already 80 % full, a box nothing empties that fills within the year at
the measured rate, and old copies that the first deleting device removes."""

from decimal import Decimal

import pytest

from wizard.engine.recommendations import Device, MailboxAnswers, Measured, OldCopies, recommend

PCS = (Device("pc", "outlook_classic"), Device("pc", "thunderbird"))
PHONE_AND_PC = (Device("smartphone", "ios_mail"), Device("pc", "thunderbird"))
OLD = (OldCopies(7, 40, Decimal("12.5")), OldCopies(30, 25, Decimal("8.0")), OldCopies(90, 3, Decimal("1.0")))


def advice(devices=PCS, people=2, quota=2000, daily=5, used=None, older=OLD):
    measured = None if used is None and older is None else Measured(used, older or ())
    return recommend(
        MailboxAnswers(people=people, devices=devices, quota_mb=quota, daily_mb=daily, measured=measured)
    )


def test_copies_older_than_the_days_on_a_shared_pop_address_are_announced():
    rec = advice(used=100)
    assert (rec.protocol, rec.effective_days) == ("pop", 30)
    assert "old_copies_removed" in rec.warnings


def test_no_old_copies_no_announcement():
    rec = advice(
        used=100,
        older=(OldCopies(7, 2, Decimal(1)), OldCopies(30, 0, Decimal(0)), OldCopies(90, 0, Decimal(0))),
    )
    assert "old_copies_removed" not in rec.warnings


def test_a_box_never_read_gets_none_of_the_measured_warnings():
    rec = advice(used=None, older=None)
    assert {"old_copies_removed", "box_nearly_full", "box_fills_before_days"} & set(rec.warnings) == set()


@pytest.mark.parametrize(("used", "full"), [(1599, False), (1600, True), (Decimal("1999.99"), True)])
def test_a_box_is_nearly_full_from_eight_tenths_of_its_quota(used, full):
    assert ("box_nearly_full" in advice(used=used).warnings) is full


def test_an_imap_box_that_fills_within_the_year_from_its_usage_is_warned():
    # 2,000 MB at 5 MB a day would last 400 days from empty; 1,000 MB already used leaves 200.
    rec = advice(devices=PHONE_AND_PC, people=1, used=1000)
    assert rec.protocol == "imap"
    assert "box_fills_before_days" in rec.warnings and "imap_quota_fills" not in rec.warnings
    assert "box_fills_before_days" not in advice(devices=PHONE_AND_PC, people=1, used=100).warnings


def test_a_pop_address_whose_devices_delete_is_not_warned_of_filling():
    assert "box_fills_before_days" not in advice(used=1500).warnings


def test_a_measured_usage_below_zero_is_refused():
    with pytest.raises(ValueError, match="measured.used_mb"):
        Measured(-1)
