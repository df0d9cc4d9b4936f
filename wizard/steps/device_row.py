"""One row of the devices step written in Python: what
``templates/wizard/partials/step_devices.html`` writes for a row without
errors, without the ~90 template nodes a row costs there.

At the wizard's maximum (30 addresses × 30 devices) the step shows 900 rows,
and 「＋ 端末を追加」 sends the whole step back: through the template the rows
were half of that request. A row with an error still goes through the
template (its error links join the page's error summary there).
``tests/wizard/steps/test_device_row.py`` renders rows both ways and compares
them. Change both together.
"""

from __future__ import annotations

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# The three fields drawn as includes/field.html draws a field without errors.
_FIELD = '<div class="field">\n<label class="field__label" for="{id}">{label}{required}</label>\n{widget}\n{help}</div>\n'


def _e(value) -> str:
    return str(conditional_escape(value))


def _field(bound) -> str:
    required = f' <span class="required">{_e(_("必須"))}</span>' if bound.field.required else ""
    help_text = (
        f'<p class="field__help" id="{_e(bound.auto_id)}_helptext">{_e(bound.help_text)}</p>\n'
        if bound.help_text
        else ""
    )
    return _FIELD.format(
        id=_e(bound.id_for_label), label=_e(bound.label), required=required, widget=str(bound), help=help_text
    )


def device_row(form, *, mailbox_pk, index: int, rows: int, step_url: str, focus: bool) -> SafeString:
    """Row ``index`` (from 0) of the address ``mailbox_pk``, of ``rows``; ``focus``:
    the caret starts in its client list."""
    kind, client = form["kind"], form["client"]
    client_id = _e(client.id_for_label)
    chosen = kind.value()
    options = "".join(
        f'<option value="{_e(value)}"{" selected" if chosen == value else ""}>{_e(label)}</option>'
        for value, label in kind.field.choices
    )
    n = index + 1
    pk = _e(mailbox_pk)
    remove = (
        f'<button class="button button--secondary button--small" type="submit" name="action" '
        f'value="remove:{pk}:{index}" data-focus-after="#device-{pk}-{index}, #add-device-{pk}">'
        f"{_e(_('端末%(n)sを削除') % {'n': n})}</button>\n"
        if rows > 1
        else ""
    )
    return mark_safe(
        f'<fieldset class="row-card device-row" id="device-{pk}-{index}">\n'
        f"<legend>{_e(_('端末%(n)s') % {'n': n})}</legend>\n"
        f"{form['id']}\n"
        '<div class="grid-device">\n'
        '<div class="field">\n'
        f'<label class="field__label" for="{_e(kind.id_for_label)}">{_e(kind.label)}</label>\n'
        f'<select name="{_e(kind.html_name)}" id="{_e(kind.id_for_label)}" data-kind\n'
        f'hx-post="{_e(step_url)}" hx-trigger="kind-chosen" hx-include="closest form" '
        'hx-vals=\'{"action": "refresh"}\'\n'
        f'hx-select="#{client_id}-field" hx-target="#{client_id}-field" hx-swap="outerHTML">\n'
        f"{options}\n"
        "</select>\n"
        "</div>\n"
        f'<div id="{client_id}-field"{" data-focus" if focus else ""}>{_field(client)}</div>\n'
        f"{_field(form['quantity'])}"
        f"{_field(form['label'])}"
        "</div>\n"
        '<div class="row-actions">\n'
        f'<button class="button button--secondary button--small" type="submit" name="action" '
        f'value="copy:{pk}:{index}" data-focus-after="#device-{pk}-{n}">'
        f"{_e(_('端末%(n)sをコピー') % {'n': n})}</button>\n"
        f"{remove}"
        "</div>\n"
        "</fieldset>\n"
    )
