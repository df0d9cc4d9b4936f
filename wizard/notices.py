"""Mail to staff about a customer's report (「うまくいかない」, and
「設定できました」 for those who want it).

The report is saved first, with an outbox row (``ReportNotice``) in the same
transaction (``services.device_report_save``). The mail is written from the
report when it is sent, so a customer who taps again before it goes out
sends one mail with their newest words. Sending is tried at once after the
commit (``send_after_commit``) and by the worker (``manage.py send_notices
--loop``, started by ``make run``, ``make serve`` and the cluster check); a
failed send stays in the outbox with its error, shown to staff on the
settings sheet and the hearing list, and is tried again with a growing
pause. The mail names the staff sheet, never the customer link's token.

Recipients: the hearing's director (if their notice setting wants this
kind of report and their account has an address) and the agency's own
address (``core.AgencyContact.email``, set in the admin) for 「うまくいかない」.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import AgencyContact

from .models import DeviceReport, NoticeSetting, ReportNotice

log = logging.getLogger("mailnavi.notices")

CLAIM = timedelta(minutes=2)  # longer than one SMTP conversation may take (EMAIL_TIMEOUT)
BATCH = 50


def retry_after(attempts: int) -> timedelta:
    """The pause after the ``attempts``-th failure: doubling from the first
    (``MAILNAVI_NOTICE_RETRY_SECONDS``, 15 s) up to 15 minutes."""
    first = getattr(settings, "MAILNAVI_NOTICE_RETRY_SECONDS", 15)
    return timedelta(seconds=min(first * 2 ** max(attempts - 1, 0), 15 * 60))


def recipients(report: DeviceReport) -> list[str]:
    """Who is told of this report now, each address once."""
    found: list[str] = []
    director = report.hearing.director
    if director and director.is_active and director.email and NoticeSetting.wants(director, report.state):
        found.append(director.email)
    agency = AgencyContact.current()
    if report.state == DeviceReport.State.TROUBLE and agency and agency.email:
        found.append(agency.email)
    return list(dict.fromkeys(address.strip() for address in found if address.strip()))


def queue(report: DeviceReport) -> ReportNotice | None:
    """An outbox row for a saved report (in the caller's transaction), unless
    nobody is to be told; a row still waiting for this report is reused."""
    if not recipients(report):
        return None
    now = timezone.now()
    waiting = report.notices.filter(sent_at__isnull=True).first()
    if waiting:
        ReportNotice.objects.filter(pk=waiting.pk).update(next_attempt_at=now)
        return waiting
    return ReportNotice.objects.create(report=report, next_attempt_at=now)


def _message(report: DeviceReport, to: list[str]) -> EmailMessage:
    hearing = report.hearing
    issue = hearing.latest_issue()
    found = issue.read().device(report.device_id) if issue else None
    address, device = found if found else (None, None)
    company = (issue.read().company if issue else "") or str(hearing)
    trouble = report.state == DeviceReport.State.TROUBLE
    where = _("手順%(step)d") % {"step": report.step} if trouble and report.step else ""
    subject = _("【%(state)s】%(company)s：%(device)s%(where)s") % {
        "state": report.get_state_display(),
        "company": company,
        "device": report.device_label,
        "where": f" {where}" if where else "",
    }
    lines = [
        _("お客さまから、設定の報告がありました。"),
        "",
        _("会社：%(company)s") % {"company": company},
        _("端末：%(device)s") % {"device": report.device_label}
        + (f"（{device.client_label}）" if device else ""),
    ]
    if address:
        lines.append(_("メールアドレス：%(address)s") % {"address": address.address})
    lines.append(_("報告：%(state)s") % {"state": report.get_state_display()})
    if trouble:
        step = (f"{where}「{report.step_text}」" if report.step_text else where) or _("（手順の指定なし）")
        lines.append(_("手順：%(step)s") % {"step": step})
    if report.text:
        lines += ["", _("お客さまのメモ："), *("  " + line for line in report.text.splitlines())]
    sheet = settings.SITE_URL + reverse("wizard:sheet", kwargs={"pk": hearing.pk})
    lines += [
        "",
        _("設定シート（社内用。ログインが必要です）："),
        sheet,
        "",
        _("このメールは%(site)sが自動で送っています。通知の設定：%(url)s")
        % {"site": settings.SITE_NAME, "url": settings.SITE_URL + reverse("wizard:notice_settings")},
    ]
    subject = " ".join(subject.split())  # a name typed with a line break never breaks the header
    return EmailMessage(subject=subject, body="\n".join(lines) + "\n", to=to)


def _claim(notice_id: int, now) -> bool:
    """Take the row for this sender alone (False: sent, or another sender has it)."""
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return bool(
        ReportNotice.objects.filter(free, pk=notice_id, sent_at__isnull=True).update(
            claimed_until=now + CLAIM
        )
    )


def send_pending(*, ids: list[int] | None = None, now=None) -> tuple[int, int]:
    """Send the due notices (or only ``ids``); (sent, failed). A failure is
    kept on the row with its error and the time of the next try."""
    now = now or timezone.now()
    due = ReportNotice.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now).order_by("pk")
    if ids is not None:
        due = due.filter(pk__in=ids)
    sent = failed = 0
    for notice_id in list(due.values_list("pk", flat=True)[:BATCH]):
        if not _claim(notice_id, now):
            continue
        notice = ReportNotice.objects.select_related("report__hearing__director").get(pk=notice_id)
        to = recipients(notice.report)
        try:
            if to:
                _message(notice.report, to).send()
        except Exception as error:  # kept on the row for staff: one bad mail never stops the others
            failed += 1
            notice.attempts += 1
            notice.last_error = f"{type(error).__name__}: {error}"[:300]
            notice.next_attempt_at = timezone.now() + retry_after(notice.attempts)
            log.warning(
                "report notice %s not sent (attempt %s): %s", notice_id, notice.attempts, notice.last_error
            )
        else:
            sent += 1
            notice.attempts += 1
            notice.sent_at, notice.recipients, notice.last_error = timezone.now(), ", ".join(to)[:500], ""
        notice.claimed_until = None  # saved, not updated: the hearing list's cache hears of it (apps.py)
        notice.save(
            update_fields=[
                "attempts",
                "last_error",
                "next_attempt_at",
                "sent_at",
                "recipients",
                "claimed_until",
            ]
        )
    return sent, failed


def send_after_commit(notice: ReportNotice | None) -> None:
    """Try the notice once the report is committed (the worker retries it
    if this fails, or if the process ends first)."""
    if notice is not None:
        transaction.on_commit(lambda: send_pending(ids=[notice.pk]), robust=True)
