"""Policy v2 and v2.1: on a POP address no device may shorten what the address
keeps. Each device gets a role: it deletes server copies after some days, it
keeps them, or (a way of reading mail that has ended) it takes no part. Pure
engine tests, no database."""

from datetime import date

import pytest

from wizard.engine.recommendations import Device, DeviceSetting, MailboxAnswers, recommend

DELETES_30 = DeviceSetting("deletes", 30)
KEEPS = DeviceSetting("keeps")
ENDING = DeviceSetting("ending")


def d(client: str, kind: str = "") -> Device:
    mobile = {"ios_mail", "gmail_android", "thunderbird_android"}
    return Device(kind=kind or ("smartphone" if client in mobile else "pc"), client=client)


def rec(people: int, *clients: str, quota_mb=None, daily_mb=None, keep=False, devices=None, as_of=None):
    devices = devices or tuple(d(client) for client in clients)
    return recommend(
        MailboxAnswers(
            people=people,
            devices=devices,
            quota_mb=quota_mb,
            daily_mb=daily_mb,
            keep_history_on_new_device=keep,
            as_of=as_of,
        )
    )


# --- DOMAIN.md's v2 worked examples -------------------------------------------


def test_outlooks_delete_after_30_and_the_iphone_keeps():
    r = rec(3, "outlook_classic", "outlook_classic", "outlook_classic", "ios_mail")
    assert r.delete_after_days == 30
    assert r.device_settings == (DELETES_30, DELETES_30, DELETES_30, KEEPS)
    assert "retention_shortened" not in r.warnings


def test_two_macs_both_delete_after_a_month():
    r = rec(2, "apple_mail", "apple_mail")
    assert r.device_settings == (DELETES_30, DELETES_30)
    assert "retention_shortened" not in r.warnings and "nobody_deletes" not in r.warnings


def test_two_iphones_both_delete_after_7_days_and_say_the_address_keeps_less():
    r = rec(2, "ios_mail", "ios_mail")
    assert r.delete_after_days == 30
    assert r.device_settings == (DeviceSetting("deletes", 7),) * 2
    assert {"retention_shortened", "shared_mobile"} <= set(r.warnings)


def test_two_thunderbird_phones_keep_and_nobody_deletes_so_the_cloud_is_suggested():
    r = rec(2, "thunderbird_android", "thunderbird_android")
    assert r.device_settings == (KEEPS, KEEPS)
    assert "nobody_deletes" in r.warnings and r.suggest_cloud is True


# --- Rule 1: clients that take any number of days delete after N -----------------


@pytest.mark.parametrize("client", ["outlook_classic", "thunderbird", "becky", "other", "other_pop_only"])
@pytest.mark.parametrize(
    ("quota_mb", "daily_mb", "keep", "days"),
    [
        pytest.param(None, None, False, 30, id="unknown-30"),
        pytest.param(None, None, True, 90, id="unknown-history-90"),
        pytest.param(1000, 26.66, False, 30, id="30-fits"),
        pytest.param(1000, 30, False, 7, id="30-does-not-fit"),
        pytest.param(100_000, 10, True, 90, id="90-fits"),
    ],
)
def test_an_any_days_client_deletes_after_exactly_the_addresss_days(client, quota_mb, daily_mb, keep, days):
    r = rec(2, client, "ios_mail", quota_mb=quota_mb, daily_mb=daily_mb, keep=keep)
    assert r.delete_after_days == days
    assert r.device_settings[0] == DeviceSetting("deletes", days)
    assert "retention_shortened" not in r.warnings


# --- Rule 2: beside an exact deleter, every other device keeps ---------------------


@pytest.mark.parametrize(
    "other",
    ["apple_mail", "ios_mail", "gmail_android", "thunderbird_android", "outlook_new"],
)
def test_every_other_device_keeps_when_one_device_deletes_after_exactly_n_days(other):
    r = rec(2, "thunderbird", other)
    assert r.device_settings == (DELETES_30, KEEPS)
    assert "retention_shortened" not in r.warnings and "nobody_deletes" not in r.warnings


def test_several_exact_deleters_all_delete_after_the_same_days():
    r = rec(3, "outlook_classic", "thunderbird", "becky", keep=True)
    assert r.device_settings == (DeviceSetting("deletes", 90),) * 3


# --- Rule 3: no exact deleter: the longest fixed choice ≤ N --------------------------


@pytest.mark.parametrize(
    ("client", "quota_mb", "daily_mb", "keep", "days", "shortened"),
    [
        pytest.param("apple_mail", None, None, False, 30, False, id="mac-month-equals-30"),
        pytest.param("apple_mail", None, None, True, 30, True, id="mac-month-below-90"),
        pytest.param("apple_mail", 1000, 30, False, 7, False, id="mac-week-equals-7"),
        pytest.param("ios_mail", 1000, 30, False, 7, False, id="iphone-7-equals-7"),
        pytest.param("ios_mail", None, None, False, 7, True, id="iphone-7-below-30"),
        pytest.param("ios_mail", None, None, True, 7, True, id="iphone-7-below-90"),
    ],
)
def test_without_an_exact_deleter_fixed_choices_pick_the_longest_not_over_n(
    client, quota_mb, daily_mb, keep, days, shortened
):
    r = rec(2, client, client, quota_mb=quota_mb, daily_mb=daily_mb, keep=keep)
    assert r.device_settings == (DeviceSetting("deletes", days),) * 2
    assert ("retention_shortened" in r.warnings) is shortened


def test_the_shortest_choice_is_used_when_every_choice_is_longer_than_n(monkeypatch):
    from wizard.engine.catalogue import CLIENTS, Client, Control

    monthly = Client(
        key="monthly_only",
        label="月単位のメールソフト",
        kinds=frozenset({"pc"}),
        imap=True,
        pop=True,
        guide_slug="guide-other",
        delete_after=Control("サーバーから削除", "checkbox", ((30, "1か月後"), (60, "2か月後"))),
    )
    monkeypatch.setitem(CLIENTS, monthly.key, monthly)
    r = rec(2, "monthly_only", quota_mb=1000, daily_mb=30)  # N = 7
    assert r.device_settings == (DeviceSetting("deletes", 30),)
    assert "retention_shortened" not in r.warnings  # it keeps longer than N, never shorter


def test_a_client_replaced_under_the_same_key_is_answered_for_what_it_is_now(monkeypatch):
    """The roles are remembered per client asked about, not per key: a catalogue
    entry changed in place (a test's stand-in, a corrected entry) counts at once."""
    import dataclasses

    from wizard.engine.catalogue import CLIENTS, Control

    # Keeping history (N = 90): the iPhone's only choice is 7, the Mac's longest is 30.
    assert rec(2, "ios_mail", "apple_mail", keep=True).device_settings == (KEEPS, DELETES_30)
    longer = Control("サーバーから削除", "checkbox", ((30, "1か月後"), (60, "2か月後")))
    monkeypatch.setitem(
        CLIENTS, "apple_mail", dataclasses.replace(CLIENTS["apple_mail"], delete_after=longer)
    )

    assert rec(2, "ios_mail", "apple_mail", keep=True).device_settings == (
        KEEPS,
        DeviceSetting("deletes", 60),
    )
    monkeypatch.undo()
    assert rec(2, "ios_mail", "apple_mail", keep=True).device_settings == (KEEPS, DELETES_30)


def test_among_fixed_choices_only_the_longest_choice_deletes_and_the_others_keep():
    r = rec(2, "apple_mail", "ios_mail")
    assert r.device_settings == (DeviceSetting("deletes", 30), KEEPS)
    assert "retention_shortened" not in r.warnings and r.effective_days == 30


def test_equal_longest_choices_all_delete():
    r = rec(3, "ios_mail", "apple_mail", "ios_mail", keep=True, quota_mb=1000, daily_mb=30)
    # N is 7 here (30 days of 30 MB exceed 80 % of 1,000 MB): both phones and the Mac pick 7.
    assert r.device_settings == (DeviceSetting("deletes", 7),) * 3 and r.effective_days == 7


def test_devices_with_no_day_setting_keep_beside_fixed_choice_deleters():
    r = rec(2, "ios_mail", "gmail_android", "thunderbird_android")
    assert r.device_settings == (DeviceSetting("deletes", 7), KEEPS, KEEPS)


# --- Rule 4: nobody deletes ---------------------------------------------------------


@pytest.mark.parametrize(
    "clients",
    [
        ("outlook_new", "outlook_new"),
        ("gmail_android", "thunderbird_android"),
    ],
)
def test_when_no_device_can_delete_the_box_fills_and_cloud_mail_is_suggested(clients):
    r = rec(2, *clients)
    assert r.protocol == "pop"
    assert set(r.device_settings) == {KEEPS}
    assert "nobody_deletes" in r.warnings and r.suggest_cloud is True


def test_a_device_that_cannot_pop_keeps(imap_only_client):
    r = rec(2, "thunderbird", imap_only_client)
    assert r.device_settings == (DELETES_30, KEEPS)
    assert "client_cannot_pop" in r.warnings


def test_imap_gives_every_device_the_imap_role():
    r = rec(1, "outlook_classic", "ios_mail", "apple_mail")
    assert r.protocol == "imap"
    assert r.device_settings == (DeviceSetting("imap"),) * 3


def test_roles_follow_the_order_the_devices_were_given():
    forward = rec(2, "ios_mail", "thunderbird")
    assert forward.device_settings == (KEEPS, DELETES_30)


# --- Client changes of v2 -------------------------------------------------------------


def test_the_gmail_app_on_pop_raises_a_caveat_and_on_imap_does_not():
    assert "client_caveat" in rec(2, "thunderbird", "gmail_android").warnings
    assert "client_caveat" not in rec(1, "thunderbird", "gmail_android").warnings  # IMAP


def test_the_new_outlook_keeps_and_carries_its_caveat():
    r = rec(2, "outlook_classic", "outlook_new")
    assert r.device_settings == (DELETES_30, KEEPS)
    assert "client_caveat" in r.warnings


@pytest.mark.parametrize("client", ["windows_mail", "gmail_web_fetch"])
def test_ending_ways_of_reading_mail_raise_client_ending(client):
    r = rec(1, client)
    assert "client_ending" in r.warnings


def test_an_ending_way_of_reading_mail_does_not_force_pop_on_the_address():
    r = rec(1, "gmail_web_fetch", "thunderbird")
    assert r.protocol == "imap" and "client_pop_only" not in r.reasons
    assert r.device_settings == (ENDING, DeviceSetting("imap")) and "client_ending" in r.warnings


def test_beside_an_ending_device_the_others_still_decide_who_deletes():
    r = rec(2, "windows_mail", "ios_mail")
    assert r.device_settings == (ENDING, DeviceSetting("deletes", 7)) and "nobody_deletes" not in r.warnings


def test_a_non_ending_device_that_cannot_delete_beside_an_ending_one_means_nobody_deletes():
    r = rec(2, "windows_mail", "outlook_new")
    assert r.device_settings == (ENDING, KEEPS) and "nobody_deletes" in r.warnings


def test_an_address_read_only_in_ending_ways_gets_no_nobody_deletes():
    r = rec(2, "windows_mail", "gmail_web_fetch")
    assert r.protocol == "pop" and r.device_settings == (ENDING, ENDING)
    assert "nobody_deletes" not in r.warnings and "client_ending" in r.warnings
    assert r.effective_days is None


def test_a_client_is_ending_from_90_days_before_its_end_date():
    from wizard.engine.catalogue import Ending

    end = Ending(on="2027-03-31", text="", replacement="")
    assert end.ending_by(date(2027, 1, 1)) is True  # 89 days before
    assert end.ending_by(date(2026, 12, 31)) is True  # exactly 90 days before
    assert end.ending_by(date(2026, 12, 30)) is False  # 91 days before: not yet
    assert Ending(on="2026-01", text="", replacement="").ending_by(date(2026, 1, 1)) is True


def test_before_its_end_was_near_an_ending_client_still_counted_as_pop_only():
    r = rec(1, "gmail_web_fetch", "thunderbird", as_of=date(2025, 6, 1))
    assert r.protocol == "pop" and "client_pop_only" in r.reasons
    assert "client_ending" not in r.warnings


# --- DOMAIN.md's v2.1 worked examples ---------------------------------------------


def test_v21_a_mac_and_an_iphone_the_mac_deletes_after_a_month_and_the_iphone_keeps():
    r = rec(2, "apple_mail", "ios_mail")
    assert r.device_settings == (DELETES_30, KEEPS) and r.effective_days == 30


def test_v21_a_mac_and_an_ipad_on_a_90_day_address_the_mac_deletes_after_30():
    r = rec(2, devices=(d("apple_mail"), d("ios_mail", "tablet")), keep=True)
    assert r.delete_after_days == 90
    assert r.device_settings == (DELETES_30, KEEPS) and "retention_shortened" in r.warnings


def test_v21_gmail_web_fetch_and_an_iphone_for_one_person_is_imap():
    r = rec(1, "gmail_web_fetch", "ios_mail")
    assert r.protocol == "imap" and "mobile_access" in r.reasons
    assert r.device_settings == (ENDING, DeviceSetting("imap")) and "client_ending" in r.warnings


def test_v21_windows_mail_and_outlook_is_pop_with_outlook_deleting_after_30():
    r = rec(2, "windows_mail", "outlook_classic")
    assert r.protocol == "pop"
    assert r.device_settings == (ENDING, DELETES_30) and "client_ending" in r.warnings
