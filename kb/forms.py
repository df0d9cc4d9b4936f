from django import forms
from django.utils.translation import gettext_lazy as _

from .search import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
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


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("はい")), ("no", _("いいえ"))], coerce=lambda value: value == "yes"
    )
