"""The recommendation engine: which protocol one mail address should use.

Pure Python, no Django imports: frozen dataclasses in, a frozen dataclass out.
The policy is the one in DOMAIN.md ("The policy (per address)"). Bump
``RULES_VERSION`` whenever a change here can change a recommendation; it is
stored with every saved recommendation.

Reason codes, in the order they are listed, and when each one *holds*:

- ``shared_address`` (points to POP): ``people >= 2``.
- ``client_pop_only`` (POP): some device's client cannot do IMAP.
- ``mobile_access`` (IMAP): some device is a smartphone or a tablet.
- ``multiple_devices`` (IMAP): two or more devices, whoever reads them.
- ``single_device`` (POP): one person with exactly one device (of any kind).

The protocol is POP when ``shared_address`` or ``client_pop_only`` holds;
otherwise IMAP when ``mobile_access`` or ``multiple_devices`` holds;
otherwise (one person, one PC) POP. ``reasons`` lists every code that holds
and points to the chosen protocol, in the order above, so it is never empty.

Warning codes, always in this order (``WARNING_CODES``):

- ``shared_mobile``: ``people >= 2`` and some device is a smartphone/tablet.
- ``client_cannot_pop``: POP was chosen and some device's client lacks POP.
- ``quota_too_small`` (POP): even 7 days of copies exceed 80 % of the quota.
- ``imap_quota_fills`` (IMAP): ``quota_mb / daily_mb < 365``; never when
  ``daily_mb`` is 0.
- ``quota_unknown``: ``quota_mb`` or ``daily_mb`` is unknown (None).
- ``client_caveat``: some device's client has a caveat in the catalogue.

``suggest_cloud`` is True when any of the first four warnings is raised.

Numbers are compared exactly, as the decimals they print as (what the
customer typed): a float ``8.8`` is 88/10, not the nearest binary fraction,
so a value exactly at a limit counts as fitting.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from numbers import Rational
from typing import Literal

from wizard.catalogue import CLIENTS, DEVICE_KINDS, MOBILE_KINDS

RULES_VERSION = "2026-11-27.1"


def gettext_noop(message: str) -> str:
    """Mark a string for translation without importing Django.

    ``makemessages`` extracts these; templates show them with
    ``{% translate explanation.title %}``, so an English catalogue applies.
    """
    return message


POP = "pop"
IMAP = "imap"

# Reason code -> the protocol it points to, in listing order.
REASON_POINTS: dict[str, str] = {
    "shared_address": POP,
    "client_pop_only": POP,
    "mobile_access": IMAP,
    "multiple_devices": IMAP,
    "single_device": POP,
}
REASON_CODES: tuple[str, ...] = tuple(REASON_POINTS)

WARNING_CODES: tuple[str, ...] = (
    "shared_mobile",
    "client_cannot_pop",
    "quota_too_small",
    "imap_quota_fills",
    "quota_unknown",
    "client_caveat",
)
CLOUD_WARNINGS = frozenset({"shared_mobile", "quota_too_small", "imap_quota_fills", "client_cannot_pop"})
SUGGEST_CLOUD = "suggest_cloud"

# POP: days to keep server copies, longest first; keep this much of the quota free.
RETENTION_DAYS: tuple[int, ...] = (90, 30, 7)
PREFERRED_DAYS_KEEP_HISTORY = 90
PREFERRED_DAYS = 30
QUOTA_SHARE = Fraction(4, 5)
# IMAP: warn when the box fills in less than this many days.
IMAP_FILL_DAYS = 365


def _exact(value: int | float | Decimal | Fraction) -> Fraction:
    """A number as an exact fraction; a float is read as the decimal it prints as."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def _check_amount(name: str, value: object, *, allow_zero: bool) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, Rational)):
        raise ValueError(f"{name}: must be a number or None, got {value!r}")
    if (isinstance(value, float) and not math.isfinite(value)) or (
        isinstance(value, Decimal) and not value.is_finite()
    ):
        raise ValueError(f"{name}: must be a finite number, got {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        limit = "≥ 0" if allow_zero else "> 0"
        raise ValueError(f"{name}: must be {limit}, got {value!r}")


@dataclass(frozen=True)
class Device:
    """One device that reads the address: its kind and the client on it."""

    kind: str
    client: str

    def __post_init__(self) -> None:
        if self.kind not in DEVICE_KINDS:
            raise ValueError(f"kind: unknown device kind {self.kind!r}")
        catalogue_client = CLIENTS.get(self.client)
        if catalogue_client is None:
            raise ValueError(f"client: unknown client {self.client!r}")
        if self.kind not in catalogue_client.kinds:
            raise ValueError(f"client: {self.client!r} cannot be used on a {self.kind!r} device")


@dataclass(frozen=True)
class MailboxAnswers:
    """The hearing's answers about one address. ``None`` means unknown.

    ``devices`` may be given as any sequence; it is stored as a tuple.
    """

    people: int
    devices: tuple[Device, ...]
    quota_mb: int | float | Decimal | None = None
    daily_mb: int | float | Decimal | None = None
    keep_history_on_new_device: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.people, bool) or not isinstance(self.people, int):
            raise ValueError(f"people: must be a whole number, got {self.people!r}")
        if self.people < 1:
            raise ValueError(f"people: must be ≥ 1, got {self.people!r}")
        if isinstance(self.devices, (str, bytes)) or not isinstance(self.devices, Sequence):
            raise ValueError(f"devices: must be a sequence of Device, got {self.devices!r}")
        devices = tuple(self.devices)
        if not devices:
            raise ValueError("devices: at least one device is required")
        for device in devices:
            if not isinstance(device, Device):
                raise ValueError(f"devices: expected Device, got {device!r}")
        object.__setattr__(self, "devices", devices)
        _check_amount("quota_mb", self.quota_mb, allow_zero=False)
        _check_amount("daily_mb", self.daily_mb, allow_zero=True)
        if not isinstance(self.keep_history_on_new_device, bool):
            raise ValueError(
                f"keep_history_on_new_device: must be True or False, got {self.keep_history_on_new_device!r}"
            )


@dataclass(frozen=True)
class Recommendation:
    """The engine's answer for one address.

    For POP, ``leave_on_server`` is True and ``delete_after_days`` is 7, 30
    or 90; for IMAP both are None.
    """

    protocol: Literal["pop", "imap"]
    leave_on_server: bool | None
    delete_after_days: int | None
    suggest_cloud: bool
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    rules_version: str = field(default=RULES_VERSION)

    @property
    def explanations(self) -> tuple[Explanation, ...]:
        """Reasons, then warnings, then the cloud suggestion, explained."""
        codes = self.reasons + self.warnings + ((SUGGEST_CLOUD,) if self.suggest_cloud else ())
        return tuple(CODES[code] for code in codes)


def _pop_days(answers: MailboxAnswers) -> tuple[int, str | None]:
    """Days to keep POP copies on the server, and the quota warning if any."""
    preferred = PREFERRED_DAYS_KEEP_HISTORY if answers.keep_history_on_new_device else PREFERRED_DAYS
    if answers.quota_mb is None or answers.daily_mb is None:
        return preferred, "quota_unknown"
    allowed = QUOTA_SHARE * _exact(answers.quota_mb)
    daily = _exact(answers.daily_mb)
    for days in RETENTION_DAYS:
        if days <= preferred and daily * days <= allowed:
            return days, None
    return RETENTION_DAYS[-1], "quota_too_small"


def _imap_quota_warning(answers: MailboxAnswers) -> str | None:
    if answers.quota_mb is None or answers.daily_mb is None:
        return "quota_unknown"
    # quota / daily < 365, written without dividing so daily 0 never fills.
    if _exact(answers.quota_mb) < IMAP_FILL_DAYS * _exact(answers.daily_mb):
        return "imap_quota_fills"
    return None


def recommend(answers: MailboxAnswers) -> Recommendation:
    """Recommend one protocol, and POP's retention, for one address."""
    clients = [CLIENTS[device.client] for device in answers.devices]
    any_mobile = any(device.kind in MOBILE_KINDS for device in answers.devices)
    holds = {
        "shared_address": answers.people >= 2,
        "client_pop_only": any(not client.imap for client in clients),
        "mobile_access": any_mobile,
        "multiple_devices": len(answers.devices) >= 2,
        "single_device": answers.people == 1 and len(answers.devices) == 1,
    }

    if holds["shared_address"] or holds["client_pop_only"]:
        protocol = POP
    elif holds["mobile_access"] or holds["multiple_devices"]:
        protocol = IMAP
    else:
        protocol = POP
    reasons = tuple(code for code in REASON_CODES if holds[code] and REASON_POINTS[code] == protocol)

    raised: set[str] = set()
    if answers.people >= 2 and any_mobile:
        raised.add("shared_mobile")
    if protocol == POP:
        leave_on_server: bool | None = True
        delete_after_days, quota_warning = _pop_days(answers)
        if any(not client.pop for client in clients):
            raised.add("client_cannot_pop")
    else:
        leave_on_server = None
        delete_after_days = None
        quota_warning = _imap_quota_warning(answers)
    if quota_warning:
        raised.add(quota_warning)
    if any(client.caveat for client in clients):
        raised.add("client_caveat")
    warnings = tuple(code for code in WARNING_CODES if code in raised)

    return Recommendation(
        protocol=protocol,
        leave_on_server=leave_on_server,
        delete_after_days=delete_after_days,
        suggest_cloud=bool(raised & CLOUD_WARNINGS),
        reasons=reasons,
        warnings=warnings,
        rules_version=RULES_VERSION,
    )


@dataclass(frozen=True)
class Explanation:
    """Why a code was raised, in plain Japanese, and the KB article to read."""

    code: str
    kind: Literal["reason", "warning", "cloud"]
    title: str
    text: str
    article_slug: str


_EXPLANATIONS: tuple[Explanation, ...] = (
    Explanation(
        code="shared_address",
        kind="reason",
        title=gettext_noop("複数の人で使うアドレスです"),
        text=gettext_noop(
            "このアドレスは複数の人がそれぞれの端末で読みます。"
            "IMAP では一人が既読にしたり削除したりすると全員の画面に反映され、"
            "うっかり消したメールは全員から消えてしまいます。"
            "POP でサーバーにコピーを残す設定にすれば、全員がすべてのメールを受け取れます。"
        ),
        article_slug="shared-address-pop",
    ),
    Explanation(
        code="client_pop_only",
        kind="reason",
        title=gettext_noop("POP にしか対応していないメールソフトがあります"),
        text=gettext_noop(
            "お使いのメールソフトの中に IMAP に対応していないものがあります。"
            "1つのアドレスでは POP と IMAP を混ぜずに同じ方式にそろえるため、"
            "すべての端末を POP で設定します。"
        ),
        article_slug="guide-pop-only",
    ),
    Explanation(
        code="mobile_access",
        kind="reason",
        title=gettext_noop("スマートフォンやタブレットでも読みます"),
        text=gettext_noop(
            "スマートフォンやタブレットでもメールを読むため、IMAP をおすすめします。"
            "IMAP ではメールがサーバーに置かれたままなので、どの端末でも同じ受信箱を見られます。"
        ),
        article_slug="choose-pop-or-imap",
    ),
    Explanation(
        code="multiple_devices",
        kind="reason",
        title=gettext_noop("複数の端末で読みます"),
        text=gettext_noop(
            "このアドレスを複数の端末で読むため、IMAP をおすすめします。"
            "どの端末で読んでも、既読・未読や削除、フォルダ分けがほかの端末にもそのまま反映されます。"
        ),
        article_slug="choose-pop-or-imap",
    ),
    Explanation(
        code="single_device",
        kind="reason",
        title=gettext_noop("1人が1台で読みます"),
        text=gettext_noop(
            "このアドレスを読むのは1人・1台の端末だけです。"
            "POP ならメールを端末に保存するので、サーバーの容量をあまり気にせずに使えます。"
        ),
        article_slug="choose-pop-or-imap",
    ),
    Explanation(
        code="shared_mobile",
        kind="warning",
        title=gettext_noop("共有アドレスをスマートフォンでも読みます"),
        text=gettext_noop(
            "複数の人で使うアドレスをスマートフォンやタブレットでも読む場合、"
            "その端末でも必ず「サーバーにコピーを残す」設定にしてください。"
            "1台でも設定を誤ると、ほかの人にメールが届かなくなります。"
        ),
        article_slug="shared-address-pop",
    ),
    Explanation(
        code="client_cannot_pop",
        kind="warning",
        title=gettext_noop("POP に対応していないメールソフトがあります"),
        text=gettext_noop(
            "このアドレスは POP で設定しますが、POP に対応していないメールソフトが含まれています。"
            "その端末では別のメールソフトを使うか、クラウドのメールサービスをご検討ください。"
        ),
        article_slug="guide-pop-only",
    ),
    Explanation(
        code="quota_too_small",
        kind="warning",
        title=gettext_noop("サーバーの容量が足りません"),
        text=gettext_noop(
            "届くメールの量に比べてサーバーの容量が小さく、"
            "7日分のコピーを残すだけでも容量の8割を超えてしまいます。"
            "容量の大きいプランへの変更か、クラウドのメールサービスへの移行をご検討ください。"
        ),
        article_slug="leave-on-server-days",
    ),
    Explanation(
        code="imap_quota_fills",
        kind="warning",
        title=gettext_noop("1年以内に容量がいっぱいになります"),
        text=gettext_noop(
            "IMAP ではメールがサーバーに残り続けるため、今の受信量では1年以内に容量がいっぱいになります。"
            "いっぱいになると新しいメールを受け取れなくなるので、"
            "古いメールの削除や保存(アーカイブ)を定期的に行うか、容量の大きいプランをご検討ください。"
        ),
        article_slug="mailbox-quota",
    ),
    Explanation(
        code="quota_unknown",
        kind="warning",
        title=gettext_noop("容量が足りるか確認できていません"),
        text=gettext_noop(
            "サーバーの容量か1日に届くメールの量がわからないため、容量が足りるかを確かめられませんでした。"
            "サーバーの管理画面で容量と使用量を確認し、いっぱいにならないよう時々ご確認ください。"
        ),
        article_slug="mailbox-quota",
    ),
    Explanation(
        code="client_caveat",
        kind="warning",
        title=gettext_noop("注意が必要なメールソフトがあります"),
        text=gettext_noop(
            "新しい Outlook for Windows など、使い方に注意が必要なメールソフトが含まれています。"
            "設定シートの注意書きとガイド記事をご確認ください。"
        ),
        article_slug="guide-outlook-new",
    ),
    Explanation(
        code=SUGGEST_CLOUD,
        kind="cloud",
        title=gettext_noop("クラウドのメールサービスもご検討ください"),
        text=gettext_noop(
            "このアドレスの使い方には、Google Workspace や Microsoft 365 などの"
            "クラウドのメールサービスのほうが向いています。"
            "容量が大きく、複数の人や端末で同じメールを安全に扱えます。"
        ),
        article_slug="cloud-mail",
    ),
)

CODES: dict[str, Explanation] = {explanation.code: explanation for explanation in _EXPLANATIONS}

ALL_ARTICLE_SLUGS: frozenset[str] = frozenset(
    {explanation.article_slug for explanation in _EXPLANATIONS}
    | {client.guide_slug for client in CLIENTS.values()}
)
