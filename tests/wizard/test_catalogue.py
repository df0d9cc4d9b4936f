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
            RetentionChoice(days=90, label="最長 90 日間", differs=False),
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


def test_a_client_without_day_choices_says_server_copies_are_never_deleted_automatically():
    choice = retention_choice("gmail_android", 30)

    assert choice.days is None
    assert choice.differs is True
    assert "自動では削除されない" in choice.label


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
            },
        ),
        ("smartphone", {"ios_mail", "gmail_android", "other", "other_pop_only"}),
        ("tablet", {"ios_mail", "gmail_android", "other", "other_pop_only"}),
    ],
)
def test_clients_for_kind_lists_the_clients_usable_on_that_device(kind, keys):
    assert {client.key for client in clients_for_kind(kind)} == keys


def test_clients_for_an_unknown_kind_raise_a_value_error_naming_the_kind():
    with pytest.raises(ValueError, match="kind"):
        clients_for_kind("laptop")


def test_only_the_new_outlook_carries_a_caveat():
    assert {key for key, client in CLIENTS.items() if client.caveat} == {"outlook_new"}
    assert "Microsoft のクラウド経由" in CLIENTS["outlook_new"].caveat


def test_only_the_pop_only_client_lacks_imap():
    assert {key for key, client in CLIENTS.items() if not client.imap} == {"other_pop_only"}


def test_device_kinds_have_japanese_labels():
    assert DEVICE_KINDS == {"pc": "パソコン", "smartphone": "スマートフォン", "tablet": "タブレット"}


# --- No Django --------------------------------------------------------------
