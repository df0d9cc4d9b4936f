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


class Flow:
    """One hearing going through the steps: its addresses (with devices, read
    once) and which steps are done."""

    steps: tuple[Step, ...] = STEPS

    def __init__(self, hearing: Hearing):
        self.hearing = hearing
        self.new = hearing._state.adding  # not saved yet: only its first step exists
        self.mailboxes = [] if self.new else list(hearing.mailboxes.with_devices())

    def step(self, slug: str) -> Step | None:
        return next((step for step in self.steps if step.slug == slug), None)

    def previous(self, step: Step) -> Step | None:
        index = self.steps.index(step)
        return self.steps[index - 1] if index > 0 else None

    def next(self, step: Step) -> Step | None:
        index = self.steps.index(step)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None

    def first_incomplete(self) -> Step | None:
        """The first step whose answers are missing, ignoring the final review."""
        return next((step for step in self.steps[:-1] if not step.is_completed(self)), None)

    def blocker(self, step: Step) -> Step | None:
        """An incomplete step before ``step``, which must be answered first."""
        first = self.first_incomplete()
        return first if first is not None and self.steps.index(first) < self.steps.index(step) else None

    def progress(self, current: Step) -> list[dict]:
        """For the progress indicator: every step, whether done, which is current."""
        blocked = False
        items = []
        for number, step in enumerate(self.steps, start=1):
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
            if not done and step is not self.steps[-1]:
                blocked = True
        return items
