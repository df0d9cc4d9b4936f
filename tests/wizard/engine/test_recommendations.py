"""The recommendation engine and the client catalogue, without Django or a database."""

import ast
import dataclasses
import itertools
import re
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from wizard.engine.catalogue import (
    CLIENTS,
    DEVICE_KINDS,
)
from wizard.engine.recommendations import (
    ALL_ARTICLE_SLUGS,
    CODES,
    REASON_CODES,
    REASON_POINTS,
    RULES_VERSION,
    WARNING_CODES,
    Device,
    DeviceSetting,
    MailboxAnswers,
    Measured,
    OldCopies,
    Recommendation,
    recommend,
)

PROJECT_ROOT = Path(__file__).resolve().parents[3]
CLOUD_WARNINGS = {
    "shared_mobile",
    "quota_too_small",
    "imap_quota_fills",
    "client_cannot_pop",
    "nobody_deletes",
}


def pc(client: str = "outlook_classic") -> Device:
    return Device(kind="pc", client=client)


def phone(client: str = "ios_mail") -> Device:
    return Device(kind="smartphone", client=client)


def tablet(client: str = "ios_mail") -> Device:
    return Device(kind="tablet", client=client)


def answers(**overrides) -> MailboxAnswers:
    """One person on one Outlook PC, quota and volume known and roomy."""
    fields = {"people": 1, "devices": (pc(),), "quota_mb": 100_000, "daily_mb": 10}
    fields.update(overrides)
    return MailboxAnswers(**fields)


# --- Protocol and reasons -------------------------------------------------


@pytest.mark.parametrize(
    ("people", "devices", "protocol", "reasons"),
    [
        pytest.param(1, (pc(),), "pop", ("single_device",), id="one-person-one-pc"),
        pytest.param(1, (pc("thunderbird"),), "pop", ("single_device",), id="one-person-thunderbird"),
        pytest.param(
            1,
            (pc("other_pop_only"),),
            "pop",
            ("client_pop_only", "single_device"),
            id="one-pc-pop-only-client",
        ),
        pytest.param(
            1,
            (phone("other_pop_only"),),
            "pop",
            ("client_pop_only", "single_device"),
            id="one-phone-pop-only-client",
        ),
        pytest.param(1, (phone(),), "imap", ("mobile_access",), id="one-phone"),
        pytest.param(1, (tablet(),), "imap", ("mobile_access",), id="one-tablet"),
        pytest.param(1, (pc(), pc("thunderbird")), "imap", ("multiple_devices",), id="one-person-two-pcs"),
        pytest.param(
            1,
            (pc(), phone()),
            "imap",
            ("mobile_access", "multiple_devices"),
            id="one-person-pc-and-phone",
        ),
        pytest.param(
            1,
            (phone("gmail_android"), tablet()),
            "imap",
            ("mobile_access", "multiple_devices"),
            id="one-person-phone-and-tablet",
        ),
        pytest.param(2, (pc(),), "pop", ("shared_address",), id="two-people-one-pc"),
        pytest.param(3, (pc(), pc(), pc()), "pop", ("shared_address",), id="three-people-on-pcs"),
        pytest.param(3, (pc(), phone()), "pop", ("shared_address",), id="shared-with-a-phone-stays-pop"),
        pytest.param(
            2,
            (pc(), pc("other_pop_only")),
            "pop",
            ("shared_address", "client_pop_only"),
            id="shared-and-pop-only-client",
        ),
        pytest.param(
            1,
            (pc("other_pop_only"), phone()),
            "pop",
            ("client_pop_only",),
            id="pop-only-client-beats-mobile",
        ),
        pytest.param(
            1,
            (pc(), pc("other_pop_only")),
            "pop",
            ("client_pop_only",),
            id="pop-only-client-beats-multiple-devices",
        ),
    ],
)
def test_protocol_and_reasons_follow_the_policy(people, devices, protocol, reasons):
    rec = recommend(answers(people=people, devices=devices))

    assert rec.protocol == protocol
    assert rec.reasons == reasons


def test_reasons_do_not_depend_on_device_order():
    forward = recommend(answers(devices=(pc(), phone())))
    backward = recommend(answers(devices=(phone(), pc())))

    assert forward == backward


def test_pop_keeps_copies_on_the_server_and_imap_leaves_retention_unset():
    pop = recommend(answers(devices=(pc(),)))
    imap = recommend(answers(devices=(pc(), phone())))

    assert (pop.leave_on_server, pop.delete_after_days) == (True, 30)
    assert (imap.leave_on_server, imap.delete_after_days) == (None, None)


# --- Worked examples from DOMAIN.md ----------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(
            answers(devices=(pc("thunderbird"),), quota_mb=None, daily_mb=None),
            Recommendation(
                protocol="pop",
                leave_on_server=True,
                delete_after_days=30,
                suggest_cloud=False,
                reasons=("single_device",),
                warnings=("quota_unknown",),
                rules_version=RULES_VERSION,
                device_settings=(DeviceSetting("deletes", 30),),
            ),
            id="one-thunderbird-quota-unknown",
        ),
        pytest.param(
            answers(devices=(pc(), phone()), quota_mb=5000, daily_mb=10),
            Recommendation(
                protocol="imap",
                leave_on_server=None,
                delete_after_days=None,
                suggest_cloud=False,
                reasons=("mobile_access", "multiple_devices"),
                warnings=(),
                rules_version=RULES_VERSION,
                device_settings=(DeviceSetting("imap"), DeviceSetting("imap")),
            ),
            id="outlook-and-iphone",
        ),
        pytest.param(
            answers(people=4, devices=(pc(),) * 4, quota_mb=1000, daily_mb=30),
            Recommendation(
                protocol="pop",
                leave_on_server=True,
                delete_after_days=7,
                suggest_cloud=False,
                reasons=("shared_address",),
                warnings=(),
                rules_version=RULES_VERSION,
                device_settings=(DeviceSetting("deletes", 7),) * 4,
            ),
            id="four-people-small-quota",
        ),
        pytest.param(
            answers(
                devices=(pc("apple_mail"),),
                quota_mb=2000,
                daily_mb=5,
                keep_history_on_new_device=True,
            ),
            Recommendation(
                protocol="pop",
                leave_on_server=True,
                delete_after_days=90,
                suggest_cloud=False,
                reasons=("single_device",),
                # v2: Apple Mail's longest choice is one month, so the Mac deletes after 30 of the 90 days.
                warnings=("retention_shortened",),
                rules_version=RULES_VERSION,
                device_settings=(DeviceSetting("deletes", 30),),
            ),
            id="apple-mail-keep-history",
        ),
    ],
)
def test_worked_examples_from_the_domain_page(given, expected):
    assert recommend(given) == expected


def test_the_interface_example_from_the_domain_page_gives_pop_with_a_shared_mobile_warning():
    rec = recommend(
        MailboxAnswers(
            people=3,
            devices=(
                Device(kind="pc", client="outlook_classic"),
                Device(kind="smartphone", client="ios_mail"),
            ),
            quota_mb=2000,
            daily_mb=20.0,
            keep_history_on_new_device=False,
        )
    )

    assert rec.protocol == "pop"
    assert rec.delete_after_days == 30  # 20 × 30 = 600 ≤ 1600
    assert rec.reasons == ("shared_address",)
    assert rec.warnings == ("shared_mobile",)
    assert rec.suggest_cloud is True


# --- POP: days to keep server copies ---------------------------------------


@pytest.mark.parametrize(
    ("quota_mb", "daily_mb", "keep_history", "days", "warnings"),
    [
        # Preferred N.
        pytest.param(100_000, 10, False, 30, (), id="preferred-30"),
        pytest.param(100_000, 10, True, 90, (), id="preferred-90-when-keeping-history"),
        pytest.param(10**9, 0.001, False, 30, (), id="never-90-without-keeping-history"),
        # 90 days: 0.8 × 1125 = 900 = 10 × 90.
        pytest.param(1125, 10, True, 90, (), id="90-exactly-at-the-limit"),
        pytest.param(1125, 10.001, True, 30, (), id="90-just-above-the-limit"),
        # 30 days: 0.8 × 1500 = 1200 = 40 × 30.
        pytest.param(1500, 40, False, 30, (), id="30-exactly-at-the-limit"),
        pytest.param(1500, 40.01, False, 7, (), id="30-just-above-the-limit"),
        pytest.param(1500, 40, True, 30, (), id="30-at-the-limit-when-90-was-preferred"),
        # 7 days: 0.8 × 875 = 700 = 100 × 7.
        pytest.param(875, 100, False, 7, (), id="7-exactly-at-the-limit"),
        pytest.param(875, 100.01, False, 7, ("quota_too_small",), id="7-just-above-the-limit"),
        pytest.param(875, 100.01, True, 7, ("quota_too_small",), id="too-small-keeping-history"),
        # Volume 0 always fits.
        pytest.param(1, 0, False, 30, (), id="daily-zero-preferred-30"),
        pytest.param(1, 0.0, True, 90, (), id="daily-zero-preferred-90"),
        # Unknowns fall back to the preferred N.
        pytest.param(None, 10, False, 30, ("quota_unknown",), id="quota-unknown"),
        pytest.param(1000, None, True, 90, ("quota_unknown",), id="daily-unknown"),
        pytest.param(None, None, False, 30, ("quota_unknown",), id="both-unknown"),
        pytest.param(None, 0, False, 30, ("quota_unknown",), id="daily-zero-quota-unknown"),
    ],
)
def test_pop_keeps_copies_for_the_longest_period_that_fits_in_80_percent_of_the_quota(
    quota_mb, daily_mb, keep_history, days, warnings
):
    rec = recommend(answers(quota_mb=quota_mb, daily_mb=daily_mb, keep_history_on_new_device=keep_history))

    assert rec.protocol == "pop"
    assert rec.leave_on_server is True
    assert rec.delete_after_days == days
    assert rec.warnings == warnings
    assert rec.suggest_cloud is ("quota_too_small" in warnings)


@pytest.mark.parametrize(
    ("quota_mb", "daily_mb", "keep_history", "days"),
    [
        # Naive float arithmetic puts each of these just over the limit.
        pytest.param(77, 8.8, False, 7, id="7-days-8.8-per-day"),
        pytest.param(81, 2.16, False, 30, id="30-days-2.16-per-day"),
        pytest.param(63, 0.56, True, 90, id="90-days-0.56-per-day"),
        pytest.param(77, Decimal("8.8"), False, 7, id="decimal-input"),
        pytest.param(1000, Fraction(80, 3), False, 30, id="fraction-input"),
    ],
)
def test_a_volume_exactly_at_the_limit_fits_despite_float_rounding(quota_mb, daily_mb, keep_history, days):
    rec = recommend(answers(quota_mb=quota_mb, daily_mb=daily_mb, keep_history_on_new_device=keep_history))

    assert rec.delete_after_days == days
    assert "quota_too_small" not in rec.warnings


def test_a_float_that_only_approximates_the_limit_is_judged_by_the_decimal_it_prints_as():
    # 800 / 30 prints as 26.666666666666668, and 30 days of that is just over 800.
    rec = recommend(answers(quota_mb=1000, daily_mb=800 / 30))

    assert rec.delete_after_days == 7


# --- IMAP: does the box fill within a year? --------------------------------


@pytest.mark.parametrize(
    ("quota_mb", "daily_mb", "warnings"),
    [
        pytest.param(3645, 10, ("imap_quota_fills",), id="364.5-days"),
        pytest.param(3649.99, 10, ("imap_quota_fills",), id="just-under-365-days"),
        pytest.param(3650, 10, (), id="exactly-365-days"),
        pytest.param(3660, 10, (), id="366-days"),
        pytest.param(803, 2.2, (), id="exactly-365-days-despite-float-rounding"),
        pytest.param(1, 0, (), id="daily-zero-never-fills"),
        pytest.param(None, 10, ("quota_unknown",), id="quota-unknown"),
        pytest.param(5000, None, ("quota_unknown",), id="daily-unknown"),
    ],
)
def test_imap_warns_when_the_box_fills_within_a_year(quota_mb, daily_mb, warnings):
    rec = recommend(answers(devices=(pc(), phone()), quota_mb=quota_mb, daily_mb=daily_mb))

    assert rec.protocol == "imap"
    assert rec.warnings == warnings
    assert rec.suggest_cloud is ("imap_quota_fills" in warnings)


# --- Other warnings and the cloud suggestion --------------------------------


@pytest.mark.parametrize(
    ("people", "devices", "raised"),
    [
        pytest.param(2, (pc(), phone()), True, id="shared-with-phone"),
        pytest.param(2, (pc(), tablet()), True, id="shared-with-tablet"),
        pytest.param(2, (pc(), pc()), False, id="shared-on-pcs-only"),
        pytest.param(1, (pc(), phone()), False, id="one-person-with-phone"),
    ],
)
def test_a_shared_address_read_on_a_phone_or_tablet_warns_and_suggests_the_cloud(people, devices, raised):
    rec = recommend(answers(people=people, devices=devices))

    assert ("shared_mobile" in rec.warnings) is raised
    assert rec.suggest_cloud is raised


def test_pop_with_a_client_that_cannot_pop_warns_and_suggests_the_cloud(imap_only_client):
    rec = recommend(answers(people=2, devices=(pc(), pc(imap_only_client))))

    assert rec.protocol == "pop"
    assert rec.warnings == ("client_cannot_pop",)
    assert rec.suggest_cloud is True


def test_imap_with_a_client_that_cannot_pop_raises_no_warning(imap_only_client):
    rec = recommend(answers(devices=(pc(), pc(imap_only_client))))

    assert rec.protocol == "imap"
    assert rec.warnings == ()
    assert rec.suggest_cloud is False


@pytest.mark.parametrize(
    "devices",
    [
        pytest.param((pc("outlook_new"), pc()), id="pop-beside-a-deleting-pc"),
        pytest.param((pc("outlook_new"), phone()), id="imap"),
        pytest.param((pc("outlook_new"), pc("outlook_new")), id="listed-once"),
    ],
)
def test_a_client_with_a_caveat_warns_without_suggesting_the_cloud(devices):
    people = 2 if devices[1] == pc() else 1  # two PCs of one person would be IMAP
    rec = recommend(answers(people=people, devices=devices))

    assert rec.warnings == ("client_caveat",)
    assert rec.suggest_cloud is False


def test_quota_unknown_alone_does_not_suggest_the_cloud():
    rec = recommend(answers(quota_mb=None))

    assert rec.warnings == ("quota_unknown",)
    assert rec.suggest_cloud is False


def test_warnings_come_in_the_documented_order(imap_only_client):
    rec = recommend(
        answers(
            people=2,
            devices=(pc("outlook_new"), phone(), pc(imap_only_client)),
            quota_mb=100,
            daily_mb=100,
        )
    )

    assert rec.warnings == (
        "shared_mobile",
        "client_cannot_pop",
        "quota_too_small",
        "client_caveat",
    )
    assert rec.warnings == tuple(code for code in WARNING_CODES if code in rec.warnings)


def test_unknown_quota_comes_before_the_client_caveat():
    rec = recommend(answers(devices=(pc("outlook_new"), phone()), quota_mb=None))

    assert rec.warnings == ("quota_unknown", "client_caveat")


def test_every_recommendation_carries_the_rules_version():
    rec = recommend(answers())

    assert rec.rules_version == RULES_VERSION
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\.\d+", RULES_VERSION)


def test_recommendations_and_answers_are_frozen():
    rec = recommend(answers())

    with pytest.raises(dataclasses.FrozenInstanceError):
        rec.protocol = "imap"
    with pytest.raises(dataclasses.FrozenInstanceError):
        answers().people = 2


def test_devices_given_as_a_list_are_stored_as_a_tuple():
    assert answers(devices=[pc(), phone()]).devices == (pc(), phone())


# --- Invariants over every combination --------------------------------------


def _all_answers(extra_clients=()):
    """Every people count, device combination (up to 3) and quota situation."""
    device_choices = [
        Device(kind=kind, client=key)
        for key in (*CLIENTS, *extra_clients)
        for kind in DEVICE_KINDS
        if kind in CLIENTS[key].kinds
    ]
    # The last: a mailbox reading that found the box 90 % full with old copies on it.
    read = Measured(900, (OldCopies(7, 3, 1), OldCopies(30, 2, 1), OldCopies(90, 1, 1)))
    quotas = [(None, None, None), (100_000, 10, None), (1000, 30, None), (100, 100, None), (1000, 5, None),
              (1000, 1, read)]  # fmt: skip
    for people, size in itertools.product((1, 2, 3), (1, 2, 3)):
        for devices in itertools.combinations_with_replacement(device_choices, size):
            for (quota_mb, daily_mb, measured), keep in itertools.product(quotas, (False, True)):
                yield MailboxAnswers(
                    people=people,
                    devices=devices,
                    quota_mb=quota_mb,
                    daily_mb=daily_mb,
                    keep_history_on_new_device=keep,
                    measured=measured,
                )


def test_every_recommendation_is_consistent_and_every_code_is_reachable(imap_only_client):
    """One walk through the whole answer space (it takes seconds): every
    recommendation holds together, and every code it can emit is explained."""
    emitted = set()
    for given in _all_answers(extra_clients=(imap_only_client,)):
        rec = recommend(given)
        emitted.update(rec.reasons, rec.warnings)
        if rec.suggest_cloud:
            emitted.add("suggest_cloud")

        assert rec.reasons, given
        assert all(REASON_POINTS[code] == rec.protocol for code in rec.reasons), given
        assert rec.reasons == tuple(c for c in REASON_CODES if c in rec.reasons), given
        assert rec.warnings == tuple(c for c in WARNING_CODES if c in rec.warnings), given
        assert rec.suggest_cloud is bool(CLOUD_WARNINGS & set(rec.warnings)), given
        assert len(rec.device_settings) == len(given.devices), given
        ending = [CLIENTS[device.client].ends is not None for device in given.devices]
        assert [s.role == "ending" for s in rec.device_settings] == ending, given
        assert ("client_ending" in rec.warnings) is any(ending), given
        taking_part = [s for s, ended in zip(rec.device_settings, ending, strict=True) if not ended]
        if rec.protocol == "pop":
            assert rec.leave_on_server is True, given
            assert rec.delete_after_days in (7, 30, 90), given
            assert {s.role for s in taking_part} <= {"deletes", "keeps"}, given
            deleting = [s.delete_after_days for s in taking_part if s.role == "deletes"]
            assert ("nobody_deletes" in rec.warnings) is (not deleting and bool(taking_part)), given
            assert ("retention_shortened" in rec.warnings) is bool(
                deleting and min(deleting) < rec.delete_after_days
            )
            # v2.1: the address keeps what its first deleter deletes after; every deleter
            # deletes after the same days unless an exact deleter sets N.
            assert rec.effective_days == (min(deleting) if deleting else None), given
            assert len(set(deleting)) <= 1, given
        else:
            assert (rec.leave_on_server, rec.delete_after_days) == (None, None), given
            assert {s.role for s in taking_part} <= {"imap"}, given
            assert rec.effective_days is None, given

    assert emitted == set(REASON_CODES) | set(WARNING_CODES) | {"suggest_cloud"}
    assert set(CODES) == emitted


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_explanation_is_filled_in(code):
    explanation = CODES[code]

    assert explanation.code == code
    expected_kind = "reason" if code in REASON_CODES else "warning" if code in WARNING_CODES else "cloud"
    assert explanation.kind == expected_kind
    assert explanation.title
    assert 1 <= explanation.text.count("。") <= 3
    assert explanation.article_slug in ALL_ARTICLE_SLUGS


@pytest.mark.parametrize(
    ("code", "slug"),
    [
        ("shared_address", "shared-address-pop"),
        ("client_pop_only", "guide-pop-only"),
        ("mobile_access", "choose-pop-or-imap"),
        ("multiple_devices", "choose-pop-or-imap"),
        ("single_device", "choose-pop-or-imap"),
        ("quota_too_small", "leave-on-server-days"),
        ("quota_unknown", "mailbox-quota"),
        ("imap_quota_fills", "mailbox-quota"),
        ("shared_mobile", "shared-address-pop"),
        ("client_cannot_pop", "guide-pop-only"),
        ("client_caveat", "guide-outlook-new"),
        ("retention_shortened", "leave-on-server-days"),
        ("nobody_deletes", "cloud-mail"),
        ("client_ending", "gmail-2026-change"),
        ("suggest_cloud", "cloud-mail"),
        ("old_copies_removed", "leave-on-server-days"),
        ("box_nearly_full", "mailbox-quota"),
        ("box_fills_before_days", "mailbox-quota"),
    ],
)
def test_each_code_links_to_its_article(code, slug):
    assert CODES[code].article_slug == slug


def test_all_article_slugs_cover_the_codes_and_the_client_guides():
    expected = (
        {e.article_slug for e in CODES.values()}
        | {slug for e in CODES.values() for slug in e.also}
        | {c.guide_slug for c in CLIENTS.values()}
    )

    assert expected == ALL_ARTICLE_SLUGS


def test_explanations_list_reasons_then_warnings_then_the_cloud():
    rec = recommend(answers(people=2, devices=(pc("outlook_new"), phone())))

    assert [e.code for e in rec.explanations] == [
        "shared_address",
        "shared_mobile",
        "retention_shortened",
        "client_caveat",
        "suggest_cloud",
    ]


# --- Bad answers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field"),
    [
        pytest.param(lambda: answers(people=0), "people", id="people-zero"),
        pytest.param(lambda: answers(people=-1), "people", id="people-negative"),
        pytest.param(lambda: answers(people=1.5), "people", id="people-float"),
        pytest.param(lambda: answers(people="2"), "people", id="people-string"),
        pytest.param(lambda: answers(people=True), "people", id="people-bool"),
        pytest.param(lambda: answers(devices=()), "devices", id="no-devices"),
        pytest.param(lambda: answers(devices=[]), "devices", id="empty-list-of-devices"),
        pytest.param(lambda: answers(devices=("pc",)), "devices", id="device-not-a-device"),
        pytest.param(lambda: answers(devices="pc"), "devices", id="devices-a-string"),
        pytest.param(lambda: Device(kind="laptop", client="other"), "kind", id="unknown-kind"),
        pytest.param(lambda: Device(kind="pc", client="mutt"), "client", id="unknown-client"),
        pytest.param(lambda: pc("ios_mail"), "client", id="ios-mail-on-pc"),
        pytest.param(lambda: phone("outlook_classic"), "client", id="outlook-on-phone"),
        pytest.param(lambda: tablet("thunderbird"), "client", id="thunderbird-on-tablet"),
        pytest.param(lambda: answers(quota_mb=0), "quota_mb", id="quota-zero"),
        pytest.param(lambda: answers(quota_mb=-100), "quota_mb", id="quota-negative"),
        pytest.param(lambda: answers(quota_mb=float("nan")), "quota_mb", id="quota-nan"),
        pytest.param(lambda: answers(quota_mb=float("inf")), "quota_mb", id="quota-infinite"),
        pytest.param(lambda: answers(quota_mb="1000"), "quota_mb", id="quota-string"),
        pytest.param(lambda: answers(quota_mb=True), "quota_mb", id="quota-bool"),
        pytest.param(lambda: answers(daily_mb=-0.1), "daily_mb", id="daily-negative"),
        pytest.param(lambda: answers(daily_mb=Decimal("NaN")), "daily_mb", id="daily-nan"),
        pytest.param(lambda: answers(daily_mb="5"), "daily_mb", id="daily-string"),
        pytest.param(
            lambda: answers(keep_history_on_new_device="yes"),
            "keep_history_on_new_device",
            id="keep-history-string",
        ),
        pytest.param(
            lambda: answers(keep_history_on_new_device=1),
            "keep_history_on_new_device",
            id="keep-history-int",
        ),
        pytest.param(
            lambda: answers(keep_history_on_new_device=None),
            "keep_history_on_new_device",
            id="keep-history-none",
        ),
    ],
)
def test_bad_answers_raise_a_value_error_naming_the_field(build, field):
    with pytest.raises(ValueError, match=field):
        build()


def test_answers_default_to_unknown_quota_and_volume_and_no_history():
    given = MailboxAnswers(people=1, devices=(pc(),))

    assert (given.quota_mb, given.daily_mb, given.keep_history_on_new_device) == (
        None,
        None,
        False,
    )


# --- Purity ------------------------------------------------------------------


@pytest.mark.parametrize(
    "module",
    [
        "wizard/recommendations.py",
        "wizard/engine/recommendations.py",
        "wizard/engine/catalogue.py",
        "wizard/engine/explanations.py",
        "wizard/engine/changelog.py",
        "wizard/handoff/servers.py",
        "core/i18n.py",
    ],
)
def test_engine_modules_import_nothing_from_django(module):
    tree = ast.parse((PROJECT_ROOT / module).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")

    assert not {name for name in imported if name.split(".")[0] == "django"}


def test_importing_the_engine_does_not_load_django():
    code = (
        "import sys, wizard.recommendations, wizard.engine.catalogue, wizard.engine.changelog, wizard.handoff.servers; "
        "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )

    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, check=False)

    assert result.returncode == 0
