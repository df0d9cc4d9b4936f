"""The admin's forms in the site's Japanese: every error names its field.

``SiteAdmin`` is the admin site (``core.admin_config`` makes it the default):
whatever a module registers on it, its add, change and list forms name the
field in their errors (``register`` gives each a form class that does, once),
and its login and password-change pages use the forms below. The staff
users' own forms (core/admin.py) are here too.
"""

from __future__ import annotations

import functools

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .form_errors import NamedErrorsMixin
from .forms import BoundedUsername

PASSWORD_MISMATCH = _("2つのパスワードが一致しません。同じパスワードを2回入力してください。")
USERNAME_CHARACTERS = _("「{label}」には、英字・数字と「@」「.」「+」「-」「_」だけが使えます。")


@functools.cache
def named(form_class):
    """``form_class``, with errors that name each field (one class per form)."""
    if issubclass(form_class, NamedErrorsMixin):
        return form_class
    return type(form_class.__name__, (NamedErrorsMixin, form_class), {"__module__": form_class.__module__})


class NamedErrorsAdmin:
    """A ModelAdmin whose list form names the field in errors (``SiteAdmin.register``
    gives it add and change forms that do)."""

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", named(forms.ModelForm))
        return super().get_changelist_form(request, **kwargs)


class AdminLoginForm(NamedErrorsMixin, BoundedUsername, AdminAuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "ユーザー名またはパスワードが正しくありません。スタッフのアカウントで、大文字と小文字も区別して入力してください。"
        ),
        "inactive": _("このアカウントは利用できません。"),
    }


class PasswordChangeForm(NamedErrorsMixin, auth_forms.PasswordChangeForm):
    """A staff member's own password (the admin's 「パスワードの変更」)."""

    error_messages = {
        "password_mismatch": PASSWORD_MISMATCH,
        "password_incorrect": _("いまのパスワードが正しくありません。もう一度入力してください。"),
    }


class UserPasswordForm(NamedErrorsMixin, auth_forms.AdminPasswordChangeForm):
    """Another user's password, set by an administrator."""

    error_messages = {"password_mismatch": PASSWORD_MISMATCH}


def _username_characters(form) -> None:
    username = form.fields.get("username")
    if username is not None:
        username.error_messages["invalid"] = str(USERNAME_CHARACTERS).replace("{label}", str(username.label))


class UserCreationForm(NamedErrorsMixin, auth_forms.AdminUserCreationForm):
    error_messages = {"password_mismatch": PASSWORD_MISMATCH}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _username_characters(self)


class UserChangeForm(NamedErrorsMixin, auth_forms.UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _username_characters(self)


class SiteAdmin(admin.AdminSite):
    """The admin under the site's name, in the site's Japanese."""

    site_header = _("メール設定ナビ 管理画面")
    site_title = _("メール設定ナビ 管理画面")
    index_title = _("管理メニュー")
    login_form = AdminLoginForm

    def register(self, model_or_iterable, admin_class=None, **options):
        """Whoever registers a model, its admin's forms name the field in errors."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, NamedErrorsAdmin):
            attrs = {"__module__": admin_class.__module__}
            for name in ("form", "add_form"):
                if getattr(admin_class, name, None) is not None:
                    attrs[name] = named(getattr(admin_class, name))
            admin_class = type(admin_class.__name__, (NamedErrorsAdmin, admin_class), attrs)
        super().register(model_or_iterable, admin_class, **options)

    def password_change(self, request, extra_context=None):
        """Django's view with the form above (its own names AdminPasswordChangeForm)."""
        from django.contrib.auth.views import PasswordChangeView

        defaults = {
            "form_class": PasswordChangeForm,
            "success_url": reverse("admin:password_change_done", current_app=self.name),
            "extra_context": {**self.each_context(request), **(extra_context or {})},
        }
        if self.password_change_template is not None:
            defaults["template_name"] = self.password_change_template
        request.current_app = self.name
        return PasswordChangeView.as_view(**defaults)(request)
