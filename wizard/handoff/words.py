"""The sheet's sentences: what to do with each POP control in its client's
own words (the verb its control needs), how the days were chosen, what
role a device has among the others, and changes in a few words."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from ..engine.catalogue import CHOICE, Client
from ..engine.days import RETENTION_DAYS, DaysBasis
from ..engine.recommendations import DELETES, ENDING, IMAP_ROLE, POP, DeviceSetting
from .record import IssuedAddress, IssuedDevice


def choice_words(client: Client, days: int) -> str:
    return next((words for d, words in client.delete_after.day_choices if d == days), f"{days}日")


def instructions(client: Client, setting: DeviceSetting) -> dict[str, str | None]:
    """What to do with each POP control of ``client``, with the verb its kind
    needs: a checkbox is turned on or off, a number typed, a choice picked.
    A control named by what it does (no source shows its words) is written
    without 「」."""
    result: dict[str, str | None] = {"leave_copy": None, "delete_after": None, "local_delete": None}
    if setting.role in (IMAP_ROLE, ENDING) or not client.pop:
        return result
    if client.leave_copy:
        result["leave_copy"] = _("%(name)sをオンにします") % {"name": client.leave_copy.name}
    control, days = client.delete_after, setting.delete_after_days
    deletes = setting.role == DELETES and days is not None
    if control is None:
        result["delete_after"] = _("この端末では、サーバーのメールを削除する設定はしません")
    elif control.typed_days and deletes:
        template = (
            _("%(name)sに%(days)dと入力します")
            if control.described
            else _("%(name)sをオンにし、日数の欄に%(days)dと入力します")
        )
        result["delete_after"] = template % {"name": control.name, "days": days}
    elif control.kind == CHOICE:
        words = choice_words(client, days) if deletes else control.never
        result["delete_after"] = _("%(name)sで「%(choice)s」を選びます") % {
            "name": control.name,
            "choice": words,
        }
    elif deletes:
        result["delete_after"] = _("%(name)sをオンにし、「%(choice)s」を選びます") % {
            "name": control.name,
            "choice": choice_words(client, days),
        }
    else:
        result["delete_after"] = _("%(name)sはオフにします") % {"name": control.name}
    local = client.delete_on_local_delete
    if local is None:
        pass
    elif local.kind != CHOICE:
        result["local_delete"] = _("%(name)sはオフにします") % {"name": local.name}
    elif local.never:  # its own list: pick the option that never deletes
        result["local_delete"] = _("%(name)sで「%(choice)s」を選びます") % {
            "name": local.name,
            "choice": local.never,
        }
    elif deletes or (control and control.kind == CHOICE):  # an option of the delete list
        result["local_delete"] = _("%(name)sは選びません") % {"name": local.name}
    return result


def _mb(value: Fraction) -> str:
    return f"{int(value):,}" if value.denominator == 1 else f"{float(value):,.2f}".rstrip("0").rstrip(".")


def _need(daily: Fraction, days: int) -> str:
    return _("%(days)d日分（約%(mb)sMB）") % {"days": days, "mb": _mb(daily * days)}


def _fixed_outcome(client: Client, effective: int) -> str:
    """Why a device with fixed choices deletes after ``effective`` days: its choices, named."""
    choices = "・".join(f"「{words}」" for _days, words in client.delete_after.day_choices)
    longest = effective == max(client.retention_choices)
    words = choice_words(client, effective)
    return _(
        "削除する端末（%(client)s）で選べるのは%(choices)sだけのため、その中で%(which)s「%(words)s」（%(days)d日）で削除します。"
    ) % {
        "client": _(client.label),
        "choices": choices,
        "which": _("最も長い") if longest else _("合う"),
        "words": words,
        "days": effective,
    }


def days_text(basis: DaysBasis, *, effective: int | None = None, chooser: Client | None = None) -> str:
    """How the address's days were chosen, with the numbers the policy uses
    (90, 30 or 7 days; the quota's 8 割), never an in-between number of days.
    ``effective``: the days a device really deletes after; when a client's
    fixed choices make it differ from the rule's days (``chooser``), the rule's
    days are not given as the outcome."""
    fixed = chooser is not None and effective is not None and effective != basis.days
    text = _("サーバーにコピーを残す日数は、90日・30日・7日のどれかにします。")
    if basis.preferred == RETENTION_DAYS[0]:
        text += _("PCを買い替えても過去のメールを受け取れるよう、90日を基本にします。")
    else:
        text += _("ふだんは30日を基本にします。")
    outcome = (
        _fixed_outcome(chooser, effective) if fixed else _("%(days)d日にしました。") % {"days": basis.days}
    )
    if basis.quota_mb is None:
        return (
            text
            + _("サーバーの容量か1日に届くメールの量がわからないため、容量に収まるかは確かめていません。")
            + outcome
        )
    allowed = _("容量%(quota)sMBの8割（%(allowed)sMB）") % {
        "quota": _mb(basis.quota_mb),
        "allowed": _mb(basis.allowed_mb),
    }
    if not basis.daily_mb:
        return text + _("1日に届くメールの量が0MBのため、容量は足ります。") + outcome
    need = _need(basis.daily_mb, basis.days)
    if basis.warning == "quota_too_small":
        return (
            text
            + _("%(need)sでも%(allowed)sを超えるため、容量が足りません。")
            % {
                "need": need,
                "allowed": allowed,
            }
            + outcome
        )
    too_long = [days for days in RETENTION_DAYS if basis.days < days <= basis.preferred]
    if too_long:
        over = "・".join(_need(basis.daily_mb, days) for days in too_long)
        reason = _("%(over)sは%(allowed)sを超え、%(need)sなら収まります。") % {
            "over": over,
            "allowed": allowed,
            "need": need,
        }
    else:
        reason = _("%(need)sは%(allowed)sに収まります。") % {"need": need, "allowed": allowed}
    return text + reason + outcome


def _counted(device: IssuedDevice) -> str:
    """A device row by name, with its count when it stands for several: 事務所のPC（3台）."""
    name = _other(device)
    return _("%(name)s（%(n)d台）") % {"name": name, "n": device.quantity} if device.quantity > 1 else name


def address_line(address: IssuedAddress) -> str:
    """What really happens to the server's copies of this address (policy
    v2.1): who deletes them and after how many days, counted from when that
    device downloads; or that nobody does, and what follows."""
    rec = address.advice
    if rec.protocol != POP:
        return _("メールはサーバーに置いたまま、どの端末でも同じ受信トレイを見ます。")
    settings = [(device, address.setting(i)) for i, device in enumerate(address.devices)]
    deleters = [(device, s.delete_after_days) for device, s in settings if s and s.role == DELETES]
    if not deleters:
        if all(s and s.role == ENDING for _device, s in settings):
            return _(
                "今お使いの受け取り方は終了しているため、このアドレスの設定はまだ決められません。"
                "新しく使うメールソフトを担当ディレクターにお知らせください。設定シートを作り直します。"
            )
        return _(
            "サーバーにコピーを残します。どの端末もサーバーのコピーを削除しないため、サーバーのメールは増え続けます。"
            "容量がいっぱいになる前に、担当ディレクターにご相談ください。"
        )
    by_days: dict[int, list[str]] = {}
    for device, days in deleters:
        by_days.setdefault(days, []).append(_counted(device))
    parts = [
        _("%(names)sが受信してから%(days)d日後") % {"names": "、".join(names), "days": days}
        for days, names in sorted(by_days.items())
    ]
    return _("サーバーにコピーを残し、%(when)sにサーバーから削除します。") % {"when": "、".join(parts)}


def retention_note(client: Client, chosen: int, wanted: int) -> str:
    """Why a device with fixed day choices deletes after ``chosen`` days (the
    longest choice not over the address's days, else the shortest), without
    giving the address's days as if they were this device's."""
    choices = "・".join(f"「{words}」" for _days, words in client.delete_after.day_choices)
    rule = _("決めた日数を超えない中で最も長い") if chosen <= wanted else _("最も短い")
    return _("このメールソフトで選べるのは%(choices)sだけのため、%(rule)s「%(words)s」を選びます。") % {
        "choices": choices,
        "rule": rule,
        "words": choice_words(client, chosen),
    }


def _subject(device: IssuedDevice) -> str:
    """The device as the subject of its own sentence: 「受付PC」 or この端末."""
    return f"「{device.label}」" if device.label else _("この%(kind)s") % {"kind": device.kind_label}


def _other(device: IssuedDevice) -> str:
    """Another device, named so the customer can tell which one it is."""
    return device.label or f"{device.kind_label}（{device.client_label}）"


def role_text(address: IssuedAddress, index: int) -> str:
    """What device ``index`` of ``address`` does with the server's copies,
    among the others (empty on IMAP)."""
    device, setting = address.devices[index], address.setting(index)
    if setting is None or setting.role in (IMAP_ROLE, ENDING):
        return ""
    if setting.role == DELETES:
        return _("%(subject)sが受信してから%(days)d日たったメールを、サーバーから削除します。") % {
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
            "%(subject)sでは、サーバーのメールを削除しません。このアドレスには、サーバーのメールを削除する端末がありません。"
        ) % {"subject": _subject(device)}
    days = {d for _other_device, d in deleters}
    if len(days) == 1:
        by = _("%(names)sが%(days)d日後に") % {
            "names": "、".join(_counted(other) for other, _d in deleters),
            "days": days.pop(),
        }
    else:
        by = "、".join(
            _("%(name)s（%(days)d日後）") % {"name": _counted(other), "days": d} for other, d in deleters
        ) + _("が")
    return _("%(subject)sでは、サーバーのメールを削除しません。削除は%(by)s行います。") % {
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
