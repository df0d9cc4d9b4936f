import pytest
from django.urls import reverse

from wizard.engine.catalogue import CLIENTS, DEVICE_KINDS, Client
from wizard.models import Device, Hearing, Mailbox, RemoteCheck
from wizard.roles import ensure_director_group
from wizard.services import hearing_complete

HTMX = {"HTTP_HX_REQUEST": "true"}


def step_url(hearing, step):
    return reverse("wizard:step", kwargs={"pk": hearing.pk, "step": step})


def customer_data(hearing, **changes):
    data = {
        "version": hearing.version,
        "c-company": "株式会社テスト",
        "c-contact_name": "山田 花子",
        "c-contact_email": "yamada@example.com",
        "c-contact_phone": "03-1234-5678",
        "c-consulted_on": "2026-11-27",
        "c-director": hearing.director_id,
        "c-notes": "",
        "action": "next",
    }
    data.update(changes)
    return data


def rows_data(prefix, rows, **extra):
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    data.update(extra)
    return data


@pytest.fixture
def imap_only_client(monkeypatch):
    """A catalogue client without POP; the real catalogue has none today."""
    client = Client(
        key="imap_only_app",
        label="IMAPのみ対応のメールソフト",
        kinds=frozenset(DEVICE_KINDS),
        imap=True,
        pop=False,
        guide_slug="guide-other",
    )
    monkeypatch.setitem(CLIENTS, client.key, client)
    return client.key


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


DOMAIN_FIELDS = {"preset", "incoming_host", "imap_host", "outgoing_host", "smtp_port"}


def server_data(mailbox, **changes):
    """The server step for a hearing whose addresses share one domain (block 0)."""
    data = {
        "dom0-incoming_host": "mail.example.co.jp",
        "dom0-outgoing_host": "smtp.example.co.jp",
        "dom0-smtp_port": "465",
        f"srv{mailbox.pk}-quota_mb": "",
        f"srv{mailbox.pk}-daily_mb": "",
        "version": mailbox.hearing.version,
        "action": "next",
    }
    data.update(
        {(f"dom0-{k}" if k in DOMAIN_FIELDS else f"srv{mailbox.pk}-{k}"): v for k, v in changes.items()}
    )
    return data


def completed(make_hearing, director, **kwargs):
    hearing = make_hearing(**kwargs)
    return hearing_complete(hearing=hearing, version=hearing.version, user=director)


def issued_advice(hearing, mailbox):
    """The advice issued to the customer for one address (the newest sheet)."""
    return hearing.latest_issue().read().address(mailbox.pk).advice


@pytest.fixture
def seiki(db, director, starter_articles_loaded):
    """The 6-device / 3-address hearing (tests/wizard/seiki.py) with the starter
    articles and a customer link: (hearing, token)."""
    from wizard.services import customer_link_create

    from .seiki import six_device_hearing

    hearing = six_device_hearing(director)
    _link, token = customer_link_create(hearing=hearing, user=director)
    return hearing, token


def poll_check(client, hearing, seconds=30):
    """Poll the hearing's latest remote check as the page does (htmx), until it
    has finished: the fragment it then shows."""
    from tests.hearing_shapes import poll_until_done

    check = RemoteCheck.objects.filter(hearing=hearing).latest("created_at")
    content = poll_until_done(client, hearing, check, seconds)
    if content is None:
        raise AssertionError(f"the check is still running after {seconds} s")
    return content
