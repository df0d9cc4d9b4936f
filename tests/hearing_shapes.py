"""Hearings of the shapes a hand-over must survive, on the test mail server's
names (tests/mailserver.py), made as a director makes them: through the
wizard's steps over HTTP (a Django test client logged in as a director),
completed, and a customer link made on the staff sheet. Then everything the
customer is handed, read back (tests/handover.py).

Shapes: a plain ASCII domain; a Japanese-script domain typed in Japanese
script; an account-name login (KAGOYA style); POP and IMAP on one domain;
one address with servers and an SMTP port of its own beside the domain's
(with an account-name login on the same domain).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from tests.handover import (
    Handed,
    autoconfig_values,
    guide_values,
    page,
    profile_values,
    sheet_values,
    srv_values,
    typed_address_on,
)
from tests.mailserver import HOST, IDN_DOMAIN, OWN_HOST, MailServer, user


@dataclass(frozen=True)
class Box:
    """One address of a hearing: who reads it, on what, and how it logs in."""

    address: str
    login: str  # the test server's user
    people: int
    devices: tuple[tuple[str, str, str], ...]  # (kind, client, label)
    username: str = ""  # typed in the wizard: an account name
    own: dict = field(default_factory=dict)  # servers of its own: incoming_host, outgoing_host, smtp_port


@dataclass(frozen=True)
class Shape:
    name: str
    company: str
    incoming_host: str
    outgoing_host: str
    boxes: tuple[Box, ...]
    smtp_port: str = "465"


INFO = Box(
    "info@example-test.jp",
    "info@example-test.jp",
    3,
    (("pc", "outlook_classic", "受付PC"), ("pc", "thunderbird", "事務所のPC"), ("smartphone", "ios_mail", "営業のiPhone")),
)  # fmt: skip
SHACHO = Box(
    "shacho@example-test.jp", "shacho@example-test.jp", 1,
    (("pc", "apple_mail", "社長のMac"), ("smartphone", "ios_mail", "社長のiPhone")),
)  # fmt: skip
SALES = Box(
    "sales@example-test.jp",
    "kir123456.sales",
    1,
    (("pc", "thunderbird", "営業のPC"),),
    username="kir123456.sales",
)
SUPPORT = Box(
    "support@example-test.jp", "support@example-test.jp", 1,
    (("pc", "thunderbird", "サポートのPC"), ("smartphone", "thunderbird_android", "サポートのスマホ")),
    own={"incoming_host": OWN_HOST, "outgoing_host": OWN_HOST, "smtp_port": "587"},
)  # fmt: skip
NAGOYA = Box(
    f"info@{IDN_DOMAIN}", "info@xn--7orpdr10a57o3uv.jp", 2,
    (("pc", "apple_mail", "事務所のMac"), ("pc", "becky", "受付PC")),
)  # fmt: skip

SHAPES = (
    Shape("plain ASCII domain", "株式会社テスト商事", HOST, HOST, (INFO,)),
    Shape(
        "Japanese-script domain", "株式会社名古屋精機", f"mail.{IDN_DOMAIN}", f"mail.{IDN_DOMAIN}", (NAGOYA,)
    ),
    Shape("account-name login", "株式会社カゴヤ風", HOST, HOST, (SALES,), smtp_port="587"),
    Shape("POP and IMAP on one domain", "株式会社サンプル", HOST, HOST, (INFO, SHACHO)),
    Shape("own servers and SMTP port", "株式会社ミックス", HOST, HOST, (INFO, SUPPORT, SALES)),
)


def _rows(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def _post(client, url: str, data: dict):
    response = client.post(url, data)
    if response.status_code != 302:
        raise AssertionError(f"{url}: {response.status_code}, not saved")
    return response


def _step(hearing, slug: str) -> str:
    return reverse("wizard:step", kwargs={"pk": hearing.pk, "step": slug})


def _server_data(hearing, shape: Shape, mailboxes: dict) -> dict:
    """The server step as the director fills it in for ``shape``."""
    data = {
        "dom0-incoming_host": shape.incoming_host, "dom0-outgoing_host": shape.outgoing_host,
        "dom0-smtp_port": shape.smtp_port, "dom0-imap_host": "", "dom0-preset": "",
        "version": hearing.version, "action": "next",
    }  # fmt: skip
    for box in shape.boxes:
        prefix = f"srv{mailboxes[box.address.lower()].pk}"
        data.update({f"{prefix}-quota_mb": "", f"{prefix}-daily_mb": "", f"{prefix}-username": box.username})
        if box.own:
            data[f"{prefix}-own_server"] = "on"
            data.update({f"{prefix}-{key}": value for key, value in box.own.items()})
    return data


def build(client, director, shape: Shape, *, at_server_step=None):
    """The hearing of ``shape`` made through the steps; returns (hearing, customer
    link token). ``at_server_step(hearing)`` runs once the servers are saved,
    before the hearing is completed (where a director reads the mailboxes)."""
    from wizard.models import Hearing

    customer = {
        "c-company": shape.company, "c-contact_name": "山田 花子", "c-contact_email": "yamada@example.com",
        "c-contact_phone": "03-1234-5678", "c-consulted_on": timezone.localdate().isoformat(),
        "c-director": director.pk, "c-notes": "", "action": "next",
    }  # fmt: skip
    _post(client, reverse("wizard:hearing_new"), customer)
    hearing = Hearing.objects.filter(company=shape.company).order_by("-created_at").first()
    rows = [
        {"id": "", "address": box.address, "people": box.people, "display_name": ""} for box in shape.boxes
    ]
    _post(
        client,
        _step(hearing, "addresses"),
        {**_rows("mb", rows), "version": hearing.version, "action": "next"},
    )
    hearing.refresh_from_db()
    mailboxes = {m.address: m for m in hearing.mailboxes.all()}
    devices = {"version": hearing.version, "action": "next"}
    for box in shape.boxes:
        mailbox = mailboxes[box.address.lower()]
        devices.update(
            _rows(f"dev{mailbox.pk}", [{"id": "", "kind": k, "client": c, "label": label, "quantity": 1}
                                       for k, c, label in box.devices])
        )  # fmt: skip
    _post(client, _step(hearing, "devices"), devices)
    hearing.refresh_from_db()
    _post(client, _step(hearing, "server"), _server_data(hearing, shape, mailboxes))
    hearing.refresh_from_db()
    if at_server_step is not None:
        at_server_step(hearing)
    _post(client, _step(hearing, "review"), {"version": hearing.version, "action": "complete"})
    response = client.post(reverse("wizard:customer_link_create", kwargs={"pk": hearing.pk}), {"days": 30})
    token = re.search(r"/sheet/([A-Za-z0-9_-]{20,})/", response.content.decode())[1]
    hearing.refresh_from_db()
    return hearing, token


def read_mailbox(client, hearing, shape: Shape, box: Box, password: str, *, seconds: float = 60):
    """「読み取る」 on the server step with ``password``, then the check polled
    as the page polls it until it ends; returns the last poll's HTML."""
    from wizard.models import RemoteCheck

    mailboxes = {m.address: m for m in hearing.mailboxes.all()}
    mailbox = mailboxes[box.address.lower()]
    data = {**_server_data(hearing, shape, mailboxes), "mailbox_password_for": mailbox.pk,
            "mailbox_password": password, "action": f"read:{mailbox.pk}"}  # fmt: skip
    started = timezone.now()
    client.post(_step(hearing, "server"), data, HTTP_HX_REQUEST="true")
    check = (
        RemoteCheck.objects.filter(mailbox=mailbox, created_at__gte=started).order_by("-created_at").first()
    )
    if check is None:
        raise AssertionError(f"{box.address}: no read was started")
    html = poll_until_done(client, hearing, check, seconds)
    if html is None:
        raise AssertionError(f"{box.address}: the read did not end within {seconds} s")
    return html


def poll_until_done(client, hearing, check, seconds: float) -> str | None:
    """Poll a remote check as the page does (htmx) until it has ended: the
    fragment it then shows; None when it is still running after ``seconds``."""
    url = reverse("wizard:remote_check", kwargs={"pk": hearing.pk, "check_id": check.pk})
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
        if 'hx-trigger="every 1s"' not in html:
            return html
        time.sleep(0.02)
    return None


def expected_facts(box: Box) -> dict:
    """What a read of ``box`` must keep on its address (the test server's seeds)."""
    mail_user = user(box.login)
    facts = {"measured_count": len(mail_user.inbox), "measured_quota_mb": Decimal(mail_user.quota_mb)}
    for days in (7, 30, 90):
        facts[f"measured_old_{days}_count"] = sum(1 for seed in mail_user.inbox if seed.age > days)
    return facts


@dataclass
class Handover:
    """What one hearing hands over, and what the staff sheet says of each path."""

    handed: list[Handed]
    fits: dict[tuple[str, str], str]  # (address, "autoconfig"/"srv") → fits/choose/by_hand
    logins: dict[str, str]  # address → the test server's user


def read_handover(client, server: MailServer, hearing, token: str, shape: Shape) -> Handover:
    """Every value handed over for the addresses of ``hearing``, as read from the
    customer's pages and files; the staff sheet's word on each shared path."""
    staff = page(client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode())
    client_as_customer = client.__class__()
    sheet_html = client_as_customer.get(reverse("customer:sheet", args=[token])).content.decode()
    record = hearing.latest_issue().read()
    dns_text = client_as_customer.get(reverse("customer:dns", args=[token])).content.decode()
    handed: list[Handed] = []
    fits: dict[tuple[str, str], str] = {}
    boxes = {box.address.lower(): box for box in shape.boxes}
    for address in record.addresses:
        block = next(
            a
            for a in staff.all("article", "sheet-mailbox")
            if a.first("h3").text().strip().startswith(address.address)
        )
        for path in ("autoconfig", "srv"):  # a sheet that says nothing offers every path to everyone
            said = block.first("li", data_path=path)
            fits[(address.address, path)] = said.attrs["data-fit"] if said else "fits"
        sheet = sheet_values(sheet_html, address.address)
        handed += sheet
        typed_address = typed_address_on(sheet_html, address.address)
        for device in address.devices:
            url = reverse("customer:guide", kwargs={"token": token, "device_id": device.id})
            handed += guide_values(client_as_customer.get(url).content.decode(), address.address, device.name)
        url = reverse("customer:profile", kwargs={"token": token, "mailbox_id": address.id})
        handed += profile_values(client_as_customer.get(url).content, address.address)
        if fits[(address.address, "autoconfig")] != "by_hand":
            url = reverse("customer:autoconfig", kwargs={"token": token, "domain": address.domain})
            content = client_as_customer.get(url).content
            handed += autoconfig_values(content, address.address, typed_address, address.advice.protocol)
        if fits[(address.address, "srv")] != "by_hand":
            handed += srv_values(dns_text, server, address.ascii_domain, address.address, typed_address)
    logins = {address.address: boxes[address.address.lower()].login for address in record.addresses}
    return Handover(handed, fits, logins)


def shared_pop_hearing(director):
    """info@ of the test mail server, read by two people on two PCs that delete
    after 30 days (POP), its hosts typed: (hearing, mailbox)."""
    from tests.mailserver import HOST, user
    from wizard.models import Device, Hearing, Mailbox

    hearing = Hearing.objects.create(
        company="株式会社テスト商事",
        contact_name="山田",
        director=director,
        consulted_on=timezone.localdate(),
    )
    mailbox = Mailbox.objects.create(
        hearing=hearing,
        address=user("info@example-test.jp").address,
        people=2,
        incoming_host=HOST,
        outgoing_host=HOST,
    )
    Device.objects.create(mailbox=mailbox, position=0, kind="pc", client="outlook_classic", label="受付PC")
    Device.objects.create(mailbox=mailbox, position=1, kind="pc", client="thunderbird", label="事務所のPC")
    return hearing, mailbox
