"""Step 4, サーバーと容量: one server block per mail domain (filled from a
hosting firm's preset or typed; its form is in ``server_domain.py``), then each
address's quota, daily volume, history wish and login name; an address may have
servers of its own.

To add a question: a ``Mailbox`` field (and its migration) named in
``AddressServerForm.Meta.fields``; every field that is not a server field is
an answer each address gives, saved by its own name.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.parsing import whole_number

from .. import services
from ..engine.recommendations import POP
from ..fields import HostnameField, NormalizingMixin, QuotaField, VolumeField
from ..models import HostPreset, Mailbox
from ..presets import Detection, detect
from .base import Bundle, Step, answer_lines
from .checks import context as checks_context
from .checks import start as start_check
from .checks import take_passwords
from .server_domain import DomainServerForm, domain_initial

MAX_QUOTA_MB = 1_000_000
MAX_DAILY_MB = 100_000


class AddressServerForm(NormalizingMixin, forms.ModelForm):
    """Per address: quota, volume, history wish, login name, and (only when this
    address differs from its domain) its own servers."""

    HOST_FIELDS = ("incoming_host", "imap_host", "outgoing_host", "smtp_port")
    machine_fields = ("username",)  # a login name: 全角 input becomes half-width

    quota_mb = QuotaField(
        label=_("サーバー容量 (MB)"),
        required=False,
        min_value=1,
        max_value=MAX_QUOTA_MB,
        help_text=_(
            "わからない場合は空欄のままにしてください。「1GB」「1.5GB」のようにGBでも入力できます（1GB = 1,024MB）。"
        ),
        error_messages={
            "min_value": _("容量は1MB以上で入力してください。"),
            "max_value": _("容量は1,000,000MB以下で入力してください。"),
        },
    )
    daily_mb = VolumeField(
        label=_("1日に届くメールの量 (MB)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(MAX_DAILY_MB),
        max_digits=9,
        decimal_places=2,
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

    @classmethod
    def answer_names(cls) -> list[str]:
        """What every address answers (the own-server fields are shown apart)."""
        return [name for name in cls.Meta.fields if name not in cls.HOST_FIELDS]

    def answer_fields(self):
        return [self[name] for name in self.answer_names()]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("own_server"):
            for name in ("incoming_host", "outgoing_host"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(
                        name, _("「%(label)s」を入力してください。") % {"label": self.fields[name].label}
                    )
        return cleaned


@dataclass
class AddressGroup:
    mailbox: Mailbox
    form: AddressServerForm


@dataclass
class DomainGroup:
    """One mail domain's shared server block and its addresses."""

    index: int
    domain: str
    form: DomainServerForm
    addresses: list[AddressGroup]
    preset: HostPreset | None = None
    detection: Detection | None = None  # after 「自動判定」 (presets.detect)
    applied: HostPreset | None = None  # the preset just filled in (not saved yet)
    focus: str = ""  # after a preset was filled in: "server" (its name is asked) or "preset" (the firms)

    @property
    def prefix(self) -> str:
        return f"dom{self.index}"

    @property
    def blank(self) -> bool:
        """No server typed yet: worth asking DNS at once."""
        return not self.form["incoming_host"].value()

    @property
    def server_missing(self) -> bool:
        """The chosen firm needs the contract's server name and none is typed."""
        return bool(self.form.from_server) and not self.form["server"].value()


@dataclass
class ServerBundle(Bundle):
    """Step 4: one server block per mail domain, then each address's answers."""

    domains: list[DomainGroup]
    data: object = None  # the submitted QueryDict, kept to re-show edits
    check: dict | None = None  # the live server check just made (wizard/remote/tlscheck.py)

    address_form = AddressServerForm

    @classmethod
    def build(cls, mailboxes: list[Mailbox], data=None) -> ServerBundle:
        presets = list(HostPreset.objects.active())
        by_domain: dict[str, list[Mailbox]] = {}
        for mailbox in mailboxes:
            by_domain.setdefault(mailbox.domain.lower(), []).append(mailbox)
        domains = []
        for index, (domain, members) in enumerate(by_domain.items()):
            initial = domain_initial(members)
            form = DomainServerForm(
                data, prefix=f"dom{index}", initial=initial, presets=presets, domain=domain
            )
            addresses = []
            for mailbox in members:
                own = bool(mailbox.incoming_host) and (
                    mailbox.incoming_host,
                    mailbox.imap_host,
                    mailbox.outgoing_host,
                    mailbox.smtp_port,
                ) != tuple(
                    initial.get(name) for name in ("incoming_host", "imap_host", "outgoing_host", "smtp_port")
                )
                address_form = cls.address_form(
                    data, instance=mailbox, prefix=f"srv{mailbox.pk}", initial={"own_server": own}
                )
                addresses.append(AddressGroup(mailbox, address_form))
            domains.append(DomainGroup(index, domain, form, addresses, preset=form.chosen))
        return cls(domains, data=data)

    def forms(self):
        return [form for group in self.domains for form in (group.form, *(a.form for a in group.addresses))]

    def context(self):
        return {"domains": self.domains, "server_check": self.check}

    def domain(self, index: str) -> DomainGroup | None:
        number = whole_number(index)
        return self.domains[number] if number is not None and number < len(self.domains) else None

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for group in self.domains:
            if group.preset and group.preset.username == HostPreset.Username.ACCOUNT:
                for address in group.addresses:
                    form = address.form
                    if (
                        form.is_valid()
                        and not form.cleaned_data["own_server"]
                        and not form.cleaned_data["username"]
                    ):
                        form.add_error("username", _("%(name)s では、ユーザー名にアカウント名を入力してください。")
                                       % {"name": group.preset.name})  # fmt: skip
                        valid = False
        return valid

    def rows(self) -> dict[int, dict]:
        """What to save for each address: its answers, and its domain's servers
        unless it has its own."""
        rows = {}
        for group in self.domains:
            shared = group.form.cleaned_data
            for address in group.addresses:
                answers = address.form.cleaned_data
                row = {name: answers[name] for name in self.address_form.answer_names()}
                source = answers if answers["own_server"] else shared
                row.update({name: source[name] or "" for name in AddressServerForm.HOST_FIELDS})
                row["smtp_port"] = row["smtp_port"] or Mailbox.SmtpSecurity.SSL
                row["host_preset"] = "" if answers["own_server"] else (shared.get("preset") or "")
                rows[address.mailbox.pk] = row
        return rows

    def endpoints(self) -> list:
        """The servers as typed (a valid bundle), each on the port the sheet will
        give for the protocol its address will be advised."""
        rows, endpoints = self.rows(), []
        for group in self.domains:
            for address in group.addresses:
                mailbox, devices = address.mailbox, list(address.mailbox.devices.all())
                typed = Mailbox(
                    address=mailbox.address,
                    **{k: v for k, v in rows[mailbox.pk].items() if k != "host_preset"},
                )
                server = typed.server_settings(mailbox.todays_advice(devices).protocol if devices else POP)
                endpoints += [server.incoming, server.outgoing]
        return endpoints

    def with_preset(self, group: DomainGroup, preset: HostPreset, server: str | None = None) -> ServerBundle:
        """The same input with domain ``group``'s servers filled from ``preset``:
        its fixed hosts and port, and the hosts it takes from the contract's
        server name (``server``; None keeps the name as typed)."""
        hosts = preset.hosts(domain=group.domain, server="")
        values = {"preset": preset.key, "incoming_host": hosts["pop"], "outgoing_host": hosts["smtp"],
                  "imap_host": hosts["imap"] if hosts["imap"] != hosts["pop"] else "", "smtp_port": preset.smtp_port}  # fmt: skip
        data = self.data.copy()
        for name, value in values.items():
            if value or name in ("preset", "imap_host"):
                data[f"{group.prefix}-{name}"] = value
        key = f"{group.prefix}-server"
        data[key] = (data.get(key, "") if server is None else server).strip()  # asked from now on
        rebuilt = type(self).build([a.mailbox for g in self.domains for a in g.addresses], data)
        rebuilt.domains[group.index].applied = preset
        return rebuilt

    def quiet(self) -> ServerBundle:
        """Re-show the submitted values without judging them (after an edit)."""
        for form in self.forms():
            form._errors, form.cleaned_data = ErrorDict(), {}
        return self


class ServerStep(Step):
    slug = "server"
    title = gettext_lazy("サーバーと容量")
    template = "wizard/partials/step_server.html"
    bundle = ServerBundle

    def initial(self, flow):
        return self.bundle.build(flow.mailboxes)

    def bind(self, flow, data):
        return self.bundle.build(flow.mailboxes, data)

    def edit(self, bundle, action):
        """``detect:<i>``: ask DNS which firm hosts domain i; ``apply:<i>:<preset>:<server>``
        (a detection's suggestion) and ``preset:<i>`` (the firm chosen, with the server
        name as typed): fill domain i's servers from a preset. Nothing is saved."""
        verb, _sep, rest = action.partition(":")
        if verb not in {"detect", "apply", "preset"}:
            return None
        index, _sep, rest = rest.partition(":")
        group = bundle.domain(index)
        if group is None:
            return bundle.quiet()
        if verb == "detect":
            group.detection = detect(group.domain)
            return bundle.quiet()
        if verb == "apply":
            key, _sep, server = rest.partition(":")
        else:
            key, server = group.form["preset"].value() or "", None
        preset = HostPreset.objects.active().filter(key=key).first()
        if preset is None:
            group.focus = "preset"
            return bundle.quiet()
        filled = bundle.with_preset(group, preset, server).quiet()
        group = filled.domains[group.index]
        if group.server_missing:
            group.focus = "server"
            group.form.fields["server"].widget.attrs["data-focus"] = ""
        elif verb == "preset":
            group.focus = "preset"
        return filled

    def submit(self, flow, data, *, user):
        """A typed mailbox password is taken out first; 「接続を確認する」 and
        「読み取る」 start their checks on the runner (steps/checks.py)."""
        data, passwords = take_passwords(data)
        started = start_check(self, flow, data, passwords, user=user)
        return started if started is not None else super().submit(flow, data, user=user)

    def extra_context(self, flow):
        return checks_context(flow.hearing)

    def save(self, bundle, *, hearing, version, user):
        rows = bundle.rows()
        return services.hearing_save_server(hearing=hearing, version=version, data_by_mailbox=rows, user=user)

    def is_completed(self, flow):
        return bool(flow.mailboxes) and all(m.incoming_host and m.outgoing_host for m in flow.mailboxes)

    def summary(self, flow):
        return [
            (
                m.address,
                "、".join(f"{label}: {value}" for label, value in answer_lines(self.bundle.address_form, m)),
            )
            for m in flow.mailboxes
        ]
