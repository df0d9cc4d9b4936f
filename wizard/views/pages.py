"""What the staff sheet and the customer's pages share: the sheet's context, a
device's personal guide, and the hand-off files as responses, each built
from the newest issue's record. Views are in views/sheet.py (staff) and
views/customer.py (behind a customer link); where the parts live is
``handoff.urls``."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from kb.models import Article
from kb.slots import fill_slots

from ..handoff.changes import issue_changes
from ..handoff.files import (
    UnusableServerName,
    apple_mobileconfig,
    dns_srv_records,
    thunderbird_autoconfig,
)
from ..handoff.record import SheetRecord
from ..handoff.sheet import build_sheet
from ..handoff.signing import profile_signed, signing_state
from ..handoff.urls import SheetUrls
from ..handoff.words import describe_changes
from ..models import Hearing


def issued_record(hearing: Hearing) -> SheetRecord | None:
    """What the customer has now: the newest issue's record (None before the first)."""
    issue = hearing.latest_issue()
    return issue.read() if issue else None


def company_of(hearing: Hearing, record: SheetRecord | None) -> str:
    return (record.company if record else "") or str(hearing)


def sheet_context(hearing: Hearing, urls: SheetUrls, *, reports=None) -> dict:
    issue = hearing.latest_issue()
    record = issue.read() if issue else None
    sheet = build_sheet(record, urls, reports=reports) if record else None
    previous = hearing.issues.filter(pk__lt=issue.pk).order_by("-pk").first() if issue else None
    return {
        "hearing": hearing,
        "company": company_of(hearing, record),
        "consulted_on": record.consulted_on if record else None,
        "issue": issue,
        "changes": describe_changes(issue_changes(previous.read(), record)) if previous else [],
        "previous_issue": previous,
        "sheets": sheet.mailboxes if sheet else [],
        "guides": sheet.guides if sheet else [],  # every device of every address, in the sheet's order
        "dns_records": sheet.dns_records if sheet else "",
        "dns_url": urls.dns(),
        "autoconfig_urls": sheet.autoconfig_urls if sheet else [],
        "profile_signed": profile_signed(),
        "profile_signing_problem": _signing_problem(),
    }


def _signing_problem() -> str:
    """Why profiles are unsigned although the agency configured signing (staff only)."""
    problem = signing_state().problem
    return problem.for_staff() if problem else ""


def render_guide(request: HttpRequest, hearing: Hearing, device_id: int, urls: SheetUrls, *, staff: bool):
    """A device's personal guide: for an Apple device the profile first, then its
    settings, the KB guide with its values filled in, and 「できた / うまくいかない」.
    Only this device's part of the sheet is built."""
    record = issued_record(hearing)
    found = build_sheet(record, urls).device(device_id) if record else None
    if found is None:
        raise Http404
    sheet, device = found
    article = Article.objects.published().filter(slug=device.client.guide_slug).first()
    context = {
        "hearing": hearing,
        "company": company_of(hearing, record),
        "sheet": sheet,
        "d": device,
        "article": article,
        "guide_body": fill_slots(article.body_html, device.slot_values()) if article else "",
        "sheet_url": urls.sheet(),
        "profile_url": sheet.profile_url,
        "report_url": device.report_url,
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


def file_unavailable(request: HttpRequest, *, staff: bool) -> HttpResponse:
    """The sheet holds a server name a file cannot carry (stored before host
    names were checked): say so, with a way forward, instead of a broken file."""
    return render(request, "wizard/file_unavailable.html", {"staff": staff}, status=409)


def profile_response(request: HttpRequest, hearing: Hearing, mailbox_id: int, *, staff: bool) -> HttpResponse:
    record = issued_record(hearing)
    address = record.address(mailbox_id) if record else None
    if address is None:
        raise Http404
    try:
        content = apple_mobileconfig(
            address,
            hearing_id=record.hearing_id,
            organisation=str(settings.SITE_NAME),
            account_name=company_of(hearing, record),
        )
    except UnusableServerName:
        return file_unavailable(request, staff=staff)
    filename = address.address.replace("@", "_at_") + ".mobileconfig"
    return download(content, "application/x-apple-aspen-config", filename)


def autoconfig_response(request: HttpRequest, hearing: Hearing, domain: str, *, staff: bool) -> HttpResponse:
    """One domain's Thunderbird autoconfig file (the domain in either form)."""
    record = issued_record(hearing)
    addresses = record.in_domain(domain) if record else []
    if not addresses:
        raise Http404
    try:
        content = thunderbird_autoconfig(
            addresses[0].domain, addresses, display_name=company_of(hearing, record)
        )
    except UnusableServerName:
        return file_unavailable(request, staff=staff)
    return download(content, "application/xml", "config-v1.1.xml")


def dns_response(hearing: Hearing) -> HttpResponse:
    record = issued_record(hearing)
    records = dns_srv_records(record.addresses) if record else ""
    return download(records.encode(), "text/plain; charset=utf-8", "dns-srv-records.txt")
