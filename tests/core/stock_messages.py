"""Django's own error messages, as Japanese readers get them: every default
message of Django's form and model fields, of its validators, of the model
fields of every installed model, of its auth and admin forms, its password
rules and its formsets, rendered under ``ja``. ``is_stock(message)`` says
whether a message is one of them (whatever values it was given)."""

from __future__ import annotations

import inspect
import re
from functools import cache

from django.apps import apps
from django.contrib.admin import forms as admin_forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth import validators as auth_validators
from django.core import validators
from django.db import models
from django.db.models.constraints import BaseConstraint
from django.forms import fields as form_fields
from django.forms import formsets
from django.forms import models as model_forms
from django.utils import translation

SENTINEL = 987654  # stands for any value a message is given


class _AnyValue(dict):
    def __missing__(self, key):
        return SENTINEL


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _from_django(cls) -> bool:
    return cls.__module__.startswith("django.")


def _render(message) -> str:
    """A message with every parameter replaced by SENTINEL ("%s" and "{name}" too)."""
    try:
        text = message % _AnyValue()
    except (TypeError, ValueError, KeyError):
        text = str(message)
    text = re.sub(r"%\([^)]*\)[sdrf]|%[sdrf]", str(SENTINEL), str(text))
    return re.sub(r"\{[a-z_]*\}", str(SENTINEL), text)


def _raw_messages():
    """Every message object (lazy or not) Django may give a form's reader."""
    for base in (form_fields.Field, models.Field):
        for cls in [base, *_subclasses(base)]:
            if _from_django(cls):
                yield from getattr(cls, "default_error_messages", {}).values()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            yield from getattr(field, "error_messages", {}).values()
            for validator in getattr(field, "validators", ()):
                if getattr(validator, "message", None):
                    yield validator.message
    for module in (validators, auth_validators):
        for _name, obj in inspect.getmembers(module):
            message = getattr(obj, "message", None)
            if message and (inspect.isclass(obj) or callable(obj)):
                yield message
    for limit in (validators.MaxLengthValidator, validators.MinLengthValidator):
        yield limit(1).message
    for module in (auth_forms, admin_forms, formsets, model_forms):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            for attribute in ("error_messages", "default_error_messages"):
                value = getattr(cls, attribute, None)
                if isinstance(value, dict):
                    yield from value.values()
    for rule in (
        password_validation.MinimumLengthValidator(12),
        password_validation.UserAttributeSimilarityValidator(),
        password_validation.CommonPasswordValidator(),
        password_validation.NumericPasswordValidator(),
    ):
        yield rule.get_error_message()
        yield rule.get_help_text()
    yield BaseConstraint.default_violation_error_message
    formset = model_forms.BaseModelFormSet
    yield formset.get_unique_error_message(formset, [str(SENTINEL)])
    yield formset.get_form_error(formset)


@cache
def stock_patterns() -> tuple[re.Pattern, ...]:
    """Each stock message as a pattern, its parameters standing for any text.
    A message with too little text of its own to recognise is left out."""
    patterns = set()
    with translation.override("ja"):
        for message in _raw_messages():
            text = _render(message).strip()
            own_text = re.sub(r"\W|\d", "", text.replace(str(SENTINEL), ""))
            if len(own_text) < 4:
                continue
            pattern = re.escape(text).replace(str(SENTINEL), ".+?")
            pattern = re.sub(r"(\\ )+", r"\\s*", pattern)  # spacing around values varies
            patterns.add(pattern)
    return tuple(re.compile(pattern) for pattern in sorted(patterns))


def is_stock(message: str) -> bool:
    text = " ".join(str(message).split())
    return any(pattern.fullmatch(text) for pattern in stock_patterns())
