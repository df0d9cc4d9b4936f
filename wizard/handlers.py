"""What each wizard step shows, validates and saves.

A handler builds the step's forms (from the database, from submitted data,
or from a kept draft), edits rows without saving (add/remove), and saves
through one service function. Views stay thin; templates get ``forms``.
"""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from . import services
from .catalogue import CLIENTS, DEVICE_KINDS
from .forms import CustomerForm, DeviceFormSet, MailboxFormSet, ServerForm
from .models import Hearing, Mailbox

ROW_FIELDS_MAILBOX = ("id", "address", "people")
ROW_FIELDS_DEVICE = ("id", "kind", "client", "label")


def as_querydict(raw: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in raw.items():
        data.setlist(key, values)
    return data


def _rows(formset, fields) -> list[dict]:
    return [{name: form[name].value() for name in fields} for form in formset.forms]


def _row_values(formset, fields) -> list[dict]:
    rows = []
    for form in formset.forms:
        if form.cleaned_data:
            row = {name: form.cleaned_data.get(name) for name in fields}
            rows.append(row)
    return rows


class CustomerStep:
    slug = "customer"
    template = "wizard/partials/step_customer.html"

    def build(self, hearing: Hearing, mailboxes: list[Mailbox], data=None) -> dict:
        return {"form": CustomerForm(data, instance=hearing, prefix="c")}

    def forms(self, built: dict) -> list:
        return [built["form"]]

    def edit_rows(self, built, action, hearing, mailboxes):
        return None

    def save(self, built, *, hearing, version, user):
        form = built["form"]
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        return services.hearing_save_customer(hearing=hearing, version=version, data=fields, user=user)

    def summary(self, hearing: Hearing, mailboxes: list[Mailbox]) -> list[tuple[str, str]]:
        return [
            (_("会社名"), hearing.company),
            (_("ご担当者名"), hearing.contact_name),
            (_("ご担当者のメールアドレス"), hearing.contact_email or "—"),
            (_("電話番号"), hearing.contact_phone or "—"),
            (_("ヒアリング日"), hearing.consulted_on.isoformat() if hearing.consulted_on else "—"),
            (_("担当ディレクター"), hearing.director.get_username() if hearing.director else "—"),
        ]


class AddressesStep:
    slug = "addresses"
    template = "wizard/partials/step_addresses.html"
    prefix = "mb"

    def build(self, hearing, mailboxes, data=None) -> dict:
        if data is not None:
            return {"formset": MailboxFormSet(data, prefix=self.prefix)}
        initial = [{"id": m.pk, "address": m.address, "people": m.people} for m in mailboxes]
        return {"formset": MailboxFormSet(prefix=self.prefix, initial=initial or [{"people": 1}])}

    def forms(self, built):
        return [built["formset"]]

    def edit_rows(self, built, action, hearing, mailboxes):
        rows = _rows(built["formset"], ROW_FIELDS_MAILBOX)
        if action == "add":
            rows.append({"id": None, "address": "", "people": 1})
        elif action.startswith("remove:"):
            index = int(action.split(":", 1)[1])
            if 0 <= index < len(rows):
                rows.pop(index)
        else:
            return None
        return {"formset": MailboxFormSet(prefix=self.prefix, initial=rows)}

    def save(self, built, *, hearing, version, user):
        rows = _row_values(built["formset"], ROW_FIELDS_MAILBOX)
        return services.hearing_save_addresses(hearing=hearing, version=version, rows=rows, user=user)

    def summary(self, hearing, mailboxes):
        return [(m.address, _("%(people)d人で利用") % {"people": m.people}) for m in mailboxes]


class DevicesStep:
    slug = "devices"
    template = "wizard/partials/step_devices.html"

    @staticmethod
    def prefix(mailbox: Mailbox) -> str:
        return f"dev{mailbox.pk}"

    def build(self, hearing, mailboxes, data=None) -> dict:
        groups = []
        for mailbox in mailboxes:
            if data is not None:
                formset = DeviceFormSet(data, prefix=self.prefix(mailbox))
            else:
                initial = [
                    {"id": d.pk, "kind": d.kind, "client": d.client, "label": d.label}
                    for d in mailbox.devices.all()
                ]
                formset = DeviceFormSet(prefix=self.prefix(mailbox), initial=initial or [{}])
            groups.append({"mailbox": mailbox, "formset": formset})
        return {"groups": groups}

    def forms(self, built):
        return [group["formset"] for group in built["groups"]]

    def edit_rows(self, built, action, hearing, mailboxes):
        parts = action.split(":")
        if parts[0] not in {"add", "remove", "refresh"}:
            return None
        groups = []
        for group in built["groups"]:
            mailbox = group["mailbox"]
            rows = _rows(group["formset"], ROW_FIELDS_DEVICE)
            if parts[0] == "add" and parts[1] == str(mailbox.pk):
                rows.append({"id": None, "kind": "", "client": "", "label": ""})
            if parts[0] == "remove" and parts[1] == str(mailbox.pk):
                index = int(parts[2])
                if 0 <= index < len(rows):
                    rows.pop(index)
            for row in rows:  # a client that no longer fits the chosen kind is cleared
                kind, client = row.get("kind"), row.get("client")
                if kind in DEVICE_KINDS and client in CLIENTS and kind not in CLIENTS[client].kinds:
                    row["client"] = ""
            groups.append(
                {"mailbox": mailbox, "formset": DeviceFormSet(prefix=self.prefix(mailbox), initial=rows)}
            )
        return {"groups": groups}

    def save(self, built, *, hearing, version, user):
        rows_by_mailbox = {
            group["mailbox"].pk: _row_values(group["formset"], ROW_FIELDS_DEVICE) for group in built["groups"]
        }
        return services.hearing_save_devices(
            hearing=hearing, version=version, rows_by_mailbox=rows_by_mailbox, user=user
        )

    def summary(self, hearing, mailboxes):
        lines = []
        for mailbox in mailboxes:
            devices = ", ".join(
                f"{d.label or d.get_kind_display()} ({d.get_client_display()})" for d in mailbox.devices.all()
            )
            lines.append((mailbox.address, devices or "—"))
        return lines


class ServerStep:
    slug = "server"
    template = "wizard/partials/step_server.html"

    def build(self, hearing, mailboxes, data=None) -> dict:
        return {
            "groups": [
                {"mailbox": m, "form": ServerForm(data, instance=m, prefix=f"srv{m.pk}")} for m in mailboxes
            ]
        }

    def forms(self, built):
        return [group["form"] for group in built["groups"]]

    def edit_rows(self, built, action, hearing, mailboxes):
        return None

    def save(self, built, *, hearing, version, user):
        data = {
            group["mailbox"].pk: {name: group["form"].cleaned_data[name] for name in ServerForm.Meta.fields}
            for group in built["groups"]
        }
        return services.hearing_save_server(hearing=hearing, version=version, data_by_mailbox=data, user=user)

    def summary(self, hearing, mailboxes):
        lines = []
        for m in mailboxes:
            quota = _("%(mb)s MB") % {"mb": f"{m.quota_mb:,}"} if m.quota_mb else _("不明")
            daily = _("%(mb)s MB/日") % {"mb": m.daily_mb} if m.daily_mb is not None else _("不明")
            history = _("過去のメールを残す") if m.keep_history else _("残さなくてよい")
            lines.append(
                (
                    m.address,
                    _("受信 %(in)s / 送信 %(out)s:%(port)s、容量 %(quota)s、受信量 %(daily)s、%(history)s")
                    % {
                        "in": m.incoming_host or "—",
                        "out": m.outgoing_host or "—",
                        "port": m.smtp_port,
                        "quota": quota,
                        "daily": daily,
                        "history": history,
                    },
                )
            )
        return lines


class ReviewStep:
    slug = "review"
    template = "wizard/partials/step_review.html"

    def build(self, hearing, mailboxes, data=None) -> dict:
        return {}

    def forms(self, built):
        return []

    def edit_rows(self, built, action, hearing, mailboxes):
        return None

    def save(self, built, *, hearing, version, user):
        return services.hearing_complete(hearing=hearing, version=version, user=user)

    def summary(self, hearing, mailboxes):
        return []


HANDLERS = {h.slug: h for h in (CustomerStep(), AddressesStep(), DevicesStep(), ServerStep(), ReviewStep())}
