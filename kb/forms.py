"""The knowledge base's forms: search, the 「役に立ちましたか」 vote and the
reason for a 「いいえ」. Their errors name the field (``core.form_errors``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_errors import NamedErrorsMixin

from .models import COMMENT_MAX_LENGTH, ArticleVote
from .search import MAX_QUERY_LENGTH


class SearchForm(NamedErrorsMixin, forms.Form):
    q = forms.CharField(
        label=_("記事を検索"),
        required=False,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("例: POP IMAP 違い"),
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        ),
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        self.truncated = len(query) > MAX_QUERY_LENGTH
        return query[:MAX_QUERY_LENGTH]


class VoteForm(NamedErrorsMixin, forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("この記事は役に立ちましたか"),
        choices=[("yes", _("はい")), ("no", _("いいえ"))],
        coerce=lambda value: value == "yes",
    )


class VoteReasonForm(NamedErrorsMixin, forms.Form):
    """Why a 「いいえ」: a reason and, if the visitor likes, a few words. Never published."""

    token = forms.CharField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("役に立たなかった理由"),
        choices=ArticleVote.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("理由を1つ選んでください。")},
    )
    comment = forms.CharField(
        label=_("よろしければ、詳しく教えてください（任意）"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
        help_text=_(
            "500文字まで。記事の見直しにだけ使い、サイトには公開しません。お名前や連絡先は書かないでください。"
        ),
        error_messages={"max_length": _("500文字以内で書いてください（いまは%(show_value)d文字です）。")},
    )
