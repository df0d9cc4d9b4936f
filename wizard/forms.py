"""Forms of the wizard steps (the pages around them: wizard/page_forms.py)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.parsing import whole_number

from .engine.catalogue import CLIENTS, DEVICE_KINDS, clients_for_kind
from .fields import PHONE, HostnameField, NormalizingMixin, NumberInput, nfkc
from .models import Hearing, Mailbox
from .roles import active_staff

MAX_QUOTA_MB = 1_000_000
MAX_DAILY_MB = 100_000
MAX_PEOPLE = 500
MAX_MAILBOXES = 30
MAX_DEVICES = 30


# Step 1 ---------------------------------------------------------------------


class CustomerForm(NormalizingMixin, forms.ModelForm):
    class Meta:
        model = Hearing
        fields = [
            "company",
            "contact_name",
            "contact_email",
            "contact_phone",
            "consulted_on",
            "director",
            "show_director_name",
            "notes",
        ]
        widgets = {
            "consulted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "notes": _("社内向けのメモです。お客さまにお渡しする設定シートには表示されません。"),
            "contact_phone": _("任意。例: 03-1234-5678"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].required = True
        self.fields["contact_name"].required = True
        self.fields["director"].queryset = active_staff()
        self.fields["director"].required = True
        self.fields["consulted_on"].required = True

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"]
        if phone and not PHONE.match(phone):
            raise ValidationError(_("電話番号は数字とハイフンで入力してください。例: 03-1234-5678"))
        return phone


# Step 2 ---------------------------------------------------------------------


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


class BaseRowFormSet(forms.BaseFormSet):
    """Row formsets: at least one row, no duplicates. A row not saved yet (no
    id) that is left empty is ignored, wherever it stands."""

    min_rows_message = _("1行以上入力してください。")

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


MailboxFormSet = forms.formset_factory(
    MailboxRowForm, formset=MailboxFormSetBase, extra=0, max_num=MAX_MAILBOXES, absolute_max=MAX_MAILBOXES
)


# Step 3 ---------------------------------------------------------------------


def client_choices():
    """Every client grouped by device kind, each value naming both ("pc/thunderbird"):
    one choice sets the kind and the client at once."""
    groups = [
        (_(label), [(f"{kind}/{c.key}", _(c.label)) for c in clients_for_kind(kind)])
        for kind, label in DEVICE_KINDS.items()
    ]
    return [("", _("選んでください")), *groups]


def split_client(value: str) -> tuple[str, str]:
    """ "smartphone/ios_mail" → ("smartphone", "ios_mail"); a plain key → ("", key)."""
    kind, _sep, client = (value or "").rpartition("/")
    return kind, client


class ClientField(forms.ChoiceField):
    """The row's client: a plain catalogue key from its kind's list, or a
    "kind/client" pair from the list of every kind."""

    def valid_value(self, value):
        kind, client = split_client(value)
        if kind:
            return kind in DEVICE_KINDS and client in CLIENTS and kind in CLIENTS[client].kinds
        return super().valid_value(value)


class DeviceRowForm(NormalizingMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("端末の種類"),
        required=False,  # a client chosen from the list of every kind brings its kind
        choices=[("", _("選んでください")), *[(k, _(v)) for k, v in DEVICE_KINDS.items()]],
    )
    client = ClientField(
        label=_("メールソフト"),
        choices=[],
        error_messages={
            "invalid_choice": _("メールソフトは、端末の種類に合うものを一覧から選んでください。")
        },
    )
    label = forms.CharField(
        label=_("呼び名"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("例: 受付PC、田中さんのiPhone")}),
    )
    quantity = forms.IntegerField(
        label=_("台数"),
        required=False,  # empty means one
        min_value=1,
        max_value=MAX_DEVICES,
        widget=NumberInput(attrs={"inputmode": "numeric", "class": "input-tiny", "placeholder": "1"}),
        help_text=_("同じ設定の端末が何台あるか"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self["kind"].value()
        if kind in DEVICE_KINDS:
            self.fields["client"].choices = [("", _("選んでください"))] + [
                (c.key, _(c.label)) for c in clients_for_kind(kind)
            ]
        else:
            self.fields["client"].choices = client_choices()

    def clean_quantity(self):
        return self.cleaned_data["quantity"] or 1

    def clean(self):
        cleaned = super().clean()
        chosen_kind, client = split_client(cleaned.get("client"))
        kind = chosen_kind or cleaned.get("kind")
        if client and not kind:
            self.add_error("kind", _("「端末の種類」を選んでください。"))
        elif kind and client and kind not in CLIENTS[client].kinds:
            self.add_error(
                "client",
                _("「%(client)s」は%(kind)sでは使えません。端末の種類に合うメールソフトを選んでください。")
                % {"client": _(CLIENTS[client].label), "kind": _(DEVICE_KINDS[kind])},
            )
        if client:
            cleaned["kind"], cleaned["client"] = kind, client
        return cleaned


class DeviceFormSetBase(BaseRowFormSet):
    min_rows_message = _("端末を1台以上追加してください。")


DeviceFormSet = forms.formset_factory(
    DeviceRowForm, formset=DeviceFormSetBase, extra=0, max_num=MAX_DEVICES, absolute_max=MAX_DEVICES
)


# Step 4 ---------------------------------------------------------------------


class DomainServerForm(NormalizingMixin, forms.Form):
    """One server block, shared by every address of a domain."""

    preset = forms.ChoiceField(label=_("サーバー会社"), required=False, choices=[])
    incoming_host = HostnameField(label=_("受信サーバー (POP/IMAP)"))
    imap_host = HostnameField(
        label=_("IMAP の受信サーバー"), required=False, help_text=_("POP と違う場合だけ。例: imap.lolipop.jp")
    )
    outgoing_host = HostnameField(label=_("送信サーバー (SMTP)"))
    smtp_port = forms.ChoiceField(
        label=_("送信ポート・暗号化"),
        choices=Mailbox.SmtpSecurity.choices,
        initial=Mailbox.SmtpSecurity.SSL,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, presets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [("", _("選んでください")), *[(p.key, p.name) for p in presets]]
        for name in ("incoming_host", "outgoing_host"):
            self.fields[name].widget.attrs["placeholder"] = "mail.example.co.jp"


class AddressServerForm(NormalizingMixin, forms.ModelForm):
    """Per address: quota, volume, history wish, login name, and (only when this
    address differs from its domain) its own servers."""

    HOST_FIELDS = ("incoming_host", "imap_host", "outgoing_host", "smtp_port")

    quota_mb = forms.IntegerField(
        label=_("サーバー容量 (MB)"),
        required=False,
        min_value=1,
        max_value=MAX_QUOTA_MB,
        widget=NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
        help_text=_("わからない場合は空欄のままにしてください。1GB = 1024MB"),
        error_messages={
            "min_value": _("容量は1MB以上で入力してください。"),
            "max_value": _("容量は1,000,000MB以下で入力してください。"),
        },
    )
    daily_mb = forms.DecimalField(
        label=_("1日に届くメールの量 (MB)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(MAX_DAILY_MB),
        max_digits=9,
        decimal_places=2,
        widget=NumberInput(attrs={"class": "input-short"}),
        help_text=_("わからない場合は空欄。目安: 文字だけのメール1通は約0.01〜0.05MB"),
        error_messages={
            "min_value": _("メールの量にマイナスは入力できません。"),
            "max_value": _("1日のメールの量は100,000MB以下で入力してください。"),
        },
    )
    own_server = forms.BooleanField(label=_("このアドレスだけ別のサーバーを使う"), required=False)
    incoming_host = HostnameField(label=_("このアドレスの受信サーバー"), required=False)
    imap_host = HostnameField(label=_("このアドレスの IMAP 受信サーバー"), required=False)
    outgoing_host = HostnameField(label=_("このアドレスの送信サーバー"), required=False)

    class Meta:
        model = Mailbox
        fields = ["quota_mb", "daily_mb", "keep_history", "username", "incoming_host", "imap_host",
                  "outgoing_host", "smtp_port"]  # fmt: skip
        widgets = {"smtp_port": forms.RadioSelect, "username": forms.TextInput(attrs={"autocomplete": "off"})}
        help_texts = {
            "keep_history": _("PCの故障や買い替えのあとも、過去のメールを新しいPCで受け取れるようにします。"),
            "username": _(
                "空欄ならメールアドレス全体。KAGOYA などアカウント名でログインするサーバーだけ入力します。"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["smtp_port"].required = False  # only with own_server; the domain's otherwise
        self.fields["smtp_port"].label = _("このアドレスの送信ポート・暗号化")

    def answer_fields(self):
        """The fields every address answers (the own-server ones are shown apart)."""
        return [self[name] for name in self.Meta.fields if name not in self.HOST_FIELDS]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("own_server"):
            for name in ("incoming_host", "outgoing_host"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(
                        name, _("「%(label)s」を入力してください。") % {"label": self.fields[name].label}
                    )
        return cleaned
