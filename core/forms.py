"""The staff login form (``config/urls.py`` gives it to Django's LoginView)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .form_errors import name_the_field_in_errors


class BoundedUsername:
    """Django's login forms set the user name's max_length without its
    validator: an overlong name would reach authenticate() and the lockout's
    table (varchar 255, a 500 on PostgreSQL). Every login form of the site
    (this one and the admin's) refuses it as a field error instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length or 150))


class LoginForm(BoundedUsername, AuthenticationForm):
    error_messages = {
        "invalid_login": _("ユーザー名またはパスワードが正しくありません。大文字と小文字も区別されます。"),
        "inactive": _("このアカウントは利用できません。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("ユーザー名")
        self.fields["password"].label = _("パスワード")
        name_the_field_in_errors(self)

    def clean(self):
        """A refused login is an error of both fields: each is marked invalid and
        described by the message (#login-error, registration/login.html)."""
        try:
            return super().clean()
        except forms.ValidationError:
            for name in ("username", "password"):
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": "login-error"}
                )
            raise
