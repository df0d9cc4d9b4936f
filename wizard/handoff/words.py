"""The sheet's sentences: what to do with each POP control in its client's
own words (the verb its control needs), how the days were chosen, what
role a device has among the others, and changes in a few words."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from ..engine.catalogue import CHOICE, DAYS_PLACEHOLDER, Client
from ..engine.days import QUOTA_SHARE, DaysBasis
from ..engine.recommendations import DELETES, IMAP_ROLE, DeviceSetting
from .record import IssuedAddress, IssuedDevice


def choice_words(client: Client, days: int) -> str:
    return next((words for d, words in client.delete_after.day_choices if d == days), f"{days}日")


def instructions(client: Client, setting: DeviceSetting) -> dict[str, str | None]:
    """What to do with each POP control of ``client``, with the verb its kind
    needs: a checkbox is turned on or off, a number typed, a choice picked."""
    result: dict[str, str | None] = {"leave_copy": None, "delete_after": None, "local_delete": None}
    if setting.role == IMAP_ROLE or not client.pop:
        return result
    if client.leave_copy:
        result["leave_copy"] = _("「%(label)s」をオンにする") % {"label": client.leave_copy.label}
    control, days = client.delete_after, setting.delete_after_days
    deletes = setting.role == DELETES and days is not None
    if control is None:
        result["delete_after"] = _("日数で削除する設定はありません (サーバーのメールを削除しません)")
    elif control.typed_days and deletes:
        result["delete_after"] = _("「%(label)s」をオンにし、日数に %(days)d と入力する") % {
            "label": control.label.replace(DAYS_PLACEHOLDER, str(days)),
            "days": days,
        }
    elif control.kind == CHOICE:
        words = choice_words(client, days) if deletes else control.never
        result["delete_after"] = _("「%(label)s」で「%(choice)s」を選ぶ") % {
            "label": control.label,
            "choice": words,
        }
    elif deletes:
        result["delete_after"] = _("「%(label)s」をオンにし、「%(choice)s」を選ぶ") % {
            "label": control.label,
            "choice": choice_words(client, days),
        }
    else:
        result["delete_after"] = _("「%(label)s」をオフにする") % {"label": control.label}
    local = client.delete_on_local_delete
    if local is None:
        pass
    elif local.kind != CHOICE:
        result["local_delete"] = _("「%(label)s」をオフにする") % {"label": local.label}
    elif local.never:  # its own list: pick the option that never deletes
        result["local_delete"] = _("「%(label)s」で「%(choice)s」を選ぶ") % {
            "label": local.label,
            "choice": local.never,
        }
    elif deletes or (control and control.kind == CHOICE):  # an option of the delete list
        result["local_delete"] = _("「%(label)s」は選ばない") % {"label": local.label}
    return result


def _mb(value: Fraction) -> str:
    return f"{int(value):,}" if value.denominator == 1 else f"{float(value):,.2f}".rstrip("0").rstrip(".")


def days_text(basis: DaysBasis) -> str:
    """How the days were chosen, in plain Japanese with the arithmetic."""
    wish = (
        _("過去のメールを新しい PC でも受け取れるよう %(days)d 日が希望です。")
        if basis.preferred == 90
        else _("おすすめは %(days)d 日です。")
    ) % {"days": basis.preferred}
    if basis.quota_mb is None:
        return wish + _(
            "容量か1日の受信量がわからないため、%(days)d日にしました (容量に収まるかは確かめていません)。"
        ) % {"days": basis.days}
    if basis.fitting_days is None:
        fits = _("1日の受信量が 0 MB なので容量は足ります")
    else:
        fits = _("容量 %(quota)s MB の %(share)s 割 ÷ 1日 %(daily)s MB = %(fit)s 日分") % {
            "quota": _mb(basis.quota_mb),
            "share": _mb(QUOTA_SHARE * 10),
            "daily": _mb(basis.daily_mb),
            "fit": f"{int(basis.fitting_days):,}",
        }
    return wish + _("%(fits)s → %(days)d日") % {"fits": fits, "days": basis.days}


def _subject(device: IssuedDevice) -> str:
    """The device as the subject of its own sentence: 「受付PC」 or この端末."""
    return f"「{device.label}」" if device.label else _("この%(kind)s") % {"kind": device.kind_label}


def _other(device: IssuedDevice) -> str:
    """Another device, named so the customer can tell which one it is."""
    return device.label or f"{device.kind_label} ({device.client_label})"


def role_text(address: IssuedAddress, index: int) -> str:
    """What device ``index`` of ``address`` does with the server's copies,
    among the others (empty on IMAP)."""
    device, setting = address.devices[index], address.setting(index)
    if setting is None or setting.role == IMAP_ROLE:
        return ""
    if setting.role == DELETES:
        return _("%(subject)sが、受信から %(days)d 日たったメールをサーバーから削除します。") % {
            "subject": _subject(device),
            "days": setting.delete_after_days,
        }
    deleters = [
        (other, address.setting(i).delete_after_days)
        for i, other in enumerate(address.devices)
        if address.setting(i) is not None and address.setting(i).role == DELETES
    ]
    if not deleters:
        return _(
            "%(subject)sではサーバーから削除しません。このアドレスには、サーバーのメールを削除する端末がありません。"
        ) % {"subject": _subject(device)}
    days = {d for _other_device, d in deleters}
    if len(days) == 1:
        by = _("%(names)s が %(days)d 日後に") % {
            "names": "、".join(_other(other) for other, _d in deleters),
            "days": days.pop(),
        }
    else:
        by = "、".join(
            _("%(name)s (%(days)d日後)") % {"name": _other(other), "days": d} for other, d in deleters
        ) + _(" が")
    return _("%(subject)sではサーバーから削除しません。削除は %(by)s行います。") % {
        "subject": _subject(device),
        "by": by,
    }


def setting_words(client: Client, setting: DeviceSetting | None, protocol: str | None) -> str:
    """A device's setting in a few words, as the change list shows it."""
    if setting is None or protocol is None:
        return _("(新しく追加した端末)")
    if setting.role == IMAP_ROLE:
        return "IMAP"
    control = client.delete_after
    if setting.role == DELETES and setting.delete_after_days:
        words = (
            choice_words(client, setting.delete_after_days)
            if control and not control.typed_days
            else _("%(days)d日後に削除") % {"days": setting.delete_after_days}
        )
    else:
        words = (control.never if control and control.never else None) or _("削除しない")
    return f"POP: {words}"


@dataclass(frozen=True)
class ChangeLine:
    address: str
    device: str
    client: str
    before: str
    after: str
    todo: str


def describe_changes(changes) -> list[ChangeLine]:
    """Issue or impact changes (``changes.DeviceChange``) as lines for people."""
    lines = []
    for change in changes:
        client = change.device.catalogue_client
        todo = instructions(client, change.after)
        lines.append(
            ChangeLine(
                address=change.address,
                device=change.device.name,
                client=_(client.label),
                before=setting_words(client, change.before, change.protocol_before),
                after=setting_words(client, change.after, change.protocol_after),
                todo=todo["delete_after"]
                or (_("IMAP で設定し直す") if change.after.role == IMAP_ROLE else ""),
            )
        )
    return lines
