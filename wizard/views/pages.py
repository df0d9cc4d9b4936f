"""What the staff sheet and the customer's pages share: where a sheet's parts
live (``SheetUrls``), the sheet's context, a device's personal guide, and the
hand-off files as responses. Views are in views/sheet.py (staff) and
views/customer.py (behind a customer link)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from kb.models import Article
from kb.slots import fill_slots

from ..handoff import (
    UnusableServerName,
    apple_mobileconfig,
    dns_srv_records,
    qr_svg,
    thunderbird_autoconfig,
)
from ..issues import issue_changes, read_issue
from ..models import Hearing
from ..recommendations import CODES
from ..servers import to_ascii
from ..sheet import describe_changes, issued_sheets
from ..signing import profile_signed, signing_state


class SheetUrls:
    """Where the sheet's downloads and guides live: behind staff login, or
    behind a customer link's token. QR codes carry full URLs on the site's
    own address (``DJANGO_SITE_URL``, never the request's Host); without a
    token there is nothing a customer can scan."""

    def __init__(self, hearing: Hearing, token: str | None = None):
        self.hearing, self.token = hearing, token

    def _reverse(self, name: str, **kwargs) -> str:
        if self.token is None:
            return reverse(f"wizard:{name}", kwargs={"pk": self.hearing.pk, **kwargs})
        return reverse(f"customer:{name}", kwargs={"token": self.token, **kwargs})

    def profile(self, mailbox_id: int) -> str:
        return self._reverse("profile", mailbox_id=mailbox_id)

    def autoconfig(self, domain: str) -> str:
        return self._reverse("autoconfig", domain=to_ascii(domain))

    def dns(self) -> str:
        return self._reverse("dns")

    def guide(self, device_id: int) -> str:
        return self._reverse("guide", device_id=device_id)

    def report(self, device_id: int) -> str:
        """Only a customer reports (the staff preview shows no form)."""
        return self._reverse("report", device_id=device_id) if self.token else ""

    def sheet(self) -> str:
        return self._reverse("sheet")

    def guide_qr(self, device_id: int, title: str) -> str:
        """The QR code a phone scans to open this device's guide (only behind a token)."""
        if self.token is None:
            return ""
        return qr_svg(settings.SITE_URL + self.guide(device_id), title=title)


def issued_company(hearing: Hearing, issue) -> str:
    return (issue.data.get("company") if issue else "") or str(hearing)


def sheet_context(hearing: Hearing, urls: SheetUrls) -> dict:
    issue = hearing.latest_issue()
    sheets = issued_sheets(issue) if issue else []
    guides, domains = [], {}
    reports = {report.device_id: report for report in hearing.device_reports.all()}
    for sheet in sheets:
        sheet.profile_url = urls.profile(sheet.mailbox.pk)
        domains.setdefault(sheet.mailbox.domain, urls.autoconfig(sheet.mailbox.domain))
        for device in sheet.devices:
            device.personal_guide_url = urls.guide(device.device.pk)
            device.report = reports.get(device.device.pk)
            device.qr = urls.guide_qr(
                device.device.pk, _("%(name)s の設定手順を開く QR コード") % {"name": device.device.name}
            )
            guides.append((sheet, device))
    previous = hearing.issues.filter(pk__lt=issue.pk).order_by("-pk").first() if issue else None
    consulted = issue.data.get("consulted_on") if issue else None
    return {
        "hearing": hearing,
        "company": issued_company(hearing, issue),
        "consulted_on": date.fromisoformat(consulted) if consulted else None,
        "issue": issue,
        "changes": describe_changes(issue_changes(previous, issue)) if previous else [],
        "previous_issue": previous,
        "sheets": sheets,
        "guides": guides,  # every device of every address, in the sheet's order
        "codes": CODES,
        "dns_records": dns_srv_records([(sheet.mailbox, sheet.rec) for sheet in sheets]),
        "dns_url": urls.dns(),
        "autoconfig_urls": [(domain, url, to_ascii(domain)) for domain, url in domains.items()],
        "profile_signed": profile_signed(),
        "profile_signing_problem": _signing_problem(),
    }


def _signing_problem() -> str:
    """Why profiles are unsigned although the agency configured signing (staff only)."""
    problem = signing_state().problem
    return problem.for_staff() if problem else ""


def render_guide(request: HttpRequest, hearing: Hearing, device_id: int, urls: SheetUrls, *, staff: bool):
    """A device's personal guide: for an Apple device the profile first, then its
    settings, the KB guide with its values filled in, and 「できた / うまくいかない」."""
    issue = hearing.latest_issue()
    sheets = issued_sheets(issue) if issue else []
    found = [(sheet, d) for sheet in sheets for d in sheet.devices if d.device.pk == device_id]
    if not found:
        raise Http404
    sheet, device = found[0]
    article = Article.objects.published().filter(slug=device.device.catalogue_client.guide_slug).first()
    context = {
        "hearing": hearing,
        "company": issued_company(hearing, issue),
        "sheet": sheet,
        "d": device,
        "article": article,
        "guide_body": fill_slots(article.body_html, device.slot_values()) if article else "",
        "sheet_url": urls.sheet(),
        "profile_url": urls.profile(sheet.mailbox.pk),
        "report_url": urls.report(device_id),
        "report": hearing.device_reports.filter(device_id=device_id).first(),
        "profile_signed": profile_signed(),
        "staff_view": staff,
    }
    return render(request, "wizard/personal_guide.html", context)


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file to save, its name per RFC 6266 (an ASCII fallback and ``filename*``)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


def _issued(hearing: Hearing):
    issue = hearing.latest_issue()
    return read_issue(issue) if issue else []


def file_unavailable(request: HttpRequest, *, staff: bool) -> HttpResponse:
    """The sheet holds a server name a file cannot carry (stored before host
    names were checked): say so, with a way forward, instead of a broken file."""
    return render(request, "wizard/file_unavailable.html", {"staff": staff}, status=409)


def profile_response(request: HttpRequest, hearing: Hearing, mailbox_id: int, *, staff: bool) -> HttpResponse:
    for entry in _issued(hearing):
        if entry.mailbox.pk == mailbox_id:
            company = issued_company(hearing, hearing.latest_issue())
            try:
                content = apple_mobileconfig(
                    entry.mailbox, entry.advice, organisation=str(settings.SITE_NAME), account_name=company
                )
            except UnusableServerName:
                return file_unavailable(request, staff=staff)
            filename = entry.mailbox.address.replace("@", "_at_") + ".mobileconfig"
            return download(content, "application/x-apple-aspen-config", filename)
    raise Http404


def autoconfig_response(request: HttpRequest, hearing: Hearing, domain: str, *, staff: bool) -> HttpResponse:
    """One domain's Thunderbird autoconfig file (the domain in either form)."""
    entries = [
        (e.mailbox, e.advice) for e in _issued(hearing) if to_ascii(e.mailbox.domain) == to_ascii(domain)
    ]
    if not entries:
        raise Http404
    company = issued_company(hearing, hearing.latest_issue())
    try:
        content = thunderbird_autoconfig(entries[0][0].domain, entries, display_name=company)
    except UnusableServerName:
        return file_unavailable(request, staff=staff)
    return download(content, "application/xml", "config-v1.1.xml")


def dns_response(hearing: Hearing) -> HttpResponse:
    records = dns_srv_records([(e.mailbox, e.advice) for e in _issued(hearing)])
    return download(records.encode(), "text/plain; charset=utf-8", "dns-srv-records.txt")
