"""Forms of the pages around the wizard's steps: the hearing list's filter, a
new customer link, a device's report back to the director, a staff member's
notice setting. Every error names its field (``core.form_errors``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_errors import NamedErrorsMixin, name_the_field_in_errors

from .fields import NormalizingMixin
from .models import CustomerLink, DeviceReport, Hearing, NoticeSetting
from .models.reports import TEXT_LIMIT
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


class DraftCleanupForm(NamedErrorsMixin, forms.Form):
    """Which abandoned drafts to delete: untouched for ``days``; ``before`` is the
    moment the director confirmed (the list they saw)."""

    DAY_CHOICES = (7, 30, 90, 180)

    days = forms.TypedChoiceField(
        label=_("最後の保存から"),
        choices=[(days, _("%(days)d日以上") % {"days": days}) for days in DAY_CHOICES],
        coerce=int,
        initial=30,
    )
    before = forms.DateTimeField(label=_("確認した時刻"), required=False, widget=forms.HiddenInput)


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
        help_text=_("社内用です（例：「山田様のiPhone」）。"),
        error_messages={
            "max_length": _(
                "「送付先メモ」は%(limit_value)d文字以内で入力してください（いまは%(show_value)d文字です）。"
            )
        },
    )


class DeviceReportForm(forms.Form):
    """From a device's personal guide, back to the director: the state, the
    step, which device of a ×N row, and optionally what happened (for the
    director alone). Nothing about the person."""

    state = forms.ChoiceField(
        label=_("設定の結果"),
        choices=DeviceReport.State.choices,
        error_messages={"required": _("「設定できました」か「うまくいかない」を選んでください。")},
    )
    step = forms.IntegerField(
        label=_("手順"), required=False, min_value=1, max_value=200, widget=forms.HiddenInput
    )
    unit = forms.TypedChoiceField(label=_("どの端末ですか"), coerce=int, required=False, choices=())
    text = forms.CharField(
        label=_("どうなりましたか（任意）"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_LIMIT}),
        help_text=_(
            "表示されたメッセージなどを書いてください（%(limit)d文字まで）。担当者だけが読み、公開されません。パスワードは書かないでください。"
        )
        % {"limit": TEXT_LIMIT},
        error_messages={
            "max_length": _("%(limit_value)d文字以内で入力してください（いまは%(show_value)d文字です）。")
        },
    )

    def __init__(self, *args, quantity: int = 1, name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        if quantity > 1:
            unit.required = True
            unit.widget = forms.RadioSelect()
            unit.choices = [
                (n, _("%(name)sの%(n)d台目") % {"name": name, "n": n}) for n in range(1, quantity + 1)
            ]
            unit.error_messages["required"] = _("どの端末のことか選んでください。")
        else:
            unit.widget = forms.HiddenInput()
            unit.choices = [(0, "")]
        name_the_field_in_errors(self)  # with the unit's widget as shown

    def clean_unit(self):
        return self.cleaned_data.get("unit") or 0


class NoticeSettingForm(NamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = NoticeSetting
        fields = ["on_trouble", "on_done"]
