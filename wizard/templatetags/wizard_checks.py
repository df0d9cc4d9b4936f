"""The server step's mailbox read: each address's latest check, and what a
read measured in words (wizard/steps/checks.py, wizard/handoff/measured.py)."""

from django import template

from ..handoff import measured

register = template.Library()


@register.simple_tag(takes_context=True)
def mailbox_check(context, mailbox):
    """The address's latest read from the last hour (None: none)."""
    return (context.get("mailbox_checks") or {}).get(mailbox.pk)


@register.simple_tag
def measured_summary(mailbox) -> str:
    """「実測（12月6日）：…」 and which values the advice uses (empty: never read)."""
    return measured.summary(mailbox) + measured.used_for_advice(mailbox)
