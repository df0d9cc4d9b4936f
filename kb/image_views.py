"""The files of article pictures (kb/images.py), from the site's own address.

A file's URL carries its picture's digest: the answer never changes, so
browsers and proxies keep it for a year (``immutable``). A URL of a picture
that has since been replaced redirects, briefly cached, to the current file
of the same width (or the nearest wider one), so a page cached somewhere
with the old address still shows the picture.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_GET

from .images import CONTENT_TYPE, ImageVariant

YEAR = 60 * 60 * 24 * 365
REDIRECT_SECONDS = 60 * 5


@require_GET
def image(request, pk: int, digest: str, width: int) -> HttpResponse:
    variants = list(
        ImageVariant.objects.filter(image_id=pk).select_related("image").defer("data").order_by("width")
    )
    if not variants:
        raise Http404
    current = variants[0].image.short_digest
    exact = next((v for v in variants if v.width == width), None)
    if digest != current or exact is None:
        nearest = next((v for v in variants if v.width >= width), variants[-1])
        response = HttpResponseRedirect(nearest.url())
        response["Cache-Control"] = f"public, max-age={REDIRECT_SECONDS}"
        return response
    data = ImageVariant.objects.get(pk=exact.pk).read()
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response["Content-Length"] = str(len(data))
    return response
