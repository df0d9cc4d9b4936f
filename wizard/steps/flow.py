"""A hearing going through the steps, in the order the director meets them."""

from __future__ import annotations

from ..models import Hearing
from .addresses import AddressesStep
from .base import Step
from .customer import CustomerStep
from .devices import DevicesStep
from .review import ReviewStep
from .server import ServerStep

STEPS: tuple[Step, ...] = (CustomerStep(), AddressesStep(), DevicesStep(), ServerStep(), ReviewStep())
BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS}


class Flow:
    """One hearing going through the steps: its addresses (with devices, read
    once) and which steps are done."""

    steps = STEPS

    def __init__(self, hearing: Hearing):
        self.hearing = hearing
        self.new = hearing._state.adding  # not saved yet: only its first step exists
        self.mailboxes = [] if self.new else list(hearing.mailboxes.with_devices())

    @staticmethod
    def step(slug: str) -> Step | None:
        return BY_SLUG.get(slug)

    @staticmethod
    def previous(step: Step) -> Step | None:
        index = STEPS.index(step)
        return STEPS[index - 1] if index > 0 else None

    @staticmethod
    def next(step: Step) -> Step | None:
        index = STEPS.index(step)
        return STEPS[index + 1] if index + 1 < len(STEPS) else None

    def first_incomplete(self) -> Step | None:
        """The first step whose answers are missing, ignoring the final review."""
        return next((step for step in STEPS[:-1] if not step.is_completed(self)), None)

    def blocker(self, step: Step) -> Step | None:
        """An incomplete step before ``step``, which must be answered first."""
        first = self.first_incomplete()
        return first if first is not None and STEPS.index(first) < STEPS.index(step) else None

    def progress(self, current: Step) -> list[dict]:
        """For the progress indicator: every step, whether done, which is current."""
        blocked = False
        items = []
        for number, step in enumerate(STEPS, start=1):
            done = step.is_completed(self)
            items.append(
                {
                    "number": number,
                    "step": step,
                    "done": done,
                    "current": step is current,
                    "reachable": not blocked,
                }
            )
            if not done and step is not STEPS[-1]:
                blocked = True
        return items
