"""The hearing's steps over HTTP. Each step (wizard/steps.py) knows its forms,
how it loads and saves them and when it is complete; this view only asks it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from core.htmx import HtmxHttpRequest, wants_fragment

from ..models import Hearing
from ..presets import detect
from ..steps import STEPS, Bundle, Flow, Step
from .access import director_required, leave, step_url


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("mailbox_password")  # the server step's mailbox read (steps/checks.py)
@director_required
@vary_on_headers("HX-Request")
def wizard_step(request: HtmxHttpRequest, pk, step: str) -> HttpResponse:
    hearing = get_object_or_404(Hearing, pk=pk)
    flow = Flow(hearing)
    current = flow.step(step)
    if current is None:
        return redirect("wizard:resume", pk=hearing.pk)
    blocker = flow.blocker(current)
    if blocker is not None:
        messages.info(request, _("先に「%(title)s」を入力してください。") % {"title": blocker.title})
        return leave(request, step_url(hearing, blocker.slug))
    if request.method == "GET":
        return render_step(request, flow, current, current.load(flow))

    if not request.user.has_perm("wizard.change_hearing"):
        raise PermissionDenied
    return submit_step(request, flow, current)


@require_http_methods(["GET", "POST"])
@director_required
@vary_on_headers("HX-Request")
def hearing_new(request: HtmxHttpRequest) -> HttpResponse:
    """Step 1 of a hearing that does not exist yet: the record is created by
    the first successful save, so no empty drafts pile up."""
    if not request.user.has_perm("wizard.add_hearing"):
        raise PermissionDenied
    flow = Flow(Hearing(director=request.user, consulted_on=timezone.localdate()))
    if request.method == "GET":
        return render_step(request, flow, STEPS[0], STEPS[0].load(flow))
    return submit_step(request, flow, STEPS[0])


def submit_step(request: HtmxHttpRequest, flow: Flow, current: Step) -> HttpResponse:
    outcome = current.submit(flow, request.POST, user=request.user)
    if outcome.message:
        messages.add_message(request, *outcome.message)
    if outcome.completed:
        return leave(request, reverse("wizard:sheet", kwargs={"pk": outcome.hearing.pk}))
    if outcome.go_to is None:  # this step again: errors, an edited row, or someone saved first
        flow = Flow(outcome.hearing) if outcome.stale else flow
        return render_step(
            request, flow, current, outcome.bundle, version=outcome.version, stale=outcome.stale, unsaved=True
        )
    if not request.htmx:
        return redirect(step_url(outcome.hearing, outcome.go_to.slug))
    flow = Flow(outcome.hearing)
    return render_step(request, flow, outcome.go_to, outcome.go_to.load(flow), push=True)


def render_step(
    request: HtmxHttpRequest,
    flow: Flow,
    step: Step,
    bundle: Bundle,
    *,
    version=None,
    stale=None,
    push=False,
    unsaved=False,
) -> HttpResponse:
    hearing = flow.hearing
    context = {
        "hearing": hearing,
        "hearing_name": _("新しいヒアリング") if flow.new else str(hearing),
        "step": step,
        "step_number": flow.steps.index(step) + 1,
        "steps_total": len(flow.steps),
        "progress": flow.progress(step),
        "previous": flow.previous(step),
        "next": flow.next(step),
        "form_version": version or hearing.version,
        "step_url": step_url(hearing, step.slug),
        "step_template": step.template,
        "restored_draft": bundle.restored_draft,
        "error_count": bundle.error_count(),
        "stale": stale,
        "unsaved": unsaved,  # shown from the director's input, not from what is stored
        "latest_issue": None if flow.new else hearing.latest_issue(),
        **bundle.context(),
        **step.extra_context(flow),
    }
    template = "wizard/partials/step.html" if wants_fragment(request) else "wizard/step.html"
    response = render(request, template, context)
    if push and request.htmx:
        push_url(response, context["step_url"])
    return response


@require_GET
@director_required
def detect_hosting(request: HtmxHttpRequest, pk, index: int) -> HttpResponse:
    """The hosting-firm suggestion for the server step's domain block ``index``
    (loaded by htmx when the block has no server yet)."""
    hearing = get_object_or_404(Hearing, pk=pk)
    domains = list(dict.fromkeys(m.domain.lower() for m in Flow(hearing).mailboxes))
    if index >= len(domains):
        raise Http404
    context = {"index": index, "detection": detect(domains[index]), "hearing": hearing}
    return render(request, "wizard/partials/detect.html", context)
