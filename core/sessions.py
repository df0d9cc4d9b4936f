"""Staff sessions that end without losing work (WCAG 2.2.1, docs/accessibility.md).

- ``session_renew``: the 「ログインを続ける」 of the expiry warning
  (static/js/session.js). A plain link without JavaScript: it renews the idle
  timer and goes back; with JavaScript it answers JSON and the page stays.
- ``ExpiredSessionMiddleware``: a director whose session ended while typing
  presses 保存: instead of the login redirect (which drops the POST), the
  login page is shown with the input carried in hidden fields.
- ``StaffLoginView``: after logging in, carried input is sent on to where it
  was going (one button; static/js/a11y.js presses it), so the save happens.

Nothing is stored: the input travels in the page, as it did in the form. A
field whose name mentions a password is never carried.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .security import SESSION_STARTED_KEY, renew_idle_timer

CARRY = "carry:"
NEVER_CARRIED = ("csrfmiddlewaretoken", "password")


def carried_fields(data) -> list[tuple[str, str]]:
    """A form's fields to carry through a login, as (name, value) pairs in order."""
    return [
        (name, value)
        for name in data
        if not any(word in name.lower() for word in NEVER_CARRIED)
        for value in data.getlist(name)
    ]


def _safe_next(request: HttpRequest, url: str) -> str | None:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else None


@never_cache
@require_GET
def session_renew(request: HttpRequest) -> HttpResponse:
    """Renew the staff session's idle timer; back to ``next`` (or JSON for the script)."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse({"renewed": False}, status=401)
        return redirect_to_login(_safe_next(request, request.GET.get("next", "")) or "/")
    now = time.time()
    renew_idle_timer(request.session, now)
    started = request.session.get(SESSION_STARTED_KEY, now)
    left = int(settings.SESSION_ABSOLUTE_SECONDS - (now - started))
    if wants_json:
        return JsonResponse({"renewed": True, "idle": settings.SESSION_COOKIE_AGE, "absolute_left": left})
    return redirect(_safe_next(request, request.GET.get("next", "")) or settings.LOGIN_REDIRECT_URL)


class ExpiredSessionMiddleware:
    """A POST to a staff page from a session that has ended (after the CSRF
    check passed) gets the login page carrying the POST, not a redirect."""

    PREFIXES = ("wizard/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.user.is_authenticated:
            return None
        if not any(request.path_info.startswith("/" + prefix) for prefix in self.PREFIXES):
            return None
        # The login page's own form class, as config/urls.py gave it to the view.
        login_view = resolve(reverse("login")).func
        form_class = login_view.view_initkwargs.get("authentication_form") or AuthenticationForm
        context = {
            "form": form_class(request),
            "next": request.get_full_path(),
            "carry": carried_fields(request.POST),
            "expired": True,
            "site_name": settings.SITE_NAME,
        }
        response = render(request, "registration/login.html", context)
        if getattr(request, "htmx", False):
            # Only the login part of the page, in place of the page's main content.
            response["HX-Retarget"] = "#main"
            response["HX-Reswap"] = "innerHTML"
            response["HX-Reselect"] = "#login"
        return response


class StaffLoginView(auth_views.LoginView):
    """Django's login, which also carries a POST through it (see above)."""

    redirect_authenticated_user = True

    def carry(self) -> list[tuple[str, str]]:
        return [
            (name.removeprefix(CARRY), value)
            for name, value in carried_fields(self.request.POST)
            if name.startswith(CARRY)
        ]

    def dispatch(self, request, *args, **kwargs):
        # Logged in again meanwhile (in another tab): send the carried input on
        # at once instead of LoginView's redirect, which would drop it.
        if request.method == "POST" and request.user.is_authenticated:
            forwarded = self.forward()
            if forwarded is not None:
                return forwarded
        return super().dispatch(request, *args, **kwargs)

    def forward(self) -> HttpResponse | None:
        """The page that posts the carried input on, if there is any and a safe place to send it."""
        carried = self.carry()
        target = _safe_next(self.request, self.request.POST.get("next", ""))
        if not (carried and target):
            return None
        return render(self.request, "registration/carry_forward.html", {"carry": carried, "action": target})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["carry"] = self.carry()
        context["expired"] = bool(context["carry"])
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        carried = self.carry()
        target = _safe_next(self.request, self.request.POST.get("next", ""))
        if carried and target:
            return render(
                self.request, "registration/carry_forward.html", {"carry": carried, "action": target}
            )
        return response
