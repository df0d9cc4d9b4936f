"""The hearing's steps: one class per step, in the order the director meets them.

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

To add a question to a step: add the model field (and its migration) and
name it in the step's form; the step's template and review summary show a
form's fields in order.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .bundles import (
    NON_DATA_KEYS,
    AddressesBundle,
    Bundle,
    CustomerBundle,
    DevicesBundle,
    Outcome,
    ServerBundle,
    answer_lines,
    as_querydict,
    cleaned_rows,
    row_index,
    submitted_rows,
)
from .forms import AddressServerForm, CustomerForm, MailboxFormSet
from .models import Hearing, HostPreset
from .presets import suggest
from .remote.tlscheck import check_servers
from .sheet import live_sheets


class Step:
    slug: str
    title: str | Promise
    template: str

    # What each step defines ---------------------------------------------------------

    def initial(self, flow: Flow) -> Bundle:
        raise NotImplementedError

    def bind(self, flow: Flow, data) -> Bundle:
        raise NotImplementedError

    def edit(self, bundle: Bundle, action: str) -> Bundle | None:
        """A row action (add, remove, refresh): the edited, unsaved forms. None
        when ``action`` is not a row action of this step."""
        return None

    def save(self, bundle: Bundle, *, hearing: Hearing, version, user) -> Hearing:
        raise NotImplementedError

    def is_completed(self, flow: Flow) -> bool:
        raise NotImplementedError

    def summary(self, flow: Flow) -> list[tuple[str, str]]:
        return []

    def extra_context(self, flow: Flow) -> dict:
        return {}

    # Shared behaviour -------------------------------------------------------------

    def load(self, flow: Flow) -> Bundle:
        """The forms as stored, or the input kept when the director went Back
        from this step with errors (shown with its errors)."""
        draft = flow.hearing.drafts.get(self.slug)
        if not draft:
            return self.initial(flow)
        bundle = self.bind(flow, as_querydict(draft))
        bundle.is_valid()
        bundle.restored_draft = True
        return bundle

    def submit(self, flow: Flow, data: QueryDict, *, user) -> Outcome:
        hearing = flow.hearing
        action = data.get("action", "next")
        version = data.get("version")
        bundle = self.bind(flow, data)
        edited = self.edit(bundle, action)
        if edited is not None:  # add/remove a row: nothing is saved yet
            return Outcome(hearing, bundle=edited, version=version)
        previous = flow.previous(self)
        if not bundle.is_valid():
            if action == "back" and previous:
                raw = {key: data.getlist(key) for key in data if key not in NON_DATA_KEYS}
                services.hearing_save_draft(hearing=hearing, step=self.slug, raw=raw)
                message = _("「%(title)s」の入力に誤りがあるため、保存せずに一時保存しました。") % {
                    "title": self.title
                }
                return Outcome(hearing, go_to=previous, message=(messages.WARNING, message))
            return Outcome(hearing, bundle=bundle, version=version)
        try:
            saved = self.save(bundle, hearing=hearing, version=version, user=user)
        except services.StaleHearing as stale:
            return Outcome(stale.current, bundle=bundle, stale=self._stale(stale.current, user))
        if action == "back" and previous:
            return Outcome(saved, go_to=previous)
        if action == "save":
            return Outcome(saved, go_to=self, message=(messages.SUCCESS, _("保存しました。")))
        return Outcome(saved, go_to=flow.next(self))

    def _stale(self, current: Hearing, user) -> dict:
        saved_step = BY_SLUG.get(current.last_saved_step)
        return {
            "who": current.last_saved_by.get_username() if current.last_saved_by else _("別のディレクター"),
            "own": current.last_saved_by_id is not None and current.last_saved_by_id == user.pk,
            "when": date_format(timezone.localtime(current.updated_at), "Y年n月j日 H:i"),
            "step_title": saved_step.title if saved_step else "",
            "summary": self.summary(Flow(current)),
        }


class CustomerStep(Step):
    slug = "customer"
    title = gettext_lazy("お客さま情報")
    template = "wizard/partials/step_customer.html"

    def initial(self, flow):
        return CustomerBundle(CustomerForm(instance=flow.hearing, prefix="c"))

    def bind(self, flow, data):
        return CustomerBundle(CustomerForm(data, instance=flow.hearing, prefix="c"))

    def save(self, bundle, *, hearing, version, user):
        form = bundle.form
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if hearing._state.adding:
            return services.hearing_create(data=fields, user=user)
        return services.hearing_save_customer(hearing=hearing, version=version, data=fields, user=user)

    def is_completed(self, flow):
        h = flow.hearing
        return bool(h.company and h.contact_name and h.consulted_on and h.director_id)

    def summary(self, flow):
        return answer_lines(CustomerForm, flow.hearing)


class AddressesStep(Step):
    slug = "addresses"
    title = gettext_lazy("メールアドレスと利用人数")
    template = "wizard/partials/step_addresses.html"
    prefix = "mb"
    row_fields = ("id", "address", "people", "display_name")

    def initial(self, flow):
        rows = [
            {name: getattr(m, name) for name in self.row_fields if name != "id"} | {"id": m.pk}
            for m in flow.mailboxes
        ]
        return AddressesBundle.of(self.prefix, rows, blanks=1 if rows else 3)

    def bind(self, flow, data):
        return AddressesBundle(MailboxFormSet(data, prefix=self.prefix))

    def edit(self, bundle, action):
        verb, _sep, index = action.partition(":")
        if verb not in {"add", "remove"}:
            return None
        rows = submitted_rows(bundle.formset, self.row_fields)
        if verb == "add":
            rows.append({"id": None, "address": "", "people": "", "display_name": ""})
        elif (position := row_index(index)) is not None and position < len(rows):
            rows.pop(position)
        return AddressesBundle.of(self.prefix, rows)

    def save(self, bundle, *, hearing, version, user):
        rows = cleaned_rows(bundle.formset, self.row_fields)
        return services.hearing_save_addresses(hearing=hearing, version=version, rows=rows, user=user)

    def is_completed(self, flow):
        return bool(flow.mailboxes) and all(m.address and m.people >= 1 for m in flow.mailboxes)

    def summary(self, flow):
        return [(m.address, _("%(people)d人で利用") % {"people": m.people}) for m in flow.mailboxes]


class DevicesStep(Step):
    slug = "devices"
    title = gettext_lazy("端末とメールソフト")
    template = "wizard/partials/step_devices.html"

    def initial(self, flow):
        return DevicesBundle.stored(flow.mailboxes)

    def bind(self, flow, data):
        return DevicesBundle.submitted(flow.mailboxes, data)

    def edit(self, bundle, action):
        """``add:<mailbox>``, ``copy:<mailbox>:<row>``, ``remove:<mailbox>:<row>``, ``refresh``."""
        verb, _sep, target = action.partition(":")
        if verb not in {"add", "copy", "remove", "refresh"}:
            return None
        mailbox_id, _sep, index = target.partition(":")
        return bundle.edited(verb, mailbox_id, row_index(index))

    def save(self, bundle, *, hearing, version, user):
        rows = bundle.rows()
        return services.hearing_save_devices(
            hearing=hearing, version=version, rows_by_mailbox=rows, user=user
        )

    def is_completed(self, flow):
        return bool(flow.mailboxes) and all(len(m.devices.all()) >= 1 for m in flow.mailboxes)

    def summary(self, flow):
        return [
            (
                mailbox.address,
                ", ".join(f"{d.label or d.get_kind_display()} ({d.client_label})"
                          for d in mailbox.devices.all()) or "—",
            )
            for mailbox in flow.mailboxes
        ]  # fmt: skip


class ServerStep(Step):
    slug = "server"
    title = gettext_lazy("サーバーと容量")
    template = "wizard/partials/step_server.html"

    def initial(self, flow):
        return ServerBundle.build(flow.mailboxes)

    def bind(self, flow, data):
        return ServerBundle.build(flow.mailboxes, data)

    def edit(self, bundle, action):
        """``detect:<i>``: ask DNS which firm hosts domain i; ``apply:<i>:<preset>:<server>``
        and ``preset:<i>``: fill domain i's servers from a preset. Nothing is saved."""
        verb, _sep, rest = action.partition(":")
        if verb == "check":
            return self._check(bundle)
        if verb not in {"detect", "apply", "preset"}:
            return None
        index, _sep, rest = rest.partition(":")
        group = bundle.domain(index)
        if group is None:
            return bundle.quiet()
        if verb == "detect":
            group.suggestion, group.detected = suggest(group.domain), True
            return bundle.quiet()
        key, _sep, server = (
            rest.partition(":") if verb == "apply" else (group.form["preset"].value() or "", "", "")
        )
        preset = HostPreset.objects.active().filter(key=key).first()
        if preset is None:
            return bundle.quiet()
        return bundle.with_preset(group, preset, server).quiet()

    def _check(self, bundle):
        """「接続を確認する」: try the servers as typed (nothing else is saved)."""
        if not bundle.is_valid():
            return bundle
        hearing = bundle.domains[0].addresses[0].mailbox.hearing
        bundle.check = services.hearing_record_server_check(
            hearing=hearing, results=check_servers(bundle.endpoints())
        )
        return bundle.quiet()

    def save(self, bundle, *, hearing, version, user):
        rows = bundle.rows()
        return services.hearing_save_server(hearing=hearing, version=version, data_by_mailbox=rows, user=user)

    def is_completed(self, flow):
        return bool(flow.mailboxes) and all(m.incoming_host and m.outgoing_host for m in flow.mailboxes)

    def summary(self, flow):
        return [
            (m.address, "、".join(f"{label}: {value}" for label, value in answer_lines(AddressServerForm, m)))
            for m in flow.mailboxes
        ]


class ReviewStep(Step):
    slug = "review"
    title = gettext_lazy("確認と推奨設定")
    template = "wizard/partials/step_review.html"

    def initial(self, flow):
        return Bundle()

    def bind(self, flow, data):
        return Bundle()

    def save(self, bundle, *, hearing, version, user):
        return services.hearing_complete(hearing=hearing, version=version, user=user)

    def submit(self, flow, data, *, user):
        if data.get("action") == "back":  # nothing to save here: going back never completes
            return Outcome(flow.hearing, go_to=flow.previous(self))
        try:
            saved = self.save(Bundle(), hearing=flow.hearing, version=data.get("version"), user=user)
        except services.StaleHearing as stale:
            return Outcome(stale.current, bundle=Bundle(), stale=self._stale(stale.current, user))
        message = _("ヒアリングを完了しました。設定シートをお客さまにお渡しできます。")
        return Outcome(saved, completed=True, message=(messages.SUCCESS, message))

    def is_completed(self, flow):
        return flow.hearing.is_completed

    def extra_context(self, flow):
        answers = [{"step": step, "lines": step.summary(flow)} for step in STEPS[:-1]]
        return {"answers": answers, "sheets": live_sheets(flow.mailboxes)}


STEPS: tuple[Step, ...] = (CustomerStep(), AddressesStep(), DevicesStep(), ServerStep(), ReviewStep())
BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS}


class Flow:
    """One hearing going through the steps: its addresses (with devices, read
    once) and which steps are done."""

    def __init__(self, hearing: Hearing):
        self.hearing = hearing
        self.new = hearing._state.adding  # not saved yet: only its first step exists
        self.mailboxes = [] if self.new else list(hearing.mailboxes.with_devices())

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
