import base64
import functools
import hashlib
from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.times import staff_time as _staff_time

register = template.Library()


@functools.cache
def _sri(path: str) -> str:
    source = finders.find(path)
    digest = hashlib.sha384(Path(source).read_bytes()).digest()
    return "sha384-" + base64.b64encode(digest).decode()


@register.simple_tag
def script(path: str) -> SafeString:
    """A deferred same-origin <script> with Subresource Integrity."""
    return format_html('<script src="{}" integrity="{}" defer></script>', static(path), _sri(path))


@register.filter
def person_name(user) -> str:
    """A staff member as a Japanese reader writes a name: family name first
    (「田中 一郎」), or the user name when no name is set."""
    full = f"{user.last_name} {user.first_name}".strip()
    return full or user.get_username()


@register.filter
def staff_time(value) -> str:
    """A time as staff read it: 「12月6日 10:42」 in Japan time (core.times)."""
    return _staff_time(value)
