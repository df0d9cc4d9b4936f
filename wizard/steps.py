"""The wizard as an ordered tuple of steps, each knowing when it is complete.

A request for a later step while an earlier one is incomplete is sent to the
first incomplete step (see views.wizard_step).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Hearing, Mailbox


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | Promise
    is_complete: Callable[[Hearing, list[Mailbox]], bool]


def _customer_done(hearing: Hearing, mailboxes: list[Mailbox]) -> bool:
    return bool(hearing.company and hearing.contact_name and hearing.consulted_on and hearing.director_id)


def _addresses_done(hearing: Hearing, mailboxes: list[Mailbox]) -> bool:
    return bool(mailboxes) and all(m.address and m.people >= 1 for m in mailboxes)


def _devices_done(hearing: Hearing, mailboxes: list[Mailbox]) -> bool:
    return bool(mailboxes) and all(len(m.devices.all()) >= 1 for m in mailboxes)


def _server_done(hearing: Hearing, mailboxes: list[Mailbox]) -> bool:
    return bool(mailboxes) and all(m.incoming_host and m.outgoing_host for m in mailboxes)


def _review_done(hearing: Hearing, mailboxes: list[Mailbox]) -> bool:
    return hearing.is_completed


STEPS: tuple[Step, ...] = (
    Step("customer", _("お客さま情報"), _customer_done),
    Step("addresses", _("メールアドレスと利用人数"), _addresses_done),
    Step("devices", _("端末とメールソフト"), _devices_done),
    Step("server", _("サーバーと容量"), _server_done),
    Step("review", _("確認と推奨設定"), _review_done),
)
STEP_SLUGS = tuple(step.slug for step in STEPS)
BY_SLUG = {step.slug: step for step in STEPS}


def load_mailboxes(hearing: Hearing) -> list[Mailbox]:
    return list(hearing.mailboxes.prefetch_related("devices"))


def first_incomplete(hearing: Hearing, mailboxes: list[Mailbox]) -> Step | None:
    """The first step whose answers are missing, ignoring the final review."""
    for step in STEPS[:-1]:
        if not step.is_complete(hearing, mailboxes):
            return step
    return None


def previous_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index > 0 else None


def next_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def progress(hearing: Hearing, mailboxes: list[Mailbox], current: Step) -> list[dict]:
    """For the progress indicator: every step, whether done, which is current."""
    blocked = False
    items = []
    for number, step in enumerate(STEPS, start=1):
        done = step.is_complete(hearing, mailboxes)
        items.append(
            {
                "number": number,
                "step": step,
                "done": done,
                "current": step == current,
                "reachable": not blocked,
            }
        )
        if not done and step is not STEPS[-1]:
            blocked = True
    return items
