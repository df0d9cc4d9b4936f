"""A step's forms as one typed value (a bundle): what its template shows, whether
it is valid, how many errors it has; and the review's summary of a form."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext as _

from .fields import whole_number
from .forms import CustomerForm, DeviceFormSet, MailboxFormSet, ServerForm
from .models import Mailbox


@dataclass
class Bundle:
    """The forms of one step as its template shows them."""

    restored_draft: bool = field(default=False, kw_only=True)

    def forms(self) -> list:
        return []

    def context(self) -> dict:
        return {}

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.forms()]  # every form, so all errors show
        return all(results)

    def error_count(self) -> int:
        return sum(
            form.total_error_count() if hasattr(form, "total_error_count") else len(form.errors)
            for form in self.forms()
            if form.is_bound
        )


@dataclass
class CustomerBundle(Bundle):
    form: CustomerForm

    def forms(self):
        return [self.form]

    def context(self):
        return {"form": self.form}


@dataclass
class AddressesBundle(Bundle):
    formset: MailboxFormSet

    def forms(self):
        return [self.formset]

    def context(self):
        return {"formset": self.formset}


@dataclass
class DeviceGroup:
    mailbox: Mailbox
    formset: DeviceFormSet


@dataclass
class DevicesBundle(Bundle):
    groups: list[DeviceGroup]

    def forms(self):
        return [group.formset for group in self.groups]

    def context(self):
        return {"groups": self.groups}


@dataclass
class ServerGroup:
    mailbox: Mailbox
    form: ServerForm


@dataclass
class ServerBundle(Bundle):
    groups: list[ServerGroup]

    def forms(self):
        return [group.form for group in self.groups]

    def context(self):
        return {"groups": self.groups}


def as_querydict(raw: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in raw.items():
        data.setlist(key, values)
    return data


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("はい") if value else _("いいえ")
    if hasattr(value, "get_username"):
        return value.get_username()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def answer_lines(form_class, instance: models.Model) -> list[tuple[str, str]]:
    """(label, value) for each field of a model form, as the review shows it."""
    lines = []
    for name in form_class.Meta.fields:
        value = getattr(instance, name)
        model_field = instance._meta.get_field(name)
        if model_field.choices and value not in (None, ""):
            value = getattr(instance, f"get_{name}_display")()
        lines.append((str(form_class.base_fields[name].label), _display(value)))
    return lines


def submitted_rows(formset, names) -> list[dict]:
    """Every row as submitted (for re-showing after an edit)."""
    return [{name: form[name].value() for name in names} for form in formset.forms]


def cleaned_rows(formset, names) -> list[dict]:
    """The filled-in rows, cleaned (for saving)."""
    return [
        {name: form.cleaned_data.get(name) for name in names} for form in formset.forms if form.cleaned_data
    ]


def row_index(text: str) -> int | None:
    return whole_number(text)
