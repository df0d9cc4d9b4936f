"""Site-wide small views: health check, robots.txt, favicon."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and the admin ask for /favicon.ico; ours is an SVG in static/."""
    return redirect(static("favicon.svg"), permanent=True)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Bare liveness check: the whole middleware stack, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")
