from __future__ import annotations

import csv
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, push_url

from config.htmx import HtmxHttpRequest, wants_fragment
from config.security import security_log
from kb.models import Article
from kb.slots import fill_slots

from . import services
from .forms import HearingFilterForm, SheetLinkForm
from .handlers import HANDLERS, as_querydict
from .handoff import apple_mobileconfig, dns_srv_records, qr_svg, thunderbird_autoconfig
from .models import Hearing, Mailbox
from .recommendations import CODES
from .sheet import build_mailbox_sheet
from .steps import BY_SLUG, STEPS, first_incomplete, load_mailboxes, next_step, previous_step, progress

PAGE_SIZE = 20
NON_DATA_KEYS = {"csrfmiddlewaretoken", "action", "version"}


def director_required(view):
    """Logged-in staff with the wizard's permissions (ディレクター or admin)."""
    return login_required(permission_required("wizard.view_hearing", raise_exception=True)(view))


def step_url(hearing: Hearing, slug: str) -> str:
    return reverse("wizard:step", kwargs={"pk": hearing.pk, "step": slug})


# Hearing list -----------------------------------------------------------------


def _filtered(hearings, form: HearingFilterForm, user):
    """The list's search and filters; the CSV export uses the same ones."""
    if not form.is_valid():
        return hearings
    data = form.cleaned_data
    return (
        hearings.search(data["q"])
        .with_status(data["status"])
        .assigned_to(user if data["mine"] else data["director"])
    )


@require_GET
@director_required
@vary_on_headers("HX-Request")
def hearing_list(request: HtmxHttpRequest) -> HttpResponse:
    form = HearingFilterForm(request.GET or None)
    hearings = _filtered(Hearing.objects.for_list(), form, request.user)
    page = Paginator(hearings, PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = bool(form.is_bound and form.is_valid() and any(form.cleaned_data.values()))
    context = {"form": form, "page": page, "filtered": filtered}
    template = (
        "wizard/partials/hearing_results.html" if wants_fragment(request) else "wizard/hearing_list.html"
    )
    return render(request, template, context)


@require_POST
@director_required
def hearing_new(request: HtmxHttpRequest) -> HttpResponse:
    if not request.user.has_perm("wizard.add_hearing"):
        return HttpResponse(status=403)
    hearing = services.hearing_create(director=request.user)
    url = step_url(hearing, STEPS[0].slug)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_GET
@director_required
def hearing_resume(request: HtmxHttpRequest, pk) -> HttpResponse:
    hearing = get_object_or_404(Hearing, pk=pk)
    if hearing.is_completed:
        return redirect("wizard:sheet", pk=hearing.pk)
    step = first_incomplete(hearing, load_mailboxes(hearing)) or STEPS[-1]
    return redirect(step_url(hearing, step.slug))


# The steps ----------------------------------------------------------------------


def _stale_context(current: Hearing, handler, step) -> dict:
    who = current.last_saved_by.get_username() if current.last_saved_by else _("別のディレクター")
    saved_step = BY_SLUG.get(current.last_saved_step)
    return {
        "stale": {
            "who": who,
            "when": date_format(timezone.localtime(current.updated_at), "Y年n月j日 H:i"),
            "step_title": saved_step.title if saved_step else "",
            "summary": handler.summary(current, load_mailboxes(current)),
        }
    }


def _render_step(request, hearing, mailboxes, step, built, *, extra=None, push=False):
    handler = HANDLERS[step.slug]
    context = {
        "hearing": hearing,
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "steps_total": len(STEPS),
        "progress": progress(hearing, mailboxes, step),
        "previous": previous_step(step),
        "next": next_step(step),
        "form_version": hearing.version,
        "step_url": step_url(hearing, step.slug),
        "step_template": handler.template,
        **built,
        **(extra or {}),
    }
    if step.slug == "review":
        context.update(_review_context(hearing, mailboxes))
    context["error_count"] = sum(
        form.total_error_count() if hasattr(form, "total_error_count") else len(form.errors)
        for form in handler.forms(built)
        if form.is_bound
    )
    template = "wizard/partials/step.html" if wants_fragment(request) else "wizard/step.html"
    response = render(request, template, context)
    if push and request.htmx:
        push_url(response, context["step_url"])
    return response


def _review_context(hearing, mailboxes) -> dict:
    answers = [
        {
            "step": step,
            "lines": HANDLERS[step.slug].summary(hearing, mailboxes),
            "url": step_url(hearing, step.slug),
        }
        for step in STEPS[:-1]
    ]
    sheets = [build_mailbox_sheet(m, saved=False) for m in mailboxes]
    return {"answers": answers, "sheets": [s for s in sheets if s]}


def _go(request, hearing, step, *, message=None):
    """After a save: PRG without htmx; the next step's fragment with htmx."""
    if message:
        messages.success(request, message)
    if not request.htmx:
        return redirect(step_url(hearing, step.slug))
    mailboxes = load_mailboxes(hearing)
    handler = HANDLERS[step.slug]
    built = _build_for_get(hearing, mailboxes, step, handler)
    return _render_step(request, hearing, mailboxes, step, built, push=True)


def _build_for_get(hearing, mailboxes, step, handler):
    draft = hearing.drafts.get(step.slug)
    if draft:
        built = handler.build(hearing, mailboxes, as_querydict(draft))
        for form in handler.forms(built):
            form.is_valid()  # show why it was not saved
        built["restored_draft"] = True
        return built
    return handler.build(hearing, mailboxes)


@require_http_methods(["GET", "POST"])
@director_required
@vary_on_headers("HX-Request")
def wizard_step(request: HtmxHttpRequest, pk, step: str) -> HttpResponse:
    hearing = get_object_or_404(Hearing, pk=pk)
    step_obj = BY_SLUG.get(step)
    if step_obj is None:
        return redirect("wizard:resume", pk=hearing.pk)
    handler = HANDLERS[step]
    mailboxes = load_mailboxes(hearing)

    blocker = first_incomplete(hearing, mailboxes)
    if blocker is not None and STEPS.index(blocker) < STEPS.index(step_obj):
        messages.info(request, _("先に「%(title)s」を入力してください。") % {"title": blocker.title})
        url = step_url(hearing, blocker.slug)
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)

    if request.method == "GET":
        return _render_step(
            request, hearing, mailboxes, step_obj, _build_for_get(hearing, mailboxes, step_obj, handler)
        )

    if not request.user.has_perm("wizard.change_hearing"):
        return HttpResponse(status=403)
    action = request.POST.get("action", "next")
    version = request.POST.get("version")
    built = handler.build(hearing, mailboxes, request.POST)

    edited = handler.edit_rows(built, action, hearing, mailboxes)
    if edited is not None:  # add/remove a row: nothing is saved yet
        return _render_step(request, hearing, mailboxes, step_obj, edited, extra={"form_version": version})

    forms = handler.forms(built)
    valid = all(form.is_valid() for form in forms)
    if not valid:
        if action == "back" and previous_step(step_obj):
            raw = {k: request.POST.getlist(k) for k in request.POST if k not in NON_DATA_KEYS}
            services.hearing_save_draft(hearing=hearing, step=step, raw=raw)
            messages.warning(
                request,
                _("「%(title)s」の入力に誤りがあるため、保存せずに一時保存しました。")
                % {"title": step_obj.title},
            )
            return _go(request, hearing, previous_step(step_obj))
        return _render_step(request, hearing, mailboxes, step_obj, built, extra={"form_version": version})

    try:
        hearing = handler.save(built, hearing=hearing, version=version, user=request.user)
    except services.StaleHearing as stale:
        current = stale.current
        return _render_step(
            request,
            current,
            load_mailboxes(current),
            step_obj,
            built,
            extra=_stale_context(current, handler, step_obj),
        )

    if step == "review":
        messages.success(request, _("ヒアリングを完了しました。設定シートをお客さまにお渡しできます。"))
        url = reverse("wizard:sheet", kwargs={"pk": hearing.pk})
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    if action == "back" and previous_step(step_obj):
        return _go(request, hearing, previous_step(step_obj))
    if action == "save":
        return _go(request, hearing, step_obj, message=_("保存しました。"))
    return _go(request, hearing, next_step(step_obj))


# After the wizard -------------------------------------------------------------------


class SheetUrls:
    """Where the sheet's downloads and guides live: behind staff login, or
    behind a customer's link token."""

    def __init__(self, hearing: Hearing, token: str | None = None):
        self.hearing, self.token = hearing, token

    def _reverse(self, staff_name: str, public_name: str, **kwargs) -> str:
        if self.token is None:
            return reverse(f"wizard:{staff_name}", kwargs={"pk": self.hearing.pk, **kwargs})
        return reverse(public_name, kwargs={"token": self.token, **kwargs})

    def profile(self, mailbox_id: int) -> str:
        return self._reverse("profile", "sheet_profile", mailbox_id=mailbox_id)

    def autoconfig(self, mailbox_id: int) -> str:
        return self._reverse("autoconfig", "sheet_autoconfig", mailbox_id=mailbox_id)

    def dns(self) -> str:
        return self._reverse("dns", "sheet_dns")

    def guide(self, device_id: int) -> str:
        return self._reverse("guide", "sheet_guide", device_id=device_id)

    def sheet(self) -> str:
        return self._reverse("sheet", "sheet_public")


def _sheets(hearing: Hearing) -> list:
    mailboxes = load_mailboxes(hearing)
    return [sheet for sheet in (build_mailbox_sheet(m, saved=True) for m in mailboxes) if sheet]


def _sheet_context(hearing: Hearing, urls: SheetUrls) -> dict:
    sheets = _sheets(hearing)
    guides = []
    for sheet in sheets:
        sheet.profile_url = urls.profile(sheet.mailbox.pk)
        sheet.autoconfig_url = urls.autoconfig(sheet.mailbox.pk)
        for device in sheet.devices:
            device.personal_guide_url = urls.guide(device.device.pk)
            guides.append((sheet, device))
    return {
        "hearing": hearing,
        "sheets": sheets,
        "guides": guides,  # every device of every address, in the sheet's order
        "codes": CODES,
        "dns_records": dns_srv_records([(sheet.mailbox, sheet.rec) for sheet in sheets]),
        "dns_url": urls.dns(),
    }


def _private(response: HttpResponse) -> HttpResponse:
    """Headers of every page and file reached through a customer's link."""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _staff_sheet_response(request, hearing: Hearing, *, new_link=None, link_form=None, status=200):
    context = _sheet_context(hearing, SheetUrls(hearing))
    context.update(_links_context(request, hearing, new_link=new_link, link_form=link_form))
    context["staff_view"] = True
    response = render(request, "wizard/sheet.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _links_context(request, hearing: Hearing, *, new_link=None, link_form=None) -> dict:
    context = {
        "links": list(hearing.sheet_links.select_related("created_by", "revoked_by")),
        "link_form": link_form or SheetLinkForm(),
        "can_manage_links": request.user.has_perms(["wizard.add_sheetlink", "wizard.change_sheetlink"]),
    }
    if new_link is not None:
        link, token = new_link
        url = request.build_absolute_uri(reverse("sheet_public", kwargs={"token": token}))
        context["new_link"] = {"link": link, "url": url, "qr": qr_svg(url)}
    return context


def _completed_hearing(request, pk) -> Hearing | None:
    hearing = get_object_or_404(Hearing.objects.select_related("director"), pk=pk)
    if not hearing.is_completed:
        messages.info(request, _("設定シートは、ヒアリングを完了すると表示されます。"))
        return None
    return hearing


@require_GET
@director_required
def hearing_sheet(request: HtmxHttpRequest, pk) -> HttpResponse:
    hearing = _completed_hearing(request, pk)
    if hearing is None:
        return redirect("wizard:resume", pk=pk)
    return _staff_sheet_response(request, hearing)


def _links_response(
    request: HtmxHttpRequest, hearing: Hearing, *, status: int = 200, **kwargs
) -> HttpResponse:
    """The links panel alone (htmx), or the whole sheet (plain POST)."""
    if request.htmx:
        context = {"hearing": hearing, **_links_context(request, hearing, **kwargs)}
        response = render(request, "wizard/partials/sheet_links.html", context, status=status)
        response["Cache-Control"] = "no-store"
        return response
    return _staff_sheet_response(request, hearing, status=status, **kwargs)


@require_POST
@director_required
def sheet_link_create(request: HtmxHttpRequest, pk) -> HttpResponse:
    if not request.user.has_perm("wizard.add_sheetlink"):
        raise PermissionDenied
    hearing = _completed_hearing(request, pk)
    if hearing is None:
        url = reverse("wizard:resume", kwargs={"pk": pk})
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    form = SheetLinkForm(request.POST)
    if not form.is_valid():
        # 200 for htmx, so the panel is swapped and the messages are shown.
        return _links_response(request, hearing, link_form=form, status=200 if request.htmx else 400)
    link, token = services.sheet_link_create(
        hearing=hearing, user=request.user, days=form.cleaned_data["days"], note=form.cleaned_data["note"]
    )
    security_log.info("sheet link created: hearing=%s link=%s user=%s", hearing.pk, link.pk, request.user.pk)
    # Rendered in the POST's own response: the token is shown now and never again.
    return _links_response(request, hearing, new_link=(link, token))


@require_POST
@director_required
def sheet_link_revoke(request: HtmxHttpRequest, pk, link_id: int) -> HttpResponse:
    if not request.user.has_perm("wizard.change_sheetlink"):
        raise PermissionDenied
    hearing = get_object_or_404(Hearing, pk=pk)
    link = get_object_or_404(hearing.sheet_links, pk=link_id)
    if services.sheet_link_revoke(link=link, user=request.user):
        security_log.info(
            "sheet link revoked: hearing=%s link=%s user=%s", hearing.pk, link.pk, request.user.pk
        )
    if request.htmx and hearing.is_completed:
        return _links_response(request, hearing)
    messages.success(request, _("リンクを無効にしました。このリンクでは、もう設定シートを開けません。"))
    return redirect("wizard:sheet" if hearing.is_completed else "wizard:resume", pk=hearing.pk)


def customer_link(view):
    """A view reached through a customer's private link: resolve the token,
    answer 410 for an expired or revoked link and 404 for an unknown one, and
    keep every response out of caches, search engines and referrers."""

    @wraps(view)
    def wrapper(request, token: str, **kwargs):
        try:
            link = services.sheet_link_open(token)
        except services.LinkUnavailable as unavailable:
            response = render(
                request,
                "wizard/link_unavailable.html",
                {"reason": unavailable.reason},
                status=410 if unavailable.gone else 404,
            )
            return _private(response)
        return _private(view(request, link.hearing, SheetUrls(link.hearing, token), **kwargs))

    return require_GET(wrapper)


@customer_link
def public_sheet(request: HttpRequest, hearing: Hearing, urls: SheetUrls) -> HttpResponse:
    """The customer's private link: what they need to set up, no staff parts."""
    return render(request, "wizard/sheet.html", _sheet_context(hearing, urls))


def _handoff_mailbox(hearing: Hearing, mailbox_id: int) -> tuple[Mailbox, object]:
    mailbox = get_object_or_404(hearing.mailboxes.select_related("hearing"), pk=mailbox_id)
    rec = mailbox.saved_recommendation()
    if rec is None:
        raise Http404
    return mailbox, rec


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _profile(hearing: Hearing, mailbox_id: int) -> HttpResponse:
    mailbox, rec = _handoff_mailbox(hearing, mailbox_id)
    return _download(
        apple_mobileconfig(mailbox, rec, organisation=str(settings.SITE_NAME)),
        "application/x-apple-aspen-config",
        mailbox.address.replace("@", "_at_") + ".mobileconfig",
    )


def _autoconfig(hearing: Hearing, mailbox_id: int) -> HttpResponse:
    mailbox, rec = _handoff_mailbox(hearing, mailbox_id)
    display_name = hearing.company or mailbox.address.rsplit("@", 1)[1]
    return _download(
        thunderbird_autoconfig(mailbox, rec, display_name=display_name), "application/xml", "config-v1.1.xml"
    )


def _dns(hearing: Hearing) -> HttpResponse:
    records = dns_srv_records([(sheet.mailbox, sheet.rec) for sheet in _sheets(hearing)])
    return _download(records.encode(), "text/plain; charset=utf-8", "dns-srv-records.txt")


def _guide(
    request: HttpRequest, hearing: Hearing, device_id: int, urls: SheetUrls, *, staff: bool
) -> HttpResponse:
    found = [(sheet, d) for sheet in _sheets(hearing) for d in sheet.devices if d.device.pk == device_id]
    if not found:
        raise Http404
    sheet, device = found[0]
    client = device.device.catalogue_client
    article = Article.objects.published().filter(slug=client.guide_slug).first()
    body = fill_slots(article.body_html, device.slot_values(sheet.mailbox)) if article else ""
    context = {
        "hearing": hearing,
        "sheet": sheet,
        "d": device,
        "article": article,
        "guide_body": body,
        "sheet_url": urls.sheet(),
        "profile_url": urls.profile(sheet.mailbox.pk),
        "staff_view": staff,
    }
    return render(request, "wizard/personal_guide.html", context)


@customer_link
def public_profile(request: HttpRequest, hearing: Hearing, urls: SheetUrls, mailbox_id: int) -> HttpResponse:
    return _profile(hearing, mailbox_id)


@customer_link
def public_autoconfig(
    request: HttpRequest, hearing: Hearing, urls: SheetUrls, mailbox_id: int
) -> HttpResponse:
    return _autoconfig(hearing, mailbox_id)


@customer_link
def public_dns(request: HttpRequest, hearing: Hearing, urls: SheetUrls) -> HttpResponse:
    return _dns(hearing)


@customer_link
def public_guide(request: HttpRequest, hearing: Hearing, urls: SheetUrls, device_id: int) -> HttpResponse:
    return _guide(request, hearing, device_id, urls, staff=False)


@require_GET
@director_required
def hearing_profile(request: HtmxHttpRequest, pk, mailbox_id: int) -> HttpResponse:
    return _profile(get_object_or_404(Hearing, pk=pk, status=Hearing.Status.COMPLETED), mailbox_id)


@require_GET
@director_required
def hearing_autoconfig(request: HtmxHttpRequest, pk, mailbox_id: int) -> HttpResponse:
    return _autoconfig(get_object_or_404(Hearing, pk=pk, status=Hearing.Status.COMPLETED), mailbox_id)


@require_GET
@director_required
def hearing_dns(request: HtmxHttpRequest, pk) -> HttpResponse:
    return _dns(get_object_or_404(Hearing, pk=pk, status=Hearing.Status.COMPLETED))


@require_GET
@director_required
def hearing_guide(request: HtmxHttpRequest, pk, device_id: int) -> HttpResponse:
    """A director's preview of the customer's personal guide for one device."""
    hearing = get_object_or_404(Hearing, pk=pk, status=Hearing.Status.COMPLETED)
    response = _guide(request, hearing, device_id, SheetUrls(hearing), staff=True)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@director_required
def hearing_delete(request: HtmxHttpRequest, pk) -> HttpResponse:
    hearing = get_object_or_404(Hearing, pk=pk)
    if not request.user.has_perm("wizard.delete_hearing"):
        return HttpResponse(status=403)
    if request.method == "POST":
        name = str(hearing)
        services.hearing_delete(hearing=hearing)
        messages.success(
            request, _("「%(name)s」のヒアリングと、そのすべての情報を削除しました。") % {"name": name}
        )
        url = reverse("wizard:hearing_list")
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    mailboxes = load_mailboxes(hearing)
    return render(request, "wizard/hearing_delete.html", {"hearing": hearing, "mailboxes": mailboxes})


@require_GET
@director_required
def hearing_export(request: HtmxHttpRequest) -> HttpResponse:
    form = HearingFilterForm(request.GET or None)
    hearings = _filtered(Hearing.objects.order_by("-updated_at"), form, request.user)
    mailboxes = (
        Mailbox.objects.filter(hearing__in=hearings)
        .select_related("hearing", "hearing__director")
        .prefetch_related("devices")
        .order_by("-hearing__updated_at", "hearing_id", "position")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="hearings-{stamp}.csv"'
    response.write("\ufeff")  # BOM: Excel opens UTF-8 correctly
    writer = csv.writer(response)
    writer.writerow(
        [
            _("会社名"), _("ご担当者名"), _("担当ディレクター"), _("ヒアリング日"), _("状態"),
            _("メールアドレス"), _("利用人数"), _("端末"), _("容量 (MB)"), _("1日の受信量 (MB)"),
            _("受信サーバー"), _("送信サーバー"), _("送信ポート"),
            _("推奨方式"), _("サーバーに残す日数"), _("クラウドを提案"), _("理由"), _("注意"), _("ルールの版"),
        ]
    )  # fmt: skip
    for m in mailboxes:
        h = m.hearing
        rec = m.saved_recommendation() or (m.current_recommendation() if m.devices.all() else None)
        writer.writerow(
            [
                _csv_safe(h.company), _csv_safe(h.contact_name),
                h.director.get_username() if h.director else "",
                h.consulted_on.isoformat() if h.consulted_on else "", h.get_status_display(),
                _csv_safe(m.address), m.people,
                _csv_safe(" / ".join(f"{d.label or d.get_kind_display()}: {d.get_client_display()}" for d in m.devices.all())),
                m.quota_mb or "", m.daily_mb if m.daily_mb is not None else "",
                _csv_safe(m.incoming_host), _csv_safe(m.outgoing_host), m.smtp_port,
                rec.protocol.upper() if rec else "",
                rec.delete_after_days or "" if rec else "",
                (_("はい") if rec.suggest_cloud else _("いいえ")) if rec else "",
                " ".join(rec.reasons) if rec else "", " ".join(rec.warnings) if rec else "",
                m.rules_version or "",
            ]
        )  # fmt: skip
    return response


def _csv_safe(value: str) -> str:
    """Stop spreadsheet formula injection from customer-typed text."""
    value = value or ""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value
