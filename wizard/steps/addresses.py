"""Step 2, メールアドレスと利用人数: the addresses and how many people read each.

To add a question: a ``Mailbox`` field (and its migration) and a field of
the same name on ``MailboxRowForm``; the rows are read, re-shown and saved
by the form's own field names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.parsing import whole_number

from .. import services
from ..fields import NormalizingMixin, NumberInput, nfkc
from .base import (
    MAX_MAILBOXES,
    MAX_PEOPLE,
    BaseRowFormSet,
    Bundle,
    Step,
    cleaned_rows,
    empty_row,
    row_fields,
    row_formset,
    row_index,
    stored_row,
    submitted_rows,
)


class MailboxRowForm(NormalizingMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    address = forms.EmailField(
        label=_("メールアドレス"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": "info@example.co.jp", "inputmode": "email"}
        ),
        help_text=_("2つ目からは、同じドメインなら「@」より前だけで構いません。"),
    )
    people = forms.IntegerField(
        label=_("読む人数"),
        min_value=1,
        max_value=MAX_PEOPLE,
        required=False,  # empty means one
        widget=NumberInput(attrs={"inputmode": "numeric", "class": "input-short", "placeholder": "1"}),
        help_text=_("このアドレスを自分の端末で読む人の数 (空欄なら1人)"),
        error_messages={"min_value": _("人数は1人以上にしてください。")},
    )

    display_name = forms.CharField(
        label=_("表示名 (差出人名)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("例: 株式会社なごや精機")}),
        help_text=_("任意。メールの差出人に表示される名前です。空欄なら会社名。"),
    )

    def clean_address(self):
        return self.cleaned_data["address"].lower()

    def clean_people(self):
        return self.cleaned_data["people"] or 1


class MailboxFormSetBase(BaseRowFormSet):
    min_rows_message = _("メールアドレスを1つ以上追加してください。")

    def __init__(self, data=None, *args, **kwargs):
        """An address typed without "@…" gets the domain of the address above it
        (「shacho」 under info@example.co.jp is shacho@example.co.jp)."""
        if data is not None and kwargs.get("prefix"):
            data, domain, prefix = data.copy(), "", kwargs["prefix"]
            for index in range(min(whole_number(data.get(f"{prefix}-TOTAL_FORMS", "")) or 0, MAX_MAILBOXES)):
                key = f"{prefix}-{index}-address"
                value = nfkc(data.get(key) or "")
                if "@" in value:
                    domain = value.rpartition("@")[2]
                elif value and domain:
                    data[key] = f"{value}@{domain}"
        super().__init__(data, *args, **kwargs)

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            address = form.cleaned_data.get("address")
            if not address:  # an empty row, ignored
                continue
            if address in seen:
                form.add_error("address", _("同じメールアドレスが2回入力されています。"))
            seen.add(address)


@dataclass
class AddressesBundle(Bundle):
    formset: MailboxFormSetBase

    row_form = MailboxRowForm
    prefix = "mb"

    @classmethod
    def formset_class(cls):
        return row_formset(cls.row_form, MailboxFormSetBase, MAX_MAILBOXES)

    @classmethod
    def row_fields(cls) -> tuple[str, ...]:
        return row_fields(cls.row_form)

    @classmethod
    def of(cls, rows: list[dict], *, blanks: int = 0) -> AddressesBundle:
        """The rows in the order typed, then ``blanks`` more empty rows (an
        empty row is ignored unless typed in)."""
        formset = cls.formset_class()(prefix=cls.prefix, initial=rows)
        formset.extra = blanks
        return cls(formset)

    @classmethod
    def submitted(cls, data) -> AddressesBundle:
        return cls(cls.formset_class()(data, prefix=cls.prefix))

    def forms(self):
        return [self.formset]

    def context(self):
        return {"formset": self.formset}


class AddressesStep(Step):
    slug = "addresses"
    title = gettext_lazy("メールアドレスと利用人数")
    template = "wizard/partials/step_addresses.html"
    bundle = AddressesBundle

    def initial(self, flow):
        rows = [stored_row(m, self.bundle.row_fields()) for m in flow.mailboxes]
        return self.bundle.of(rows, blanks=1 if rows else 3)

    def bind(self, flow, data):
        return self.bundle.submitted(data)

    def edit(self, bundle, action):
        verb, _sep, index = action.partition(":")
        if verb not in {"add", "remove"}:
            return None
        names = self.bundle.row_fields()
        rows = submitted_rows(bundle.formset, names)
        if verb == "add":
            rows.append(empty_row(names))
        elif (position := row_index(index)) is not None and position < len(rows):
            rows.pop(position)
        return self.bundle.of(rows)

    def extra_context(self, flow):
        """With no address yet, the caret waits in the first one (nothing else to do here first)."""
        return {"start_here": not flow.mailboxes}

    def save(self, bundle, *, hearing, version, user):
        rows = cleaned_rows(bundle.formset, self.bundle.row_fields())
        return services.hearing_save_addresses(hearing=hearing, version=version, rows=rows, user=user)

    def is_completed(self, flow):
        return bool(flow.mailboxes) and all(m.address and m.people >= 1 for m in flow.mailboxes)

    def summary(self, flow):
        return [(m.address, _("%(people)d人で利用") % {"people": m.people}) for m in flow.mailboxes]
