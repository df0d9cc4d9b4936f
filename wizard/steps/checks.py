"""The server step's two optional checks, started on the check runner
(``wizard/remote/runner.py``) so that no request waits on a mail server; the
page polls their progress (``views/checks.py``):

- 「接続を確認する」: the TLS check of the servers as typed, on the ports the
  sheet will give, counted against the director's rate limit; the results are
  kept on the hearing when it ends (the sheet shows them);
- 「読み取る」 beside an address: log in over IMAP, POP and SMTP AUTH with the
  servers as typed and a password typed once, and read the box's numbers
  (quota, usage, mail per day, old copies); they are kept on the address when
  the read ends, and the advice uses them wherever no value was typed.

A password goes no further than the check it was typed for: it is taken out
of the POST before anything else sees it (a kept draft, re-shown forms), never
rendered back, and lives in the check's closure until it ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from core.parsing import whole_number

from .. import services
from ..engine.recommendations import POP
from ..models import Mailbox, RemoteCheck
from ..remote import runner
from .base import Outcome

PASSWORD, PASSWORD_FOR = "mailbox_password", "mailbox_password_for"  # the step's fields (mailbox_read.html)
RECENT = dt.timedelta(hours=1)  # a check older than this is no longer shown on the step


@sensitive_variables("passwords")
def take_passwords(data) -> tuple[object, dict[int, str]]:
    """The POST without the passwords, and the passwords typed, by address id
    (the fields come in pairs, in the page's order)."""
    passwords = {
        number: password
        for key, password in zip(data.getlist(PASSWORD_FOR), data.getlist(PASSWORD), strict=False)
        if (number := whole_number(key)) is not None and password
    }
    rest = data.copy()
    for name in (PASSWORD, PASSWORD_FOR):
        rest.pop(name, None)
    return rest, passwords


def _typed(bundle, mailbox: Mailbox) -> Mailbox:
    """The address with its servers as typed (a valid bundle), not saved."""
    row = {key: value for key, value in bundle.rows()[mailbox.pk].items() if key != "host_preset"}
    return Mailbox(address=mailbox.address, **row)


@sensitive_variables("passwords", "password")
def start(step, flow, data, passwords: dict[int, str], *, user) -> Outcome | None:
    """Start the check ``data``'s action asks for (None: it asks for none)."""
    action = data.get("action", "")
    verb, _sep, rest = action.partition(":")
    if verb not in ("check", "read"):
        return None
    hearing, version = flow.hearing, data.get("version")
    bundle = step.bind(flow, data)
    if not bundle.is_valid():
        return Outcome(hearing, bundle=bundle, version=version)
    try:
        if verb == "check":
            message = _start_server_check(bundle, hearing=hearing, user=user)
        else:
            mailbox = next((m for m in flow.mailboxes if m.pk == whole_number(rest)), None)
            password = passwords.get(mailbox.pk) if mailbox else None
            message = _start_read(bundle, mailbox, password, user=user) if mailbox else None
    except runner.Busy as busy:
        message = (messages.WARNING, busy.describe())
    return Outcome(hearing, bundle=bundle.quiet(), version=version, message=message)


def _start_server_check(bundle, *, hearing, user):
    def keep(results: list) -> None:
        services.hearing_record_server_check(hearing=hearing, results=results)

    runner.start_server_check(director=user, endpoints=bundle.endpoints(), hearing=hearing, on_result=keep)
    return (messages.INFO, _("接続の確認を始めました。結果はこの下に表示されます。"))


@sensitive_variables("password")
def _start_read(bundle, mailbox: Mailbox, password: str | None, *, user):
    if not password:
        return (
            messages.WARNING,
            _("%(address)sのパスワードを入力してください。") % {"address": mailbox.address},
        )
    typed = _typed(bundle, mailbox)
    devices = list(mailbox.devices.all())
    protocol = mailbox.todays_advice(devices).protocol if devices else POP
    endpoints = [  # as a person types them: a Japanese-script name in its ASCII form
        replace(endpoint, host=endpoint.typed_host, username=endpoint.typed_username)
        for endpoint in (
            typed.server_settings("imap").incoming,
            typed.server_settings("pop").incoming,
            typed.server_settings(protocol).outgoing,
        )
    ]

    def keep(reading) -> None:
        services.mailbox_record_reading(mailbox_id=mailbox.pk, reading=reading)

    runner.start_mailbox_read(
        director=user, endpoints=endpoints, password=password, hearing=mailbox.hearing, mailbox=mailbox,
        on_reading=keep,
    )  # fmt: skip
    return (messages.INFO, _("%(address)sの読み取りを始めました。") % {"address": mailbox.address})


def context(hearing) -> dict:
    """The latest check of each kind shown on the step: the TLS check of the
    hearing and each address's read, from the last hour."""
    recent = RemoteCheck.objects.filter(hearing=hearing, created_at__gte=timezone.now() - RECENT)
    server_check, mailbox_checks = None, {}
    for check in recent.order_by("created_at"):
        if check.kind == RemoteCheck.Kind.SERVERS:
            server_check = check
        elif check.mailbox_id is not None:
            mailbox_checks[check.mailbox_id] = check
    return {"server_check_row": server_check, "mailbox_checks": mailbox_checks}
