"""The settings sheet for directors: the sheet, customer links (make, revoke),
the hand-off files and a preview of each personal guide.

The page-building parts (``SheetUrls``, ``sheet_context``, ``render_guide``,
the file responses) are shared with views/customer.py, which serves the same
sheet behind a customer link.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.htmx import HtmxHttpRequest
from core.security import security_log
from kb.models import Article
from kb.slots import fill_slots

from .. import services
from ..forms import CustomerLinkForm
from ..handoff import apple_mobileconfig, dns_srv_records, qr_svg, thunderbird_autoconfig
from ..issues import issue_changes, read_issue
from ..models import Hearing
from ..recommendations import CODES
from ..sheet import describe_changes, issued_sheets
from .access import director_required, leave, require_perm


class SheetUrls:
    """Where the sheet's downloads and guides live: behind staff login, or
    behind a customer link's token."""

    def __init__(self, hearing: Hearing, token: str | None = None):
        self.hearing, self.token = hearing, token

    def _reverse(self, name: str, **kwargs) -> str:
        if self.token is None:
            return reverse(f"wizard:{name}", kwargs={"pk": self.hearing.pk, **kwargs})
        return reverse(f"customer:{name}", kwargs={"token": self.token, **kwargs})

    def profile(self, mailbox_id: int) -> str:
        return self._reverse("profile", mailbox_id=mailbox_id)

    def autoconfig(self, mailbox_id: int) -> str:
        return self._reverse("autoconfig", mailbox_id=mailbox_id)

    def dns(self) -> str:
        return self._reverse("dns")

    def guide(self, device_id: int) -> str:
        return self._reverse("guide", device_id=device_id)

    def sheet(self) -> str:
        return self._reverse("sheet")


def saved_sheets(hearing: Hearing) -> list:
    """Every address's sheet as last issued to the customer."""
    issue = hearing.latest_issue()
    return issued_sheets(issue) if issue else []


def sheet_context(hearing: Hearing, urls: SheetUrls) -> dict:
    issue = hearing.latest_issue()
    sheets = issued_sheets(issue) if issue else []
    guides = []
    for sheet in sheets:
        sheet.profile_url = urls.profile(sheet.mailbox.pk)
        sheet.autoconfig_url = urls.autoconfig(sheet.mailbox.pk)
        for device in sheet.devices:
            device.personal_guide_url = urls.guide(device.device.pk)
            guides.append((sheet, device))
    previous = hearing.issues.filter(pk__lt=issue.pk).order_by("-pk").first() if issue else None
    return {
        "hearing": hearing,
        "company": (issue.data.get("company") if issue else "") or str(hearing),  # as issued
        "consulted_on": date.fromisoformat(issue.data["consulted_on"])
        if issue and issue.data.get("consulted_on")
        else None,
        "issue": issue,
        "changes": describe_changes(issue_changes(previous, issue)) if previous else [],
        "previous_issue": previous,
        "sheets": sheets,
        "guides": guides,  # every device of every address, in the sheet's order
        "codes": CODES,
        "dns_records": dns_srv_records([(sheet.mailbox, sheet.rec) for sheet in sheets]),
        "dns_url": urls.dns(),
    }


def render_guide(request: HttpRequest, hearing: Hearing, device_id: int, urls: SheetUrls, *, staff: bool):
    """A device's personal guide: its settings, then the KB guide with its values filled in."""
    found = [(sheet, d) for sheet in saved_sheets(hearing) for d in sheet.devices if d.device.pk == device_id]
    if not found:
        raise Http404
    sheet, device = found[0]
    article = Article.objects.published().filter(slug=device.device.catalogue_client.guide_slug).first()
    issue = hearing.latest_issue()
    context = {
        "hearing": hearing,
        "company": (issue.data.get("company") if issue else "") or str(hearing),
        "sheet": sheet,
        "d": device,
        "article": article,
        "guide_body": fill_slots(article.body_html, device.slot_values()) if article else "",
        "sheet_url": urls.sheet(),
        "profile_url": urls.profile(sheet.mailbox.pk),
        "staff_view": staff,
    }
    return render(request, "wizard/personal_guide.html", context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _saved_mailbox(hearing: Hearing, mailbox_id: int):
    """An address as last issued, with its advice."""
    issue = hearing.latest_issue()
    for entry in read_issue(issue) if issue else ():
        if entry.mailbox.pk == mailbox_id:
            return entry.mailbox, entry.advice
    raise Http404


def profile_response(hearing: Hearing, mailbox_id: int) -> HttpResponse:
    mailbox, rec = _saved_mailbox(hearing, mailbox_id)
    content = apple_mobileconfig(mailbox, rec, organisation=str(settings.SITE_NAME))
    filename = mailbox.address.replace("@", "_at_") + ".mobileconfig"
    return _download(content, "application/x-apple-aspen-config", filename)


def autoconfig_response(hearing: Hearing, mailbox_id: int) -> HttpResponse:
    mailbox, rec = _saved_mailbox(hearing, mailbox_id)
    content = thunderbird_autoconfig(mailbox, rec, display_name=hearing.company or mailbox.domain)
    return _download(content, "application/xml", "config-v1.1.xml")


def dns_response(hearing: Hearing) -> HttpResponse:
    records = dns_srv_records([(sheet.mailbox, sheet.rec) for sheet in saved_sheets(hearing)])
    return _download(records.encode(), "text/plain; charset=utf-8", "dns-srv-records.txt")


# Staff views ---------------------------------------------------------------------


def _staff_sheet(request, hearing: Hearing, *, new_link=None, link_form=None, status=200) -> HttpResponse:
    context = sheet_context(hearing, SheetUrls(hearing))
    context.update(_links_context(request, hearing, new_link=new_link, link_form=link_form))
    context["staff_view"] = True
    response = render(request, "wizard/sheet.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _links_context(request, hearing: Hearing, *, new_link=None, link_form=None) -> dict:
    context = {
        "links": list(hearing.customer_links.select_related("created_by", "revoked_by")),
        "link_form": link_form or CustomerLinkForm(),
        "can_manage_links": request.user.has_perms(["wizard.add_customerlink", "wizard.change_customerlink"]),
    }
    if new_link is not None:
        link, token = new_link
        url = settings.SITE_URL + reverse("customer:sheet", kwargs={"token": token})
        context["new_link"] = {"link": link, "url": url, "qr": qr_svg(url)}
    return context


def _links_response(
    request: HtmxHttpRequest, hearing: Hearing, *, status: int = 200, **kwargs
) -> HttpResponse:
    """The links panel alone (htmx), or the whole sheet (plain POST)."""
    if not request.htmx:
        return _staff_sheet(request, hearing, status=status, **kwargs)
    context = {"hearing": hearing, **_links_context(request, hearing, **kwargs)}
    response = render(request, "wizard/partials/customer_links.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _issued_hearing(request, pk) -> Hearing | None:
    """A hearing whose sheet has been issued (completed at least once)."""
    hearing = get_object_or_404(Hearing.objects.select_related("director"), pk=pk)
    if not hearing.issues.exists():
        messages.info(request, _("設定シートは、ヒアリングを完了すると表示されます。"))
        return None
    return hearing


@require_GET
@director_required
def hearing_sheet(request: HtmxHttpRequest, pk) -> HttpResponse:
    hearing = _issued_hearing(request, pk)
    if hearing is None:
        return redirect("wizard:resume", pk=pk)
    return _staff_sheet(request, hearing)


@require_POST
@director_required
def customer_link_create(request: HtmxHttpRequest, pk) -> HttpResponse:
    require_perm(request, "wizard.add_customerlink")
    hearing = _issued_hearing(request, pk)
    if hearing is None:
        return leave(request, reverse("wizard:resume", kwargs={"pk": pk}))
    form = CustomerLinkForm(request.POST)
    if not form.is_valid():
        # 200 for htmx, so the panel is swapped and the messages are shown.
        return _links_response(request, hearing, link_form=form, status=200 if request.htmx else 400)
    link, token = services.customer_link_create(
        hearing=hearing, user=request.user, days=form.cleaned_data["days"], note=form.cleaned_data["note"]
    )
    security_log.info(
        "customer link created: hearing=%s link=%s user=%s", hearing.pk, link.pk, request.user.pk
    )
    # Rendered in the POST's own response: the token is shown now and never again.
    return _links_response(request, hearing, new_link=(link, token))


@require_POST
@director_required
def customer_link_revoke(request: HtmxHttpRequest, pk, link_id: int) -> HttpResponse:
    require_perm(request, "wizard.change_customerlink")
    hearing = get_object_or_404(Hearing, pk=pk)
    link = get_object_or_404(hearing.customer_links, pk=link_id)
    if services.customer_link_revoke(link=link, user=request.user):
        security_log.info(
            "customer link revoked: hearing=%s link=%s user=%s", hearing.pk, link.pk, request.user.pk
        )
    issued = hearing.issues.exists()
    if request.htmx and issued:
        return _links_response(request, hearing)
    messages.success(request, _("リンクを無効にしました。このリンクでは、もう設定シートを開けません。"))
    return redirect("wizard:sheet" if issued else "wizard:resume", pk=hearing.pk)


def _issued_or_404(pk) -> Hearing:
    return get_object_or_404(Hearing.objects.filter(issues__isnull=False).distinct(), pk=pk)


@require_GET
@director_required
def hearing_profile(request: HtmxHttpRequest, pk, mailbox_id: int) -> HttpResponse:
    return profile_response(_issued_or_404(pk), mailbox_id)


@require_GET
@director_required
def hearing_autoconfig(request: HtmxHttpRequest, pk, mailbox_id: int) -> HttpResponse:
    return autoconfig_response(_issued_or_404(pk), mailbox_id)


@require_GET
@director_required
def hearing_dns(request: HtmxHttpRequest, pk) -> HttpResponse:
    return dns_response(_issued_or_404(pk))


@require_GET
@director_required
def hearing_guide(request: HtmxHttpRequest, pk, device_id: int) -> HttpResponse:
    """A director's preview of the customer's personal guide for one device."""
    hearing = _issued_or_404(pk)
    response = render_guide(request, hearing, device_id, SheetUrls(hearing), staff=True)
    response["Cache-Control"] = "no-store"
    return response
