"""The vendor labels a sheet quotes, and what staff know of each.

Every client in the catalogue quotes a few words of its screen: the labels
of its POP controls (``leave_copy``, ``delete_after``,
``delete_on_local_delete``) and the words of their choices. ``VendorLabel``
is one of them with a stable key (「delete_after:7」 is the 「7日後」 choice
of the delete control, 「delete_after:never」 its "never" option), which
directors' field confirmations are recorded under
(wizard/models/confirmations.py).

``label_checks`` gives, for one device of the staff sheet, each label its
instructions quote with its status in a sentence: confirmed in the field
(「確認済み（現場、12月6日、Outlook バージョン 2511）」), shown differently, verified
from a vendor source, or unverified. The records are read by the views and
passed in (``seen``: ``LabelConfirmation.objects.current()``); nothing here
reads the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..engine.catalogue import CLIENTS, DAYS_PLACEHOLDER, Client
from ..engine.recommendations import DeviceSetting
from .words import instructions

CONTROLS = ("leave_copy", "delete_after", "delete_on_local_delete")
NEVER = "never"


@dataclass(frozen=True)
class VendorLabel:
    client: str  # the catalogue's key
    key: str  # the control, or the control and a choice: "delete_after:7"
    words: str  # as the catalogue quotes them
    described: bool = False  # our description of the control: no source showed its words

    @property
    def quoted(self) -> str:
        """As the sheet writes it: 「its words」, or our description without 「」."""
        return self.words if self.described else f"「{self.words}」"

    @property
    def is_choice(self) -> bool:
        return ":" in self.key

    @property
    def role(self) -> str:
        """What the label is on the screen, in a few words."""
        control, _sep, choice = self.key.partition(":")
        name = {
            "leave_copy": _("サーバーにコピーを残す項目"),
            "delete_after": _("サーバーから削除する項目"),
            "delete_on_local_delete": _("この端末で削除したときの項目"),
        }[control]
        return _("%(control)sの選択肢") % {"control": name} if choice else name


def search_words(words: str) -> str:
    """What to look for in a guide's Markdown: the words, or their longest
    part around the typed number of days (「サーバーから削除する ○ 日後」)."""
    return max((part.strip() for part in words.split(DAYS_PLACEHOLDER)), key=len)


def vendor_labels(client: Client) -> tuple[VendorLabel, ...]:
    """Every label the catalogue quotes for ``client``, in the order of its
    screen; none for the stand-ins of clients we cannot name (「その他」)."""
    if client.labels.status == "generic":
        return ()
    labels = []
    for attribute in CONTROLS:
        control = getattr(client, attribute)
        if control is None:
            continue
        labels.append(VendorLabel(client.key, attribute, control.label, control.described))
        for days, words in control.choices:
            key = f"{attribute}:{NEVER if days is None else days}"
            labels.append(VendorLabel(client.key, key, words))
    return tuple(labels)


def label_for(client: Client, key: str) -> VendorLabel | None:
    return next((label for label in vendor_labels(client) if label.key == key), None)


def sheet_quotes(client: Client, setting: DeviceSetting) -> tuple[VendorLabel, ...]:
    """The labels this device's sheet quotes: those its instructions name."""
    text = " ".join(words for words in instructions(client, setting).values() if words)
    return tuple(label for label in vendor_labels(client) if label.quoted in text)


def quoting_clients(words: str) -> list[VendorLabel]:
    """Every catalogue entry that quotes ``words`` (several clients may share them)."""
    return [label for client in CLIENTS.values() for label in vendor_labels(client) if label.words == words]


def _day(value: date) -> str:
    same_year = value.year == timezone.localdate().year
    return date_format(value, "n月j日" if same_year else "Y年n月j日")


@dataclass(frozen=True)
class LabelCheck:
    label: VendorLabel
    state: str  # "field" (confirmed there), "different", "verified", "unverified", "described"
    status: str  # the state in a sentence, for staff

    @property
    def confirmed(self) -> bool:
        return self.state in ("field", "verified")


def label_status(client: Client, label: VendorLabel, record) -> LabelCheck:
    """One label's status: the field record when there is one (a ``LabelConfirmation``)."""
    if record is not None and record.different:
        words = {"shown": record.shown, "date": _day(record.seen_on), "version": record.client_version}
        status = _("現場では「%(shown)s」と表示（%(date)s、%(version)s）") % words
        if record.task_open:
            status += _("。記事とカタログの修正を依頼しています。")
        return LabelCheck(label, "different", status)
    if record is not None:
        words = {"date": _day(record.seen_on), "version": record.client_version}
        return LabelCheck(label, "field", _("確認済み（現場、%(date)s、%(version)s）") % words)
    checked = date_format(client.labels.checked_date, "Y年n月j日")
    if label.described:
        return LabelCheck(label, "described", _("当社の説明です。画面の表示名は未確認です。"))
    if client.labels.verified:
        return LabelCheck(
            label, "verified", _("確認済み（提供元の資料、確認日：%(date)s）") % {"date": checked}
        )
    version = client.labels.version
    return LabelCheck(
        label,
        "unverified",
        _("未確認（%(version)s、確認日：%(date)s）") % {"version": version, "date": checked},
    )


def label_checks(client: Client, setting: DeviceSetting, seen: Mapping) -> tuple[LabelCheck, ...]:
    """Each label this device's sheet quotes, with its status; empty when no
    director has recorded any of them (the sheet's sentence about the
    client's labels says enough then)."""
    quoted = sheet_quotes(client, setting)
    records = [seen.get((client.key, label.key, label.words)) for label in quoted]
    if not any(records):
        return ()
    return tuple(label_status(client, label, record) for label, record in zip(quoted, records, strict=True))


def client_checks(client: Client, seen: Mapping) -> tuple[LabelCheck, ...]:
    """Every label of ``client`` with its status (the staff guide's list)."""
    return tuple(
        label_status(client, label, seen.get((client.key, label.key, label.words)))
        for label in vendor_labels(client)
    )
