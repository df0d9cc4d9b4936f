"""A remote check's progress, polled by the server step while it runs
(htmx, every second); without JavaScript the step page itself shows the same
progress and results on a reload (wizard/steps/checks.py)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.htmx import HtmxHttpRequest

from ..models import Hearing, RemoteCheck
from .access import director_required, step_url


@require_GET
@director_required
@never_cache
def remote_check(request: HtmxHttpRequest, pk, check_id) -> HttpResponse:
    hearing = get_object_or_404(Hearing, pk=pk)
    check = get_object_or_404(RemoteCheck.objects.select_related("mailbox"), pk=check_id, hearing=hearing)
    anchor = f"#mailbox-read-{check.mailbox_id}" if check.mailbox_id else "#server-check"
    if not request.htmx:
        return redirect(step_url(hearing, "server") + anchor)
    context = {"hearing": hearing, "check": check, "step_url": step_url(hearing, "server"), "polled": True}
    if check.kind == RemoteCheck.Kind.MAILBOX:
        context["mailbox"] = check.mailbox
    return render(request, "wizard/partials/check_progress.html", context)
