"""The client catalogue: which clients fit which devices, and what each one
offers for keeping POP copies on the server. No Django, no database."""

import pytest

from wizard.engine.catalogue import CLIENTS, DAYS_PLACEHOLDER, DEVICE_KINDS, clients_for_kind


@pytest.mark.parametrize(
    ("client_key", "days", "expected"),
    [
        pytest.param("apple_mail", 7, 7, id="mac-exact-week"),
        pytest.param("apple_mail", 30, 30, id="mac-exact-month"),
        pytest.param("apple_mail", 90, 30, id="mac-longest-below"),
        pytest.param("apple_mail", 20, 7, id="mac-between"),
        pytest.param("ios_mail", 7, 7, id="iphone-exact"),
        pytest.param("ios_mail", 30, 7, id="iphone-below"),
        pytest.param("ios_mail", 3, 7, id="none-shorter-gives-the-shortest"),
        pytest.param("outlook_classic", 30, None, id="any-days-has-no-fixed-choice"),
        pytest.param("gmail_android", 30, None, id="no-day-setting"),
    ],
)
def test_a_fixed_choice_is_the_longest_not_over_the_days_or_the_shortest(client_key, days, expected):
    assert CLIENTS[client_key].choice_for(days) == expected


@pytest.mark.parametrize(
    ("client_key", "any_days", "choices"),
    [
        ("outlook_classic", True, ()),
        ("thunderbird", True, ()),
        ("becky", True, ()),
        ("apple_mail", False, (1, 7, 30)),
        ("ios_mail", False, (7,)),
        ("gmail_android", False, ()),
        ("thunderbird_android", False, ()),
        ("outlook_new", False, ()),
    ],
)
def test_each_client_records_how_it_deletes_server_copies(client_key, any_days, choices):
    client = CLIENTS[client_key]
    assert (client.retention_any_days, client.retention_choices) == (any_days, choices)


def test_typed_day_labels_hold_the_place_for_the_number():
    for client in CLIENTS.values():
        if client.retention_any_days:
            assert DAYS_PLACEHOLDER in client.delete_after.label and client.delete_after.kind == "checkbox"


@pytest.mark.parametrize(
    ("kind", "keys"),
    [
        (
            "pc",
            {
                "outlook_classic",
                "outlook_new",
                "thunderbird",
                "apple_mail",
                "becky",
                "other",
                "other_pop_only",
                "windows_mail",
                "gmail_web_fetch",
            },
        ),
        (
            "smartphone",
            {
                "ios_mail",
                "gmail_android",
                "thunderbird_android",
                "android_mail",
                "outlook_mobile",
                "gmail_ios",
                "other",
                "other_pop_only",
                "gmail_web_fetch",
            },
        ),
        (
            "tablet",
            {
                "ios_mail",
                "gmail_android",
                "thunderbird_android",
                "android_mail",
                "outlook_mobile",
                "gmail_ios",
                "other",
                "other_pop_only",
                "gmail_web_fetch",
            },
        ),
    ],
)
def test_clients_for_kind_lists_the_clients_usable_on_that_device(kind, keys):
    assert {client.key for client in clients_for_kind(kind)} == keys


def test_clients_for_an_unknown_kind_raise_a_value_error_naming_the_kind():
    with pytest.raises(ValueError, match="kind"):
        clients_for_kind("laptop")


def test_the_microsoft_apps_always_carry_a_caveat_and_the_phone_apps_one_for_pop():
    assert {key for key, client in CLIENTS.items() if client.caveat} == {"outlook_new", "outlook_mobile"}
    assert "Microsoftのクラウドを経由" in CLIENTS["outlook_new"].caveat
    assert {key for key, client in CLIENTS.items() if client.pop_caveat} == {
        "gmail_android",
        "outlook_mobile",
    }
    assert "Thunderbird（Android）" in CLIENTS["gmail_android"].pop_caveat


def test_only_pop_only_ways_of_reading_lack_imap():
    assert {key for key, client in CLIENTS.items() if not client.imap} == {
        "other_pop_only",
        "gmail_web_fetch",
    }


def test_the_gmail_app_on_iphone_reads_other_accounts_by_imap_only():
    assert (CLIENTS["gmail_ios"].imap, CLIENTS["gmail_ios"].pop) == (True, False)


def test_ending_ways_of_reading_mail_carry_their_date_and_replacement():
    ending = {key: client.ends for key, client in CLIENTS.items() if client.ends}
    assert set(ending) == {"windows_mail", "gmail_web_fetch"}
    assert ending["windows_mail"].on == "2024-12-31" and "Outlook" in ending["windows_mail"].replacement
    assert ending["gmail_web_fetch"].on == "2026-01" and "IMAP" in ending["gmail_web_fetch"].replacement


@pytest.mark.parametrize("key", sorted(CLIENTS))
def test_every_client_says_which_version_its_words_are_from_and_when_they_were_checked(key):
    labels = CLIENTS[key].labels
    assert labels.status in {"verified", "unverified", "generic"}
    assert labels.checked_on in {"2026-11-27", "2026-12-06"}  # the two reading rounds (docs/vendor-facts.md)
    if labels.status != "generic":
        assert labels.version
    if labels.status == "verified":
        assert labels.source.startswith("https://")


@pytest.mark.parametrize("key", sorted(k for k, c in CLIENTS.items() if c.pop and c.key != "gmail_web_fetch"))
def test_every_pop_client_names_how_it_would_delete_on_a_local_delete_or_has_no_such_option(key):
    client = CLIENTS[key]
    if client.delete_on_local_delete is not None:
        assert client.delete_on_local_delete.kind in {"checkbox", "choice"}


def test_an_unknown_key_from_an_old_hearing_reads_as_an_unknown_client():
    from wizard.engine.catalogue import client_for

    assert client_for("windows_live_mail").label == "不明なメールソフト"
    assert client_for("thunderbird") is CLIENTS["thunderbird"]


def test_device_kinds_have_japanese_labels():
    assert DEVICE_KINDS == {"pc": "PC", "smartphone": "スマートフォン", "tablet": "タブレット"}


# --- No Django --------------------------------------------------------------
