"""A devices-step row without errors, written in Python (wizard/steps/device_row.py),
is what templates/wizard/partials/device_row.html writes for it, up to whitespace."""

import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string

from wizard.steps.device_row import device_row
from wizard.steps.devices import DeviceRowForm

STEP_URL = "/wizard/0f5e2a6c-0000-4000-8000-000000000000/devices/"

ROWS = {
    "a stored PC row": {"id": 5, "kind": "pc", "client": "thunderbird", "label": "PC1", "quantity": 1},
    "a phone row of two": {"kind": "smartphone", "client": "ios_mail", "label": "", "quantity": 2},
    "a tablet row with no client yet": {"kind": "tablet"},
    "a new empty row (every kind's clients)": {},
    "a name with markup and quotes": {"kind": "pc", "client": "becky", "label": '<b>"田中"&\'s</b>'},
}


def _same(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def _both(initial, *, pk=7, index=0, rows=2, first=True, start_in=None, unsaved=False):
    form = DeviceRowForm(initial=initial, prefix=f"dev{pk}-{index}")
    group = SimpleNamespace(mailbox=SimpleNamespace(pk=pk), formset=SimpleNamespace(forms=[None] * rows))
    context = {
        "form": form, "group": group, "step_url": STEP_URL, "start_in": start_in, "unsaved": unsaved,
        "forloop": {"counter0": index, "counter": index + 1, "first": first},
    }  # fmt: skip
    template = render_to_string("wizard/partials/device_row.html", context)
    focus = bool(first and pk == start_in and not unsaved)
    ours = device_row(form, mailbox_pk=pk, index=index, rows=rows, step_url=STEP_URL, focus=focus)
    return _same(ours), _same(template)


@pytest.mark.parametrize("row", ROWS)
def test_a_row_written_in_python_is_the_templates_row(row):
    ours, template = _both(ROWS[row])
    assert ours == template


@pytest.mark.parametrize(
    "where",
    [
        {"index": 0, "rows": 1},  # the only row: no 「削除」
        {"index": 4, "rows": 9, "first": False},
        {"index": 0, "rows": 3, "start_in": 7},  # the caret starts here
        {"index": 0, "rows": 3, "start_in": 7, "unsaved": True},
        {"index": 0, "rows": 3, "start_in": 8},
    ],
)
def test_a_row_in_any_place_of_its_address_is_the_templates_row(where):
    ours, template = _both(ROWS["a stored PC row"], **where)
    assert ours == template


def test_the_rows_of_the_step_are_the_python_rows_unless_a_row_has_an_error(director_client, complete):
    hearing = complete(mailboxes=1, devices=(("pc", "thunderbird"),))
    mailbox = hearing.mailboxes.get()
    url = f"/wizard/{hearing.pk}/devices/"
    page = director_client.get(url).content.decode()
    assert page.count('class="row-card device-row"') == 2 and "佐々木" not in page
    bad = {
        "version": hearing.version, "action": "next",
        f"dev{mailbox.pk}-TOTAL_FORMS": 1, f"dev{mailbox.pk}-INITIAL_FORMS": 0,
        f"dev{mailbox.pk}-0-kind": "tablet", f"dev{mailbox.pk}-0-client": "outlook_classic",
        f"dev{mailbox.pk}-0-label": "佐々木", f"dev{mailbox.pk}-0-quantity": "1",
    }  # fmt: skip
    shown = director_client.post(url, bad, HTTP_HX_REQUEST="true").content.decode()
    assert 'aria-invalid="true"' in shown and "佐々木" in shown  # the row with its error, as typed
