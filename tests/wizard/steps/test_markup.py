"""The devices step's widgets written in Python (wizard/steps/markup.py) are,
character for character, what Django's widget templates write."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from wizard.steps.devices import DeviceRowForm
from wizard.steps.markup import RowRenderer

DJANGO = DjangoTemplates()
OURS = RowRenderer()


def _both(form_class, **kwargs) -> list[tuple[str, str]]:
    ours = form_class(renderer=OURS, **kwargs)
    django = form_class(renderer=DJANGO, **kwargs)
    for form in (ours, django):
        if form.is_bound:
            form.is_valid()  # errors mark their fields (aria-invalid, aria-describedby)
    return [(str(ours[name]), str(django[name])) for name in ours.fields]


ROWS = {
    "a stored PC row": {
        "initial": {"id": 5, "kind": "pc", "client": "thunderbird", "label": "PC1", "quantity": 1}
    },
    "a phone row": {"initial": {"kind": "smartphone", "client": "ios_mail", "label": "", "quantity": 2}},
    "a tablet row with no client yet": {"initial": {"kind": "tablet"}},
    "a new empty row (every kind's clients, in groups)": {"initial": {}},
    "a row typed with a client of the wrong kind": {
        "data": {"r-kind": "tablet", "r-client": "outlook_classic", "r-label": "受付", "r-quantity": "２"}
    },
    "a row with markup and quotes in its name and a bad count": {
        "data": {"r-kind": "pc", "r-client": "pc/becky", "r-label": '<b>"田中"&\'s</b>', "r-quantity": "abc"}
    },
    "a row over the limits": {"data": {"r-client": "nonexistent", "r-label": "x" * 60, "r-quantity": "999"}},
}


@pytest.mark.parametrize("row", ROWS)
def test_every_widget_of_a_device_row_is_written_as_djangos_templates_write_it(row):
    for ours, django in _both(DeviceRowForm, prefix="r", **ROWS[row]):
        assert ours == django


class Everything(forms.Form):
    text = forms.CharField(
        widget=forms.TextInput(attrs={"autofocus": True, "disabled": False, "data-x": 'a"b'})
    )
    number = forms.IntegerField(localize=True)
    email = forms.EmailField()
    url = forms.URLField(assume_scheme="https")
    hidden = forms.CharField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(
        choices=[
            ("", "—"),
            ("Group", [(1, 1234567), (mark_safe("<i>"), mark_safe("<i>safe</i>"))]),
            ("lazy", gettext_lazy("選んでください")),
        ]
    )
    several = forms.MultipleChoiceField(choices=[("a", "<a>"), ("b", "B")])


def test_other_inputs_and_selects_are_written_as_djangos_templates_write_them_too():
    data = {"text": "<script>", "number": "1234567", "email": "x", "url": "", "hidden": "h", "choice": "1",
            "several": ["a", "b"]}  # fmt: skip
    pairs = _both(Everything, data=data) + _both(Everything, initial={"number": 1234567, "choice": "lazy"})
    for ours, django in pairs:
        assert ours == django


def test_a_select_with_an_option_template_of_its_own_is_left_to_django():
    class Own(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    class OwnForm(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A")], widget=Own)

    [(ours, django)] = _both(OwnForm, initial={"pick": "a"})
    assert ours == django and "<label" in ours
