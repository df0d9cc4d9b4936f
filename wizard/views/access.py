"""Who may use the directors' views, and how a view leaves to another page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from core.htmx import HtmxHttpRequest


def director_required(view):
    """Logged-in staff with the wizard's permissions (ディレクター or admin)."""
    return login_required(permission_required("wizard.view_hearing", raise_exception=True)(view))


def require_perm(request: HtmxHttpRequest, permission: str) -> None:
    """Refuse (403) a director without ``permission``, e.g. ``wizard.add_hearing``."""
    if not request.user.has_perm(permission):
        raise PermissionDenied


def leave(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """Go to another page: a full navigation for htmx, a redirect otherwise."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def step_url(hearing, slug: str) -> str:
    """A step's address; a hearing not saved yet has only its first step."""
    if hearing._state.adding:
        return reverse("wizard:hearing_new")
    return reverse("wizard:step", kwargs={"pk": hearing.pk, "step": slug})
