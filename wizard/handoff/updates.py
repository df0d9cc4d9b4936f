"""What a re-issued sheet changed, told to the customer in sentences.

``handoff.changes.issue_changes`` finds the devices whose settings differ
between the previous issue and the newest; here each becomes one sentence
in the customer's words (「サーバーのコピーを削除しない設定に変わりました
（前回：7日後に削除）」) and says which part of the device's guide to follow
again: the numbered list that holds the changed setting's value (the
``days`` / ``delete_after`` slots), or the whole guide for a new device or
a new receiving method.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from ..engine.catalogue import Client
from ..engine.recommendations import DELETES, ENDING, IMAP_ROLE, POP, DeviceSetting
from .changes import DeviceChange, issue_changes
from .record import IssuedDevice, SheetRecord
from .words import choice_words

RETENTION_SLOTS = ("days", "delete_after")  # the guide slots that carry a device's deletion setting
PROTOCOL_NAMES = {"pop": "POP", "imap": "IMAP"}


@dataclass(frozen=True)
class DeviceUpdate:
    address: str
    device: IssuedDevice
    sentence: str
    retention_only: bool  # only the deletion setting changed: its steps, not the whole guide
    to_imap: bool = False  # POP → IMAP: the switching article helps

    @property
    def device_id(self) -> int:
        return self.device.id


@dataclass(frozen=True)
class SheetUpdate:
    issued_on: date
    previous_on: date
    devices: tuple[DeviceUpdate, ...]

    def for_device(self, device_id: int) -> DeviceUpdate | None:
        return next((update for update in self.devices if update.device_id == device_id), None)


def _when(client: Client, setting: DeviceSetting) -> str:
    """When the device deletes the server's copy, as the customer sets it: 「30日後」, 「1か月後」."""
    days = setting.delete_after_days
    control = client.delete_after
    if control is not None and not control.typed_days:
        return choice_words(client, days)
    return _("%(days)d日後") % {"days": days}


def _what(client: Client, setting: DeviceSetting) -> str:
    """What the device did before, in a few words (after 「前回：」)."""
    if setting.role == DELETES and setting.delete_after_days:
        return _("%(when)sに削除") % {"when": _when(client, setting)}
    if setting.role == ENDING:
        return _("終了するメールソフトのため設定なし")
    return _("削除しない")


def change_sentence(change: DeviceChange) -> tuple[str, bool]:
    """(the sentence, whether only the deletion setting changed)."""
    client, after, before = change.device.catalogue_client, change.after, change.before
    if before is None or change.protocol_before is None:
        return _("新しく加わった端末です。設定手順のとおりに設定してください。"), False
    if change.protocol_before != change.protocol_after:
        return (
            _("受信方式が%(before)sから%(after)sに変わりました。設定手順のとおりに設定し直してください。")
            % {
                "before": PROTOCOL_NAMES.get(change.protocol_before, change.protocol_before),
                "after": PROTOCOL_NAMES.get(change.protocol_after, change.protocol_after),
            },
            False,
        )
    if after.role == ENDING:
        return _(
            "このメールソフトは終了するため、サーバーのコピーの削除を受け持たなくなりました。ほかのメールソフトへの切り替えを担当ディレクターにご相談ください。"
        ), False
    if after.role == IMAP_ROLE:
        return _("設定手順のとおりに設定し直してください。"), False
    previous = _("（前回：%(what)s）") % {"what": _what(client, before)}
    if after.role == DELETES and after.delete_after_days:
        sentence = _("サーバーのコピーを%(when)sに削除する設定に変わりました") % {
            "when": _when(client, after)
        }
    else:
        sentence = _("サーバーのコピーを削除しない設定に変わりました")
    return sentence + previous, True


def sheet_update(previous: SheetRecord | None, latest: SheetRecord | None) -> SheetUpdate | None:
    """What the newest issue changed for the customer (None: the first issue,
    or nothing a device has to change)."""
    if previous is None or latest is None:
        return None
    updates = []
    for change in issue_changes(previous, latest):
        sentence, retention_only = change_sentence(change)
        to_imap = change.protocol_before == POP and change.protocol_after == "imap"
        updates.append(DeviceUpdate(change.address, change.device, sentence, retention_only, to_imap))
    if not updates:
        return None
    return SheetUpdate(
        issued_on=timezone.localdate(latest.issued_at) if latest.issued_at else timezone.localdate(),
        previous_on=timezone.localdate(previous.issued_at) if previous.issued_at else timezone.localdate(),
        devices=tuple(updates),
    )
