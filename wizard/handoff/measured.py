"""A mailbox read's numbers in the sheet's words: 「実測（12月6日）」, which
values the advice used (a typed value comes first), and the numbers behind
the warnings a reading raises (``engine/measured.py``). Live addresses (the
server step, the review) and issued ones (the sheet) alike."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..engine.days import exact
from ..engine.measured import days_until_full
from ..engine.recommendations import Recommendation
from .address import AddressAnswers


def mb(value) -> str:
    """2,000MB as the house writes it: thousands separated, at most two decimals."""
    text = f"{Decimal(value):,.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def measured_on(address: AddressAnswers) -> str:
    """「12月6日」: the day the box was read (empty: never read)."""
    if address.measured_at is None:
        return ""
    return date_format(timezone.localtime(address.measured_at), "n月j日")


def summary(address: AddressAnswers) -> str:
    """What the read found, in one sentence (empty: never read)."""
    if address.measured_at is None:
        return ""
    parts = []
    if address.measured_used_mb is not None:
        used = _("使用量%(used)sMB") % {"used": mb(address.measured_used_mb)}
        if address.measured_quota_mb:
            share = round(100 * exact(address.measured_used_mb) / exact(address.measured_quota_mb))
            used += _("／容量%(quota)sMB（%(share)d%%）") % {
                "quota": mb(address.measured_quota_mb),
                "share": share,
            }
        parts.append(used)
    if address.measured_count is not None:
        parts.append(_("メール%(count)s通") % {"count": f"{address.measured_count:,}"})
    if address.measured_oldest is not None:
        parts.append(
            _("いちばん古いメールは%(date)s") % {"date": date_format(address.measured_oldest, "Y年n月j日")}
        )
    if address.measured_daily_mb is not None:
        parts.append(
            _("この30日に届いたメールは1日平均%(daily)sMB") % {"daily": mb(address.measured_daily_mb)}
        )
    return _("実測（%(day)s）：%(facts)s。") % {"day": measured_on(address), "facts": "、".join(parts)}


def used_for_advice(address: AddressAnswers) -> str:
    """Which values the advice used, where a reading gave any (empty: it gave none)."""
    if address.measured_at is None:
        return ""
    said = []
    for label, typed, measured in (
        (_("容量"), address.quota_mb, address.measured_quota_mb),
        (_("1日に届くメールの量"), address.daily_mb, address.measured_daily_mb),
    ):
        if typed is not None:
            said.append(_("%(label)sは入力した値（%(value)sMB）") % {"label": label, "value": mb(typed)})
        elif measured is not None:
            said.append(_("%(label)sは実測した値（%(value)sMB）") % {"label": label, "value": mb(measured)})
    if not said:
        return ""
    return _("推奨の計算には、%(said)sを使っています。") % {"said": "、".join(said)}


def details(address: AddressAnswers, rec: Recommendation) -> dict[str, str]:
    """The numbers behind each warning a reading raised, by code."""
    found: dict[str, str] = {}
    day = measured_on(address)
    if "old_copies_removed" in rec.warnings and rec.effective_days:
        days = rec.effective_days
        count = getattr(address, f"measured_old_{days}_count", None)
        size = getattr(address, f"measured_old_{days}_mb", None)
        copies = (
            _("%(count)s通") % {"count": f"{count:,}"}
            if size is None
            else _("%(count)s通（%(mb)sMB）") % {"count": f"{count:,}", "mb": mb(size)}
        )
        found["old_copies_removed"] = _(
            "実測（%(day)s）では、%(days)d日より前に届いたメールのコピーが%(copies)sサーバーにあります。"
        ) % {"day": day, "days": days, "copies": copies}
    if "box_nearly_full" in rec.warnings:
        found["box_nearly_full"] = _(
            "実測（%(day)s）では、容量%(quota)sMBのうち%(used)sMBを使っています。"
        ) % {
            "day": day,
            "quota": mb(address.quota_for_advice),
            "used": mb(address.measured_used_mb),
        }
    if "box_fills_before_days" in rec.warnings:
        left = days_until_full(address.measured(), address.quota_for_advice, address.daily_for_advice)
        when = (address.measured_at or timezone.now()) + timedelta(days=int(left))
        found["box_fills_before_days"] = _(
            "実測（%(day)s）の使用量%(used)sMBに1日%(daily)sMBずつ増えると、約%(left)s日後（%(when)sごろ）に容量%(quota)sMBがいっぱいになります。"
        ) % {
            "day": day,
            "used": mb(address.measured_used_mb),
            "daily": mb(address.daily_for_advice),
            "left": f"{int(left):,}",
            "when": date_format(timezone.localtime(when), "Y年n月"),
            "quota": mb(address.quota_for_advice),
        }
    return found
