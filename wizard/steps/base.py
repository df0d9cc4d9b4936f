"""What every step shares: the ``Step`` class (load, submit, save, complete,
summary), a step's forms as one typed ``Bundle``, the ``Outcome`` of a POST,
the row formsets' common rules, and the helpers that read rows back."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core.form_errors import FORMSET_MESSAGES
from core.parsing import whole_number
from core.times import staff_time

from .. import services
from ..models import Hearing


class Flow(Protocol):
    """What a step needs of the hearing going through the steps (``flow.Flow``)."""

    hearing: Hearing
    mailboxes: list
    steps: tuple

    def step(self, slug: str) -> Step | None: ...
    def previous(self, step: Step) -> Step | None: ...
    def next(self, step: Step) -> Step | None: ...


MAX_PEOPLE = 500
MAX_MAILBOXES = 30
MAX_DEVICES = 30


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
class Outcome:
    """``go_to``: show that step (after a save, or after keeping a draft);
    otherwise show this step again with ``bundle``. ``completed``: leave the
    wizard for the settings sheet."""

    hearing: Hearing
    go_to: object = None  # a steps.Step
    bundle: Bundle | None = None
    version: str | None = None  # the version the re-shown form keeps carrying
    stale: dict | None = None
    message: tuple[int, str] | None = None
    completed: bool = False


NON_DATA_KEYS = {"csrfmiddlewaretoken", "action", "version"}


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


@functools.cache
def row_formset(form_class, base, max_rows: int):
    """The formset of rows of ``form_class`` (made once per form class)."""
    return forms.formset_factory(form_class, formset=base, extra=0, max_num=max_rows, absolute_max=max_rows)


def row_fields(form_class) -> tuple[str, ...]:
    """A row form's field names (its ``id`` first): what a row is read, re-shown and saved by."""
    return tuple(form_class.base_fields)


def stored_row(obj: models.Model, names) -> dict:
    """A saved row as its form's initial values."""
    return {name: getattr(obj, name) for name in names if name != "id"} | {"id": obj.pk}


def empty_row(names) -> dict:
    return dict.fromkeys(names, "") | {"id": None}


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


class BaseRowFormSet(forms.BaseFormSet):
    """Row formsets: at least one row, no duplicates. A row not saved yet (no
    id) that is left empty is ignored, wherever it stands."""

    min_rows_message = _("1行以上入力してください。")
    default_error_messages = FORMSET_MESSAGES

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if not form["id"].value():
            form.empty_permitted = True
        return form

    def clean(self):
        if any(self.errors):
            return
        if not [form for form in self.forms if form.cleaned_data]:
            raise ValidationError(self.min_rows_message)


class Step:
    slug: str
    title: str | Promise
    template: str

    # What each step defines ---------------------------------------------------------

    def initial(self, flow: Flow) -> Bundle:
        raise NotImplementedError

    def bind(self, flow: Flow, data) -> Bundle:
        raise NotImplementedError

    def edit(self, bundle: Bundle, action: str) -> Bundle | None:
        """A row action (add, remove, refresh): the edited, unsaved forms. None
        when ``action`` is not a row action of this step."""
        return None

    def save(self, bundle: Bundle, *, hearing: Hearing, version, user) -> Hearing:
        raise NotImplementedError

    def is_completed(self, flow: Flow) -> bool:
        raise NotImplementedError

    def summary(self, flow: Flow) -> list[tuple[str, str]]:
        return []

    def extra_context(self, flow: Flow) -> dict:
        return {}

    # Shared behaviour -------------------------------------------------------------

    def load(self, flow: Flow) -> Bundle:
        """The forms as stored, or the input kept when the director went Back
        from this step with errors (shown with its errors)."""
        draft = flow.hearing.drafts.get(self.slug)
        if not draft:
            return self.initial(flow)
        bundle = self.bind(flow, as_querydict(draft))
        bundle.is_valid()
        bundle.restored_draft = True
        return bundle

    def submit(self, flow: Flow, data: QueryDict, *, user) -> Outcome:
        hearing = flow.hearing
        action = data.get("action", "next")
        version = data.get("version")
        bundle = self.bind(flow, data)
        edited = self.edit(bundle, action)
        if edited is not None:  # add/remove a row: nothing is saved yet
            return Outcome(hearing, bundle=edited, version=version)
        previous = flow.previous(self)
        if not bundle.is_valid():
            if action == "back" and previous:
                raw = {key: data.getlist(key) for key in data if key not in NON_DATA_KEYS}
                services.hearing_save_draft(hearing=hearing, step=self.slug, raw=raw)
                message = _("「%(title)s」の入力に誤りがあるため、保存せずに一時保存しました。") % {
                    "title": self.title
                }
                return Outcome(hearing, go_to=previous, message=(messages.WARNING, message))
            return Outcome(hearing, bundle=bundle, version=version)
        try:
            saved = self.save(bundle, hearing=hearing, version=version, user=user)
        except services.StaleHearing as stale:
            return Outcome(stale.current, bundle=bundle, stale=self.stale(flow, stale.current, user))
        if action == "back" and previous:
            return Outcome(saved, go_to=previous)
        if action == "save":
            return Outcome(saved, go_to=self, message=(messages.SUCCESS, _("保存しました。")))
        return Outcome(saved, go_to=flow.next(self))

    def stale(self, flow: Flow, current: Hearing, user) -> dict:
        """Who saved the hearing since this form was loaded, when, and what it now says."""
        saved_step = flow.step(current.last_saved_step)
        return {
            "who": current.last_saved_by.get_username() if current.last_saved_by else _("別のディレクター"),
            "own": current.last_saved_by_id is not None and current.last_saved_by_id == user.pk,
            "when": staff_time(current.updated_at),
            "step_title": saved_step.title if saved_step else "",
            "summary": self.summary(type(flow)(current)),
        }
