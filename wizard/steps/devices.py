"""Step 3, 端末とメールソフト: each address's devices, as rows (a row may stand
for several identical devices).

To add a question: a ``Device`` field (and its migration) and a field of the
same name on ``DeviceRowForm``; the rows are read, re-shown and saved by the
form's own field names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import services
from ..engine.catalogue import CLIENTS, DEVICE_KINDS, clients_for_kind, fits
from ..fields import NormalizingMixin, NumberInput
from ..models import Mailbox
from .base import (
    MAX_DEVICES,
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
from .markup import RowRenderer


def client_choices():
    """Every client grouped by device kind, each value naming both ("pc/thunderbird"):
    one choice sets the kind and the client at once."""
    groups = [
        (_(label), [(f"{kind}/{c.key}", _(c.label)) for c in clients_for_kind(kind)])
        for kind, label in DEVICE_KINDS.items()
    ]
    return [("", _("選んでください")), *groups]


def kind_client_choices(kind: str):
    """The clients of one device kind, by their plain catalogue keys."""
    return [("", _("選んでください"))] + [(c.key, _(c.label)) for c in clients_for_kind(kind)]


class FixedChoices(BaseChoiceIterator):
    """Choices already in Django's normal form that no row changes, shared by
    every row: Django keeps them as they are instead of normalising and
    copying them again for each of 900 rows."""

    def __init__(self, choices):
        self.choices = tuple(
            (value, tuple(label) if isinstance(label, list) else label) for value, label in choices
        )

    def __iter__(self):
        return iter(self.choices)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class ClientLists(dict):
    """Each row's client list (its kind's, or every kind's), made once per
    bundle: a 30 × 30 step has 900 rows and four different lists."""

    def __missing__(self, kind: str):
        choices = kind_client_choices(kind) if kind in DEVICE_KINDS else client_choices()
        self[kind] = FixedChoices(choices)
        return self[kind]


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
            return fits(kind, client)
        return super().valid_value(value)


class DeviceRowForm(NormalizingMixin, forms.Form):
    default_renderer = RowRenderer()  # 900 rows at the wizard's maximum: no template per widget

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("端末の種類"),
        required=False,  # a client chosen from the list of every kind brings its kind
        choices=FixedChoices([("", _("選んでください")), *[(k, _(v)) for k, v in DEVICE_KINDS.items()]]),
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

    def __init__(self, *args, client_lists: ClientLists | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self["kind"].value()
        lists = ClientLists() if client_lists is None else client_lists
        self.fields["client"].choices = lists[kind if kind in DEVICE_KINDS else ""]

    def clean_quantity(self):
        return self.cleaned_data["quantity"] or 1

    def clean(self):
        cleaned = super().clean()
        chosen_kind, client = split_client(cleaned.get("client"))
        kind = chosen_kind or cleaned.get("kind")
        if client and not kind:
            self.add_error("kind", _("「端末の種類」を選んでください。"))
        elif kind and client and not CLIENTS[client].fits(kind):
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


@dataclass
class DeviceGroup:
    mailbox: Mailbox
    formset: DeviceFormSetBase


@dataclass
class DevicesBundle(Bundle):
    """Step 3: each address's devices, as rows (a row may stand for several
    identical devices: ``quantity``)."""

    groups: list[DeviceGroup]

    row_form = DeviceRowForm

    @classmethod
    def formset_class(cls):
        return row_formset(cls.row_form, DeviceFormSetBase, MAX_DEVICES)

    @classmethod
    def row_fields(cls) -> tuple[str, ...]:
        return row_fields(cls.row_form)

    @staticmethod
    def prefix(mailbox: Mailbox) -> str:
        return f"dev{mailbox.pk}"

    @classmethod
    def from_rows(cls, rows_by_mailbox: list[tuple[Mailbox, list[dict]]]) -> DevicesBundle:
        """The rows in the order typed, plus one empty row when none is left
        (an empty row is ignored unless something is chosen in it)."""
        groups, lists = [], ClientLists()
        for mailbox, rows in rows_by_mailbox:
            formset = cls.formset_class()(
                prefix=cls.prefix(mailbox), initial=rows, form_kwargs={"client_lists": lists}
            )
            # Three empty rows for an address with no device yet: most are read on a PC and a
            # phone, often a third device too (make hearing-bench: one 「端末を追加」 fewer).
            formset.extra = 0 if any(_blank(row) for row in rows) else (1 if rows else 3)
            groups.append(DeviceGroup(mailbox, formset))
        return cls(groups)

    @classmethod
    def stored(cls, mailboxes: list[Mailbox]) -> DevicesBundle:
        return cls.from_rows(
            [(m, [stored_row(d, cls.row_fields()) for d in m.devices.all()]) for m in mailboxes]
        )  # fmt: skip

    @classmethod
    def submitted(cls, mailboxes: list[Mailbox], data) -> DevicesBundle:
        lists = ClientLists()
        return cls(
            [
                DeviceGroup(
                    m, cls.formset_class()(data, prefix=cls.prefix(m), form_kwargs={"client_lists": lists})
                )
                for m in mailboxes
            ]
        )

    def forms(self):
        return [group.formset for group in self.groups]

    def context(self):
        return {"groups": self.groups}

    def edited(self, verb: str, mailbox_id: str, index: int | None) -> DevicesBundle:
        """The rows as typed, with one row added, copied or removed; a client
        that does not fit its row's kind (any more) is cleared."""
        edited = []
        for group in self.groups:
            rows = submitted_rows(group.formset, self.row_fields())
            if str(group.mailbox.pk) == mailbox_id:
                if verb == "add":
                    rows.append(empty_row(self.row_fields()))
                elif index is not None and index < len(rows) and verb in {"copy", "remove"}:
                    if verb == "copy":
                        rows.insert(index + 1, rows[index] | {"id": None, "label": ""})
                    else:
                        rows.pop(index)
            for row in rows:
                chosen_kind, client = split_client(row.get("client"))
                kind = chosen_kind or row.get("kind")
                row["kind"], row["client"] = kind, client
                if kind in DEVICE_KINDS and client in CLIENTS and not fits(kind, client):
                    row["client"] = ""
            edited.append((group.mailbox, rows))
        return self.from_rows(edited)

    def rows(self) -> dict[int, list[dict]]:
        return {group.mailbox.pk: cleaned_rows(group.formset, self.row_fields()) for group in self.groups}


def _blank(row: dict) -> bool:
    """Nothing typed or chosen in the row (its count alone does not make it a device)."""
    return not any(value for name, value in row.items() if name != "quantity")


class DevicesStep(Step):
    slug = "devices"
    title = gettext_lazy("端末とメールソフト")
    template = "wizard/partials/step_devices.html"
    bundle = DevicesBundle

    def initial(self, flow):
        return self.bundle.stored(flow.mailboxes)

    def bind(self, flow, data):
        return self.bundle.submitted(flow.mailboxes, data)

    def edit(self, bundle, action):
        """``add:<mailbox>``, ``copy:<mailbox>:<row>``, ``remove:<mailbox>:<row>``, ``refresh``."""
        verb, _sep, target = action.partition(":")
        if verb not in {"add", "copy", "remove", "refresh"}:
            return None
        mailbox_id, _sep, index = target.partition(":")
        return bundle.edited(verb, mailbox_id, row_index(index))

    def extra_context(self, flow):
        """The caret waits in the first address that has no device yet, if any."""
        empty = next((m for m in flow.mailboxes if not m.devices.all()), None)
        return {"start_in": empty.pk if empty else None}

    def save(self, bundle, *, hearing, version, user):
        rows = bundle.rows()
        return services.hearing_save_devices(
            hearing=hearing, version=version, rows_by_mailbox=rows, user=user
        )

    def is_completed(self, flow):
        return bool(flow.mailboxes) and all(len(m.devices.all()) >= 1 for m in flow.mailboxes)

    def summary(self, flow):
        return [
            (
                mailbox.address,
                ", ".join(f"{d.label or d.get_kind_display()} ({d.client_label})"
                          for d in mailbox.devices.all()) or "—",
            )
            for mailbox in flow.mailboxes
        ]  # fmt: skip
