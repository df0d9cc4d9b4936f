"""The client catalogue: which clients fit which devices, and what each one
offers for keeping POP copies on the server. No Django, no database."""

import pytest

from wizard.catalogue import CLIENTS, DEVICE_KINDS, RetentionChoice, clients_for_kind, retention_choice


@pytest.mark.parametrize(
    ("client_key", "days", "expected"),
    [
        pytest.param(
            "outlook_classic",
            30,
            RetentionChoice(days=30, label="サーバーから削除する 30 日後", differs=False),
            id="any-days-outlook",
        ),
        pytest.param(
            "thunderbird",
            90,
            RetentionChoice(
                days=90, label="ダウンロードしてから 90 日以上経過したメッセージは削除する", differs=False
            ),
            id="any-days-thunderbird",
        ),
        pytest.param(
            "apple_mail",
            7,
            RetentionChoice(days=7, label="1週間後", differs=False),
            id="fixed-exact-week",
        ),
        pytest.param(
            "apple_mail",
            30,
            RetentionChoice(days=30, label="1か月後", differs=False),
            id="fixed-exact-month",
        ),
        pytest.param(
            "apple_mail",
            90,
            RetentionChoice(days=30, label="1か月後", differs=True),
            id="fixed-longest-below",
        ),
        pytest.param(
            "ios_mail",
            7,
            RetentionChoice(days=7, label="7日後", differs=False),
            id="ios-exact",
        ),
        pytest.param(
            "ios_mail",
            30,
            RetentionChoice(days=7, label="7日後", differs=True),
            id="ios-below",
        ),
        pytest.param(
            "ios_mail",
            3,
            RetentionChoice(days=7, label="7日後", differs=True),
            id="none-shorter-gives-the-shortest",
        ),
    ],
)
def test_retention_choice_picks_what_the_client_offers(client_key, days, expected):
    assert retention_choice(client_key, days) == expected


@pytest.mark.parametrize("client_key", ["gmail_android", "thunderbird_android", "outlook_new"])
def test_a_client_without_day_choices_keeps_and_never_sends_anyone_to_webmail(client_key):
    choice = retention_choice(client_key, 30)

    assert choice.days is None
    assert choice.differs is True
    assert "削除しません" in choice.label
    assert "Web" not in choice.label and "ウェブ" not in choice.label


@pytest.mark.parametrize("client_key", sorted(k for k, c in CLIENTS.items() if c.pop))
@pytest.mark.parametrize("days", [7, 30, 90])
def test_every_pop_client_has_a_retention_choice_for_every_recommended_period(client_key, days):
    choice = retention_choice(client_key, days)
    client = CLIENTS[client_key]

    assert choice.label
    assert choice.differs is (choice.days != days)
    if client.retention_any_days:
        assert choice.days == days
    elif client.retention_choices:
        assert choice.days in client.retention_choices


@pytest.mark.parametrize(
    ("client_key", "days", "field"),
    [
        pytest.param("mutt", 30, "client_key", id="unknown-client"),
        pytest.param("outlook_classic", 0, "days", id="zero-days"),
        pytest.param("outlook_classic", "30", "days", id="days-string"),
        pytest.param("outlook_classic", True, "days", id="days-bool"),
    ],
)
def test_retention_choice_rejects_bad_input_naming_the_field(client_key, days, field):
    with pytest.raises(ValueError, match=field):
        retention_choice(client_key, days)


def test_retention_choice_rejects_a_client_without_pop(imap_only_client):
    with pytest.raises(ValueError, match="client_key"):
        retention_choice(imap_only_client, 30)


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


def test_the_new_outlook_always_carries_a_caveat_and_the_gmail_app_one_for_pop():
    assert {key for key, client in CLIENTS.items() if client.caveat} == {"outlook_new"}
    assert "Microsoft のクラウドを経由" in CLIENTS["outlook_new"].caveat
    assert {key for key, client in CLIENTS.items() if client.pop_caveat} == {"gmail_android"}
    assert "Thunderbird (Android)" in CLIENTS["gmail_android"].pop_caveat


def test_only_pop_only_ways_of_reading_lack_imap():
    assert {key for key, client in CLIENTS.items() if not client.imap} == {
        "other_pop_only",
        "gmail_web_fetch",
    }


def test_ending_ways_of_reading_mail_carry_their_date_and_replacement():
    ending = {key: client.ends for key, client in CLIENTS.items() if client.ends}
    assert set(ending) == {"windows_mail", "gmail_web_fetch"}
    assert ending["windows_mail"].on == "2024-12-31" and "Outlook" in ending["windows_mail"].replacement
    assert ending["gmail_web_fetch"].on.startswith("2026") and "IMAP" in ending["gmail_web_fetch"].replacement


@pytest.mark.parametrize("key", sorted(CLIENTS))
def test_every_client_says_which_version_its_words_are_from_and_when_they_were_checked(key):
    labels = CLIENTS[key].labels
    assert labels.status in {"verified", "unverified", "generic"}
    assert labels.checked_on == "2026-11-27"
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
    from wizard.catalogue import client_for

    assert client_for("windows_live_mail").label == "不明なメールソフト"
    assert client_for("thunderbird") is CLIENTS["thunderbird"]


def test_device_kinds_have_japanese_labels():
    assert DEVICE_KINDS == {"pc": "パソコン", "smartphone": "スマートフォン", "tablet": "タブレット"}


# --- No Django --------------------------------------------------------------
