"""The rules for directors: their history, and which issued sheets today's
rules would change (the 「ルール変更の影響」 page), with the re-issue."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.htmx import HtmxHttpRequest
from core.parsing import whole_number
from core.security import security_log

from .. import services
from ..engine import recommendations as engine
from ..engine.changelog import BY_VERSION, CHANGELOG
from ..handoff.changes import impact
from ..handoff.words import describe_changes
from ..models import Hearing, SheetIssue
from .access import director_required, require_perm

PAGE_SIZE = 20


@require_GET
@director_required
def rules_changelog(request: HtmxHttpRequest) -> HttpResponse:
    return render(
        request, "wizard/rules_changelog.html", {"changelog": CHANGELOG, "current": engine.RULES_VERSION}
    )


def _affected(issue: SheetIssue) -> dict | None:
    diffs = impact(issue.read())
    if diffs == []:
        return None
    return {
        "issue": issue,
        "hearing": issue.hearing,
        "judgeable": diffs is not None,
        "diffs": [
            {
                "address": d.address,
                "lines": describe_changes(d.devices),
                "added": d.warnings_added,
                "removed": d.warnings_removed,
            }
            for d in diffs or ()
        ],
        "rules": BY_VERSION.get(issue.rules_version),
    }


@require_GET
@director_required
def rules_impact(request: HtmxHttpRequest) -> HttpResponse:
    """Every hearing whose newest issued sheet today's rules would change."""
    issues = (
        SheetIssue.objects.latest_per_hearing()
        .on_older_rules()
        .select_related("hearing", "hearing__director")
        .order_by("-issued_at")
    )
    affected = [row for row in (_affected(issue) for issue in issues) if row]
    page = Paginator(affected, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "current": engine.RULES_VERSION, "latest_change": CHANGELOG[0]}
    response = render(request, "wizard/rules_impact.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@director_required
def hearing_reissue(request: HtmxHttpRequest, pk) -> HttpResponse:
    """Review one hearing's differences, then issue its sheet again under today's rules."""
    hearing = get_object_or_404(Hearing.objects.select_related("director"), pk=pk)
    issue = hearing.latest_issue()
    if issue is None:
        messages.info(request, _("設定シートは、ヒアリングを完了すると表示されます。"))
        return redirect("wizard:resume", pk=hearing.pk)
    row = _affected(issue)
    if request.method == "POST":
        require_perm(request, "wizard.change_hearing")
        reviewed = whole_number(request.POST.get("issue", ""))
        try:
            if reviewed is None or (row is not None and not row["judgeable"]):
                raise services.AlreadyReissued
            new = services.hearing_reissue(hearing=hearing, issue_id=reviewed, user=request.user)
        except services.AlreadyReissued:
            messages.warning(
                request, _("この設定シートは、すでにほかの人が再発行しています。最新の内容をご確認ください。")
            )
            return redirect("wizard:sheet", pk=hearing.pk)
        except services.NothingToReissue:
            messages.info(request, _("現在のルールでも設定は変わらないため、再発行の必要はありません。"))
            return redirect("wizard:sheet", pk=hearing.pk)
        security_log.info("sheet reissued: hearing=%s issue=%s user=%s", hearing.pk, new.pk, request.user.pk)
        messages.success(
            request,
            _(
                "現在のルールで設定シートを再発行しました。"
                "お客さま用リンクでは、変更点とともに新しい設定シートが表示されます。"
            ),
        )
        return redirect("wizard:sheet", pk=hearing.pk)
    response = render(
        request,
        "wizard/reissue.html",
        {"hearing": hearing, "issue": issue, "row": row, "current": engine.RULES_VERSION},
    )
    response["Cache-Control"] = "no-store"
    return response
