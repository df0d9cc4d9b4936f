"""``{% device_row %}``: a devices-step row without errors, written in Python
(wizard/steps/device_row.py)."""

from django import template
from django.utils.safestring import SafeString

from wizard.steps.device_row import device_row as write_row

register = template.Library()


@register.simple_tag
def device_row(form, *, mailbox_pk, index, rows, step_url, first, start_in, unsaved) -> SafeString:
    focus = bool(first and mailbox_pk == start_in and not unsaved)
    return write_row(form, mailbox_pk=mailbox_pk, index=index, rows=rows, step_url=step_url, focus=focus)
