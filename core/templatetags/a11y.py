"""Accessible errors (docs/accessibility.md): one error summary per form, with a
link to each field that is wrong (GOV.UK Design System's error summary).

    {% load a11y %}
    {% errorsummary %}            … the form …            {% enderrorsummary %}
    {% error_link field.auto_id message %}   (includes/field.html does this)

Every error rendered inside the block registers itself with ``error_link``;
the block then puts one focusable summary of them all in front of its content.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.functional import Promise

from core.security import RENEW_EVERY_SECONDS

register = template.Library()

KEY = "error_summary_entries"


class ErrorSummaryNode(template.Node):
    def __init__(self, nodelist, level):
        self.nodelist, self.level = nodelist, level

    def render(self, context):
        entries: list[tuple[str, str]] = []
        with context.push(**{KEY: entries}):
            body = self.nodelist.render(context)
        if not entries:
            return body
        level = self.level.resolve(context) if self.level else 2
        summary = render_to_string(
            "includes/error_summary.html",
            {"entries": entries, "heading": f"h{level}"},
            request=context.get("request"),
        )
        return summary + body


@register.tag
def errorsummary(parser, token):
    """``{% errorsummary %}`` or ``{% errorsummary 3 %}`` (the level of its heading)."""
    bits = token.split_contents()
    level = parser.compile_filter(bits[1]) if len(bits) > 1 else None
    nodelist = parser.parse(("enderrorsummary",))
    parser.delete_first_token()
    return ErrorSummaryNode(nodelist, level)


@register.simple_tag(takes_context=True)
def error_link(context, target_id, *messages) -> str:
    """Name one error in the surrounding summary: ``target_id`` is where its link
    leads (the field, or the group's fieldset). Outside a summary it does nothing."""
    entries = context.get(KEY)
    if entries is None:
        return ""
    for message in messages:
        for text in [message] if isinstance(message, str | Promise) else message:
            entry = (str(target_id), str(text))
            if entry not in entries:
                entries.append(entry)
    return ""


@register.simple_tag
def session_seconds(which: str) -> int:
    """The staff session's timing for static/js/session.js: ``idle`` (how long
    without a request ends it) or ``renew_every`` (how often the server renews it)."""
    return {"idle": settings.SESSION_COOKIE_AGE, "renew_every": RENEW_EVERY_SECONDS}[which]
