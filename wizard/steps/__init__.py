"""The hearing's steps: one module per step holding its class, its forms and
its bundle (the forms as one typed value), in the order the director meets
them (``flow.STEPS``).

Each step knows its slug and title, its forms (as a typed bundle), how it
loads them (from the database, from submitted data, or from a kept draft),
how it edits rows without saving (add, remove, refresh), how it saves
(through one service function), whether it is complete, and how it sums up
its answers for the review. ``views/steps.py`` only dispatches to the step.

After pretix's checkout flow (``pretix/presale/checkoutflow.py``). Kept: an
ordered list of step objects, each with ``is_completed``; a request for a
later step goes to the first incomplete one; the view asks the step and
renders. Done differently: our steps do not render or build responses
(``submit`` returns an ``Outcome`` that the view turns into a page or a
redirect, so a step can be used without a request); there is no
``is_applicable`` (every hearing has the same five steps), no plugin
registry or priorities (a plain tuple), and a step's answers live in our own
models, saved atomically under an optimistic version lock instead of in the
session.

To add a question to any step: add the model field (and its migration) and
a field of the same name to the step's form; the step reads, re-shows and
saves rows and answers by the form's own field names, and its template and
review summary show a form's fields in order (``tests/wizard/test_steps_flow.py``
adds one in a temporary step definition).

May import: the wizard's models, services, engine, handoff (the review's
sheet) and remote checks (the server step), ``core``; never views.
"""

from .base import Bundle, Outcome, Step
from .flow import STEPS, Flow

__all__ = ["STEPS", "Bundle", "Flow", "Outcome", "Step"]
