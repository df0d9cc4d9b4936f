"""What the catalogue knows about a mail client, as plain data: the device
kinds, the controls of its POP settings in its own words (``Control``),
where those words come from (``Labels``), and when a way of reading mail
ends (``Ending``). The clients themselves are listed in ``catalogue.py``.
No Django imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from core.i18n import gettext_noop

PC = "pc"
SMARTPHONE = "smartphone"
TABLET = "tablet"

DEVICE_KINDS: dict[str, str] = {
    PC: gettext_noop("PC"),
    SMARTPHONE: gettext_noop("スマートフォン"),
    TABLET: gettext_noop("タブレット"),
}
MOBILE_KINDS = frozenset({SMARTPHONE, TABLET})
ALL_KINDS = frozenset(DEVICE_KINDS)

DAYS_PLACEHOLDER = "○"
CHECKBOX, CHOICE = "checkbox", "choice"


@dataclass(frozen=True)
class Control:
    """One setting on the client's screen. ``choices``: (days, on-screen
    words), days None for the option that never deletes."""

    label: str
    kind: str = CHECKBOX
    choices: tuple[tuple[int | None, str], ...] = ()
    # Our own words for what the control does, where no source shows the
    # client's on-screen words: written without 「」.
    described: bool = False

    @property
    def name(self) -> str:
        """The control as a sentence names it: 「its words」, or our description."""
        return self.label if self.described else f"「{self.label}」"

    @property
    def typed_days(self) -> bool:
        return DAYS_PLACEHOLDER in self.label

    @property
    def day_choices(self) -> tuple[tuple[int, str], ...]:
        return tuple((days, words) for days, words in self.choices if days is not None)

    @property
    def never(self) -> str | None:
        return next((words for days, words in self.choices if days is None), None)


@dataclass(frozen=True)
class Labels:
    """Where the on-screen words come from. ``status``: "verified" (a vendor
    or hosting firm's current page shows them), "unverified", or "generic"
    (our own words for a client we cannot name)."""

    version: str
    checked_on: str  # ISO date
    source: str = ""
    status: str = "unverified"

    @property
    def checked_date(self) -> date:
        return date.fromisoformat(self.checked_on)

    @property
    def verified(self) -> bool:
        return self.status != "unverified"


# A way of reading mail counts as ending from this many days before its end date.
ENDING_NOTICE_DAYS = 90


@dataclass(frozen=True)
class Ending:
    """A way of reading mail that has stopped or is stopping."""

    on: str  # ISO date, or a year-month where only that is known
    text: str  # what happens, in Japanese
    replacement: str  # what to use instead, in Japanese

    @property
    def date(self) -> date:
        """The end date; a year-month alone counts from the month's first day."""
        return date.fromisoformat(self.on if len(self.on) > 7 else f"{self.on}-01")

    def ending_by(self, when: date) -> bool:
        """Ended by ``when``, or ending within ``ENDING_NOTICE_DAYS`` after it."""
        return self.date <= when + timedelta(days=ENDING_NOTICE_DAYS)


GENERIC = Labels(version="", checked_on="2026-11-27", status="generic")


@dataclass(frozen=True)
class Client:
    key: str
    label: str
    kinds: frozenset[str]
    imap: bool
    pop: bool
    guide_slug: str
    caveat: str | None = None  # always worth a warning
    pop_caveat: str | None = None  # a warning only when the address is on POP
    leave_copy: Control | None = None
    delete_after: Control | None = None
    delete_on_local_delete: Control | None = None
    labels: Labels = GENERIC
    ends: Ending | None = None
    # Steps to set POP retention by hand where a configuration profile cannot
    # ({address}: the mail address, {choice}: the option to pick).
    pop_retention_steps: tuple[str, ...] = field(default=())
    # Installs an Apple configuration profile (.mobileconfig): iPhone, iPad, Mac.
    apple_profile: bool = False

    def __post_init__(self) -> None:
        if not self.kinds or not self.kinds <= ALL_KINDS:
            raise ValueError(f"kinds: {sorted(self.kinds)!r} for client {self.key!r}")
        days = [d for d, _words in self.delete_after.day_choices] if self.delete_after else []
        if days != sorted(set(days)):
            raise ValueError(f"delete_after: day choices must be ascending for client {self.key!r}")
        if self.delete_after and self.delete_after.typed_days and days:
            raise ValueError(f"delete_after: client {self.key!r} has both typed days and day choices")

    def ending_by(self, when: date) -> bool:
        """A way of reading mail that has ended, or ends soon after ``when``."""
        return self.ends is not None and self.ends.ending_by(when)

    def fits(self, kind: str) -> bool:
        """Whether this client runs on a device of ``kind``."""
        return kind in self.kinds

    @property
    def retention_any_days(self) -> bool:
        """Accepts any number of days: an exact deleter under policy v2."""
        return bool(self.delete_after and self.delete_after.typed_days)

    @property
    def retention_choices(self) -> tuple[int, ...]:
        """The fixed day choices, shortest first; empty for any-days or none."""
        return tuple(d for d, _words in self.delete_after.day_choices) if self.delete_after else ()

    @property
    def retention_choice_labels(self) -> tuple[str, ...]:
        return tuple(words for _d, words in self.delete_after.day_choices) if self.delete_after else ()

    def choice_for(self, days: int) -> int | None:
        """The fixed day choice for an address that keeps ``days`` days: the
        longest not longer, or the shortest when every choice is longer
        (None when the client has no fixed choices)."""
        choices = self.retention_choices
        if not choices:
            return None
        not_longer = [choice for choice in choices if choice <= days]
        return not_longer[-1] if not_longer else choices[0]
