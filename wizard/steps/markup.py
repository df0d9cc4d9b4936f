"""Row widgets drawn in Python: the markup of Django's own widget templates,
without a template render per widget and per option.

The devices step at its maximum (30 addresses × 30 devices) shows 900 rows
of four widgets, one of them a list of ten clients: through Django's
templates that is about 15,000 template renders, most of the step's time.
``RowRenderer`` writes the text inputs and the select itself, character for
character as Django's templates do (escaping, localisation, ``True`` and
``False`` attributes, option groups), and passes every other template to
Django. ``tests/wizard/steps/test_markup.py`` renders each state of a row
both ways and compares them.
"""

from __future__ import annotations

import html

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"
# Templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUTS = frozenset(
    f"{WIDGETS}{name}.html" for name in ("input", "text", "hidden", "number", "email", "url", "tel")
)
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"


def _text(value) -> str:
    """``{{ value }}`` (autoescaped, localised)."""
    if type(value) is str:  # most of them: nothing to localise, nothing marked safe
        return html.escape(value)
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031 (the filter's own formatting)
    return _text(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``."""
    return "".join(
        f" {_text(name)}" + ("" if value is True else f'="{_formatted(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(option: dict) -> str:
    return f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>'


def _select(widget: dict) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        # Each option is an {% include %}: its template's closing newline stays.
        parts.extend(f"\n  {_option(option)}\n" for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class RowRenderer(DjangoTemplates):
    """Django's form renderer, with text inputs and selects written in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name in INPUTS:
            return _input(widget)
        if template_name == SELECT and all(
            option["template_name"] == OPTION
            for _name, options, _index in widget["optgroups"]
            for option in options
        ):
            return _select(widget)
        return super().render(template_name, context, request)
