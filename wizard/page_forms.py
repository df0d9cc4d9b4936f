"""Forms of the pages around the wizard's steps: the hearing list's filter, a
new customer link, a device's report back to the director, the staff login."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .fields import NormalizingMixin
from .models import CustomerLink, DeviceReport, Hearing
from .roles import active_staff


class HearingFilterForm(NormalizingMixin, forms.Form):
    q = forms.CharField(
        label=_("検索"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("会社名・ご担当者・メールアドレス")}
        ),
    )
    status = forms.ChoiceField(
        label=_("状態"), required=False, choices=[("", _("すべて")), *Hearing.Status.choices]
    )
    director = forms.ModelChoiceField(
        label=_("担当"), required=False, queryset=active_staff().none(), empty_label=_("全員")
    )
    mine = forms.BooleanField(label=_("自分の担当のみ"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["director"].queryset = active_staff()


class DraftCleanupForm(forms.Form):
    """Which abandoned drafts to delete: untouched for ``days``; ``before`` is the
    moment the director confirmed (the list they saw)."""

    DAY_CHOICES = (7, 30, 90, 180)

    days = forms.TypedChoiceField(
        label=_("最後の保存から"),
        choices=[(days, _("%(days)d日以上") % {"days": days}) for days in DAY_CHOICES],
        coerce=int,
        initial=30,
    )
    before = forms.DateTimeField(required=False, widget=forms.HiddenInput)


class CustomerLinkForm(NormalizingMixin, forms.Form):
    """A new customer link: how long it lives and, optionally, who it is for."""

    days = forms.TypedChoiceField(
        label=_("有効期限"),
        choices=[(days, _("%(days)d日間") % {"days": days}) for days in CustomerLink.DAY_CHOICES],
        coerce=int,
        initial=CustomerLink.DEFAULT_DAYS,
        error_messages={"invalid_choice": _("有効期限は一覧から選んでください。")},
    )
    note = forms.CharField(
        label=_("送付先メモ（任意）"),
        max_length=50,
        required=False,
        help_text=_("社内用。例: 山田様 iPhone 用"),
        error_messages={"max_length": _("送付先メモは %(limit_value)d 文字以内で入力してください。")},
    )


class DeviceReportForm(forms.Form):
    """From a device's personal guide, back to the director: nothing personal."""

    state = forms.ChoiceField(choices=DeviceReport.State.choices)
    step = forms.IntegerField(label=_("うまくいかない手順の番号"), required=False, min_value=1, max_value=50)


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("ユーザー名またはパスワードが正しくありません。大文字と小文字も区別されます。"),
        "inactive": _("このアカウントは利用できません。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = _("ユーザー名")
        # Django sets max_length here without its validator: an overlong name
        # would reach authenticate() and the lockout's table (varchar 255).
        username.validators.append(
            MaxLengthValidator(
                username.max_length or 150,
                message=_("ユーザー名は %(limit_value)d 文字以内で入力してください。"),
            )
        )
        self.fields["password"].label = _("パスワード")

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
