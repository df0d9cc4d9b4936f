import pytest

from wizard.models import Device, Hearing, Mailbox
from wizard.roles import ensure_director_group

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def director(db, django_user_model):
    user = django_user_model.objects.create_user(username="tanaka", password="x" * 16, is_staff=True)
    user.groups.add(ensure_director_group())
    return user


@pytest.fixture
def director_client(client, director):
    client.force_login(director)
    return client


@pytest.fixture
def make_hearing(director):
    def make(*, mailboxes=1, devices=(("pc", "thunderbird"),), hosts=True, **overrides):
        values = {
            "company": "株式会社テスト",
            "contact_name": "山田",
            "director": director,
            "consulted_on": "2026-11-27",
        }
        values.update(overrides)
        hearing = Hearing.objects.create(**values)
        for index in range(mailboxes):
            mailbox = Mailbox.objects.create(
                hearing=hearing,
                address=f"user{index}@example.com",
                people=1,
                position=index,
                incoming_host="mail.example.com" if hosts else "",
                outgoing_host="mail.example.com" if hosts else "",
            )
            for position, (kind, client) in enumerate(devices):
                Device.objects.create(mailbox=mailbox, kind=kind, client=client, position=position)
        return hearing

    return make


@pytest.fixture
def complete(make_hearing, director):
    """make_hearing(...), then completed as the director would."""
    from wizard.services import hearing_complete

    def make(**kwargs):
        hearing = make_hearing(**kwargs)
        return hearing_complete(hearing=hearing, version=hearing.version, user=director)

    return make


@pytest.fixture
def link_token(director):
    """A customer link's token for a completed hearing (as given to the customer)."""
    from wizard.services import customer_link_create

    def make(hearing, **kwargs):
        _link, token = customer_link_create(hearing=hearing, user=director, **kwargs)
        return token

    return make
