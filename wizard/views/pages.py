"""What the staff sheet and the customer's pages share: the sheet's context, a
device's personal guide, and the hand-off files as responses, each built
from the newest issue's record. Views are in views/sheet.py (staff) and
views/customer.py (behind a customer link); where the parts live is
``handoff.urls``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from core.parsing import whole_number
from kb.models import Article
from kb.protocol_blocks import only_protocol
from kb.slots import fill_slots

from ..handoff.files import (
    UnusableServerName,
    apple_mobileconfig,
    dns_srv_records,
    thunderbird_autoconfig,
)
from ..handoff.guide import PersonalGuide, Step, personal_guide
from ..handoff.record import SheetRecord
from ..handoff.sheet import DeviceSheet, MailboxSheet, build_sheet
from ..handoff.signing import profile_signed, signing_state
from ..handoff.updates import RETENTION_SLOTS, DeviceUpdate, SheetUpdate, sheet_update
from ..handoff.urls import SheetUrls
from ..models import DeviceReport, Hearing
from ..page_forms import DeviceReportForm


def issued_record(hearing: Hearing) -> SheetRecord | None:
    """What the customer has now: the newest issue's record (None before the first)."""
    issue = hearing.latest_issue()
    return issue.read() if issue else None


def company_of(hearing: Hearing, record: SheetRecord | None) -> str:
    return (record.company if record else "") or str(hearing)


def _previous_record(hearing: Hearing, issue) -> SheetRecord | None:
    previous = hearing.issues.filter(pk__lt=issue.pk).order_by("-pk").first() if issue else None
    return previous.read() if previous else None


def _guide_html(article: Article | None, protocol: str, device: DeviceSheet) -> str:
    """The client's KB guide for this device alone: only its protocol's parts,
    its values in the slots."""
    if article is None:
        return ""
    return fill_slots(only_protocol(article.body_html, protocol), device.slot_values())


def build_guide(sheet: MailboxSheet, device: DeviceSheet, article: Article | None) -> PersonalGuide:
    profile = ("pc" if device.device.kind == "pc" else "mobile") if device.is_apple else None
    return personal_guide(_guide_html(article, sheet.rec.protocol, device), profile=profile)


@dataclass(frozen=True)
class UpdateLine:
    """One device's change after a re-issue, with where its guide says what to do."""

    change: DeviceUpdate
    device: DeviceSheet
    steps: tuple[Step, ...]  # the steps to follow again (empty: the whole guide)

    @property
    def first_step(self) -> int | None:
        return self.steps[0].number if self.steps else None

    @property
    def last_step(self) -> int | None:
        return self.steps[-1].number if self.steps else None

    @property
    def url(self) -> str:
        url = self.device.personal_guide_url
        return f"{url}#{self.steps[0].anchor}" if self.steps else url


def update_lines(update: SheetUpdate | None, devices: list[tuple[MailboxSheet, DeviceSheet]]) -> list:
    """The re-issue's changes of these devices, each with its steps to follow again."""
    if update is None:
        return []
    changed = [(sheet, d, update.for_device(d.device.id)) for sheet, d in devices]
    changed = [(sheet, d, change) for sheet, d, change in changed if change is not None]
    slugs = {d.client.guide_slug for _sheet, d, change in changed if change.retention_only}
    articles = {a.slug: a for a in Article.objects.published().filter(slug__in=slugs)} if slugs else {}
    lines = []
    for sheet, d, change in changed:
        steps: tuple[Step, ...] = ()
        if change.retention_only:
            steps = build_guide(sheet, d, articles.get(d.client.guide_slug)).lists_with(RETENTION_SLOTS)
        lines.append(UpdateLine(change, d, steps))
    return lines


def _signing_problem() -> str:
    """Why profiles are unsigned although the agency configured signing (staff only)."""
    problem = signing_state().problem
    return problem.for_staff() if problem else ""


def sheet_context(hearing: Hearing, urls: SheetUrls, *, reports=None, seen=None) -> dict:
    issue = hearing.latest_issue()
    record = issue.read() if issue else None
    sheet = build_sheet(record, urls, reports=reports, seen=seen) if record else None
    update = sheet_update(_previous_record(hearing, issue), record)
    return {
        "hearing": hearing,
        "company": company_of(hearing, record),
        "consulted_on": record.consulted_on if record else None,
        "issue": issue,
        "update": update,
        "update_lines": update_lines(update, sheet.guides) if sheet else [],
        "sheets": sheet.mailboxes if sheet else [],
        "guides": sheet.guides if sheet else [],  # every device of every address, in the sheet's order
        "dns_records": sheet.dns_records if sheet else "",
        "dns_url": urls.dns(),
        "autoconfig_urls": sheet.autoconfig_urls if sheet else [],
        "set_by_hand": sheet.set_by_hand if sheet else [],  # addresses the domain's files do not serve
        "profile_signed": profile_signed(),
        "profile_signing_problem": _signing_problem(),
    }


@dataclass(frozen=True)
class DeviceGuide:
    """One device's personal guide and what it is built from."""

    hearing: Hearing
    record: SheetRecord
    sheet: MailboxSheet
    device: DeviceSheet
    article: Article | None
    guide: PersonalGuide


def device_guide(hearing: Hearing, device_id: int, urls: SheetUrls, *, seen=None) -> DeviceGuide:
    """Only this device's part of the sheet is built (404: not on the newest issue)."""
    record = issued_record(hearing)
    found = build_sheet(record, urls, seen=seen).device(device_id) if record else None
    if found is None:
        raise Http404
    sheet, device = found
    article = Article.objects.published().filter(slug=device.client.guide_slug).first()
    return DeviceGuide(hearing, record, sheet, device, article, build_guide(sheet, device, article))


def render_guide(
    request: HttpRequest,
    hearing: Hearing,
    device_id: int,
    urls: SheetUrls,
    *,
    staff: bool,
    seen=None,
    staff_parts: Callable[[DeviceGuide], dict] | None = None,
    status: int = 200,
):
    """A device's personal guide: for an Apple device the profile first, then the
    KB guide for its protocol with its values filled in and its steps numbered
    through, each with 「ここでうまくいかない」, and 「設定できました」 at the end.
    Staff also get ``seen`` (field confirmations of labels) and what
    ``staff_parts`` adds to the page for this device."""
    found = device_guide(hearing, device_id, urls, seen=seen)
    sheet, device = found.sheet, found.device
    reports = list(hearing.device_reports.filter(device_id=device_id).order_by("unit"))
    update = sheet_update(_previous_record(hearing, hearing.latest_issue()), found.record)
    context = {
        "hearing": hearing,
        "company": company_of(hearing, found.record),
        "sheet": sheet,
        "d": device,
        "article": found.article,
        "guide": found.guide,
        "update": update,
        "update_lines": update_lines(update, [(sheet, device)]),
        "sheet_url": urls.sheet(),
        "profile_url": sheet.profile_url,
        "report_url": device.report_url,
        "reports": reports,
        "reported_steps": {r.step for r in reports if r.state == DeviceReport.State.TROUBLE and r.step},
        "just_reported": whole_number(request.GET.get("reported", "")),
        "done_form": DeviceReportForm(quantity=device.device.quantity, name=device.device.name),
        "profile_signed": profile_signed(),
        "staff_view": staff,
        **(staff_parts(found) if staff_parts else {}),
    }
    return render(request, "wizard/personal_guide.html", context, status=status)


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
