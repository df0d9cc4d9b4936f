"""A step's forms as one typed value (a bundle): what its template shows, whether
it is valid, how many errors it has; the review's summary of a form; and the
``Outcome`` of a step's POST, which the view turns into a page or a redirect."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils.translation import gettext as _

from core.parsing import whole_number

from .engine.catalogue import CLIENTS, DEVICE_KINDS
from .engine.recommendations import POP
from .forms import (
    AddressServerForm,
    CustomerForm,
    DeviceFormSet,
    DomainServerForm,
    MailboxFormSet,
    split_client,
)
from .models import Hearing, HostPreset, Mailbox


@dataclass
class Bundle:
    """The forms of one step as its template shows them."""

    restored_draft: bool = field(default=False, kw_only=True)

    def forms(self) -> list:
        return []

    def context(self) -> dict:
        return {}

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.forms()]  # every form, so all errors show
        return all(results)

    def error_count(self) -> int:
        return sum(
            form.total_error_count() if hasattr(form, "total_error_count") else len(form.errors)
            for form in self.forms()
            if form.is_bound
        )


@dataclass
class CustomerBundle(Bundle):
    form: CustomerForm

    def forms(self):
        return [self.form]

    def context(self):
        return {"form": self.form}


@dataclass
class AddressesBundle(Bundle):
    formset: MailboxFormSet

    @classmethod
    def of(cls, prefix: str, rows: list[dict], *, blanks: int = 0) -> AddressesBundle:
        """The rows in the order typed, then ``blanks`` more empty rows (an
        empty row is ignored unless typed in)."""
        formset = MailboxFormSet(prefix=prefix, initial=rows)
        formset.extra = blanks
        return cls(formset)

    def forms(self):
        return [self.formset]

    def context(self):
        return {"formset": self.formset}


@dataclass
class DeviceGroup:
    mailbox: Mailbox
    formset: DeviceFormSet


@dataclass
class DevicesBundle(Bundle):
    """Step 3: each address's devices, as rows (a row may stand for several
    identical devices: ``quantity``)."""

    groups: list[DeviceGroup]

    ROW_FIELDS = ("id", "kind", "client", "label", "quantity")
    NEW_ROW = {"id": None, "kind": "", "client": "", "label": "", "quantity": ""}

    @staticmethod
    def prefix(mailbox: Mailbox) -> str:
        return f"dev{mailbox.pk}"

    @classmethod
    def from_rows(cls, rows_by_mailbox: list[tuple[Mailbox, list[dict]]]) -> DevicesBundle:
        """The rows in the order typed, plus one empty row when none is left
        (an empty row is ignored unless something is chosen in it)."""
        groups = []
        for mailbox, rows in rows_by_mailbox:
            formset = DeviceFormSet(prefix=cls.prefix(mailbox), initial=rows)
            # Two empty rows for an address with no device yet (most are read on a PC and a phone).
            formset.extra = 0 if any(_blank(row) for row in rows) else (1 if rows else 2)
            groups.append(DeviceGroup(mailbox, formset))
        return cls(groups)

    @classmethod
    def stored(cls, mailboxes: list[Mailbox]) -> DevicesBundle:
        return cls.from_rows(
            [(m, [{name: getattr(d, name) for name in cls.ROW_FIELDS if name != "id"} | {"id": d.pk}
                  for d in m.devices.all()]) for m in mailboxes]
        )  # fmt: skip

    @classmethod
    def submitted(cls, mailboxes: list[Mailbox], data) -> DevicesBundle:
        return cls([DeviceGroup(m, DeviceFormSet(data, prefix=cls.prefix(m))) for m in mailboxes])

    def forms(self):
        return [group.formset for group in self.groups]

    def context(self):
        return {"groups": self.groups}

    def edited(self, verb: str, mailbox_id: str, index: int | None) -> DevicesBundle:
        """The rows as typed, with one row added, copied or removed; a client
        that does not fit its row's kind (any more) is cleared."""
        edited = []
        for group in self.groups:
            rows = submitted_rows(group.formset, self.ROW_FIELDS)
            if str(group.mailbox.pk) == mailbox_id:
                if verb == "add":
                    rows.append(dict(self.NEW_ROW))
                elif index is not None and index < len(rows) and verb in {"copy", "remove"}:
                    if verb == "copy":
                        rows.insert(index + 1, rows[index] | {"id": None, "label": ""})
                    else:
                        rows.pop(index)
            for row in rows:
                chosen_kind, client = split_client(row.get("client"))
                kind = chosen_kind or row.get("kind")
                row["kind"], row["client"] = kind, client
                if kind in DEVICE_KINDS and client in CLIENTS and kind not in CLIENTS[client].kinds:
                    row["client"] = ""
            edited.append((group.mailbox, rows))
        return self.from_rows(edited)

    def rows(self) -> dict[int, list[dict]]:
        return {group.mailbox.pk: cleaned_rows(group.formset, self.ROW_FIELDS) for group in self.groups}


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
    suggestion: object = None  # presets.Suggestion, after 「自動判定」
    applied: HostPreset | None = None  # the preset just filled in (not saved yet)
    detected: bool = False  # detection was tried (and found nothing if no suggestion)

    @property
    def prefix(self) -> str:
        return f"dom{self.index}"

    @property
    def blank(self) -> bool:
        """No server typed yet: worth asking DNS at once."""
        return not self.form["incoming_host"].value()


def _domain_initial(mailboxes: list[Mailbox]) -> dict:
    """The server block as the domain's addresses mostly have it."""
    settings = Counter(
        (m.incoming_host, m.imap_host, m.outgoing_host, m.smtp_port, m.host_preset)
        for m in mailboxes
        if m.incoming_host
    )
    if not settings:
        return {"smtp_port": Mailbox.SmtpSecurity.SSL}
    incoming, imap, outgoing, port, preset = settings.most_common(1)[0][0]
    return {"incoming_host": incoming, "imap_host": imap, "outgoing_host": outgoing, "smtp_port": port,
            "preset": preset}  # fmt: skip


@dataclass
class ServerBundle(Bundle):
    """Step 4: one server block per mail domain, then each address's answers."""

    domains: list[DomainGroup]
    data: object = None  # the submitted QueryDict, kept to re-show edits
    check: dict | None = None  # the live server check just made (wizard/servercheck.py)

    @classmethod
    def build(cls, mailboxes: list[Mailbox], data=None) -> ServerBundle:
        presets = list(HostPreset.objects.active())
        by_key = {preset.key: preset for preset in presets}
        by_domain: dict[str, list[Mailbox]] = {}
        for mailbox in mailboxes:
            by_domain.setdefault(mailbox.domain.lower(), []).append(mailbox)
        domains = []
        for index, (domain, members) in enumerate(by_domain.items()):
            initial = _domain_initial(members)
            form = DomainServerForm(data, prefix=f"dom{index}", initial=initial, presets=presets)
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
                address_form = AddressServerForm(
                    data, instance=mailbox, prefix=f"srv{mailbox.pk}", initial={"own_server": own}
                )
                addresses.append(AddressGroup(mailbox, address_form))
            preset = by_key.get(form["preset"].value() or "")
            domains.append(DomainGroup(index, domain, form, addresses, preset=preset))
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
                row = {name: answers[name] for name in ("quota_mb", "daily_mb", "keep_history", "username")}
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

    def with_preset(self, group: DomainGroup, preset: HostPreset, server: str = "") -> ServerBundle:
        """The same input with domain ``group``'s servers filled from ``preset``
        (``server``: the per-contract host, when known)."""
        hosts = preset.hosts(domain=group.domain, server=server.strip())
        values = {"preset": preset.key, "incoming_host": hosts["pop"], "outgoing_host": hosts["smtp"],
                  "imap_host": hosts["imap"] if hosts["imap"] != hosts["pop"] else "", "smtp_port": preset.smtp_port}  # fmt: skip
        data = self.data.copy()
        for name, value in values.items():
            if value or name in ("preset", "imap_host"):
                data[f"{group.prefix}-{name}"] = value
        rebuilt = ServerBundle.build([a.mailbox for g in self.domains for a in g.addresses], data)
        rebuilt.domains[group.index].applied = preset
        return rebuilt

    def quiet(self) -> ServerBundle:
        """Re-show the submitted values without judging them (after an edit)."""
        for form in self.forms():
            form._errors, form.cleaned_data = ErrorDict(), {}
        return self


@dataclass
class Outcome:
    """``go_to``: show that step (after a save, or after keeping a draft);
    otherwise show this step again with ``bundle``. ``completed``: leave the
    wizard for the settings sheet."""

    hearing: Hearing
    go_to: object = None  # a steps.Step
    bundle: Bundle | None = None
    version: str | None = None  # the version the re-shown form keeps carrying
    stale: dict | None = None
    message: tuple[int, str] | None = None
    completed: bool = False


NON_DATA_KEYS = {"csrfmiddlewaretoken", "action", "version"}


def as_querydict(raw: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in raw.items():
        data.setlist(key, values)
    return data


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("はい") if value else _("いいえ")
    if hasattr(value, "get_username"):
        return value.get_username()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def answer_lines(form_class, instance: models.Model) -> list[tuple[str, str]]:
    """(label, value) for each field of a model form, as the review shows it."""
    lines = []
    for name in form_class.Meta.fields:
        value = getattr(instance, name)
        model_field = instance._meta.get_field(name)
        if model_field.choices and value not in (None, ""):
            value = getattr(instance, f"get_{name}_display")()
        lines.append((str(form_class.base_fields[name].label), _display(value)))
    return lines


def _blank(row: dict) -> bool:
    return not any(row.get(name) for name in ("id", "kind", "client", "label", "address"))


def submitted_rows(formset, names) -> list[dict]:
    """Every row as submitted (for re-showing after an edit)."""
    return [{name: form[name].value() for name in names} for form in formset.forms]


def cleaned_rows(formset, names) -> list[dict]:
    """The filled-in rows, cleaned (for saving)."""
    return [
        {name: form.cleaned_data.get(name) for name in names} for form in formset.forms if form.cleaned_data
    ]


def row_index(text: str) -> int | None:
    return whole_number(text)
