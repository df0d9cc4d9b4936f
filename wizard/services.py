"""Writes of the wizard, each one a keyword-only function that a view, a
command or a test calls alike.

A step's answers are saved atomically under the hearing's optimistic
version lock (``_lock``: a save carrying an older version is refused with
``StaleHearing``), and so are completing and re-issuing. The other writes
do not change the answers and take no version: keeping a draft or a server
check, customer links (made, revoked, opened), the customer's reports, and
erasing hearings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.erasure import forget_erased_pages
from core.parsing import whole_number
from core.writes import best_effort_write
from kb.services import missed_searches_forget

from . import notices
from .handoff.changes import impact
from .handoff.record import SheetRecord
from .models import (
    CustomerLink,
    Device,
    DeviceReport,
    Hearing,
    Mailbox,
    SheetIssue,
    hash_link_token,
    new_link_token,
    seal_link_token,
)
from .models.reports import TEXT_LIMIT


@dataclass
class StaleHearing(Exception):
    """The hearing was saved by someone else since this form was loaded."""

    current: Hearing

    def __str__(self) -> str:
        return f"hearing {self.current.pk} is at version {self.current.version}"


def _lock(hearing: Hearing, version: int | None) -> Hearing:
    """Lock the row for this transaction and refuse a stale version."""
    current = (
        Hearing.objects.select_for_update(of=("self",)).select_related("last_saved_by").get(pk=hearing.pk)
    )
    if version is None or whole_number(version) != current.version:
        raise StaleHearing(current)
    return current


def _touch(hearing: Hearing, *, step: str, user, reopen: bool = True) -> None:
    hearing.version += 1
    hearing.last_saved_step = step
    hearing.last_saved_by = user
    hearing.drafts.pop(step, None)
    if reopen and hearing.status == Hearing.Status.COMPLETED:
        # Changing the answers of a completed hearing reopens it; the customer
        # link keeps showing the newest issue until it is completed again.
        hearing.status = Hearing.Status.DRAFT


@transaction.atomic
def hearing_create(*, data: dict, user) -> Hearing:
    """A new hearing from its first step's answers (company, contact, director…)."""
    hearing = Hearing(last_saved_by=user, last_saved_step="customer", **data)
    hearing.save()
    return hearing


@transaction.atomic
def hearing_save_customer(*, hearing: Hearing, version: int | None, data: dict, user) -> Hearing:
    current = _lock(hearing, version)
    for field, value in data.items():
        setattr(current, field, value)
    _touch(current, step="customer", user=user)
    current.save()
    return current


def _replace_rows(manager, rows: list[dict]) -> None:
    """Make the rows under ``manager`` (a hearing's mailboxes, a mailbox's
    devices) exactly ``rows``, in order: rows with a known ``id`` are updated,
    the others created, and rows not listed are deleted (in a few queries,
    however many rows). Only the rows and fields whose values differ are
    written: saving a step again as it was costs no update."""
    existing = {obj.pk: obj for obj in manager.all()}
    changed, created, fields = [], [], set()
    for position, row in enumerate(rows):
        values = {name: value for name, value in row.items() if name != "id"} | {"position": position}
        obj = existing.pop(row.get("id"), None)
        if obj is None:
            created.append(manager.model(**{manager.field.name: manager.instance}, **values))
            continue
        differing = {name for name, value in values.items() if getattr(obj, name) != value}
        for name in differing:
            setattr(obj, name, values[name])
        if differing:
            changed.append(obj)
            fields |= differing
    manager.filter(pk__in=list(existing)).delete()
    if changed:
        manager.model.objects.bulk_update(changed, sorted(fields))
    manager.model.objects.bulk_create(created)


@transaction.atomic
def hearing_save_addresses(*, hearing: Hearing, version: int | None, rows: list[dict], user) -> Hearing:
    """rows: [{"id": pk or None, <MailboxRowForm's fields>}] in display order."""
    current = _lock(hearing, version)
    _replace_rows(current.mailboxes, rows)
    _touch(current, step="addresses", user=user)
    current.save()
    return current


@transaction.atomic
def hearing_save_devices(
    *, hearing: Hearing, version: int | None, rows_by_mailbox: dict[int, list[dict]], user
) -> Hearing:
    """rows_by_mailbox: {mailbox pk: [{"id": pk or None, <DeviceRowForm's fields>}, ...]}."""
    current = _lock(hearing, version)
    for mailbox in current.mailboxes.all():
        _replace_rows(mailbox.devices, rows_by_mailbox.get(mailbox.pk, []))
    _touch(current, step="devices", user=user)
    current.save()
    return current


@transaction.atomic
def hearing_save_server(*, hearing: Hearing, version: int | None, data_by_mailbox: dict[int, dict], user):
    current = _lock(hearing, version)
    for mailbox in current.mailboxes.all():
        data = data_by_mailbox.get(mailbox.pk)
        if data is None:
            continue
        for field, value in data.items():
            setattr(mailbox, field, value)
        mailbox.save()
    _touch(current, step="server", user=user)
    current.save()
    return current


def hearing_record_server_check(*, hearing: Hearing, results: list[dict]) -> dict:
    """Keep the latest live server check on the hearing (not an answer: the
    version does not change)."""
    now = timezone.now()
    check = {"checked_at": now.isoformat(), "results": results}
    Hearing.objects.filter(pk=hearing.pk).update(server_check=check, server_checked_at=now)
    return check


def mailbox_record_reading(*, mailbox_id: int, reading) -> None:
    """Keep a mailbox read's numbers on its address (``MailboxReading``; not an
    answer: the version does not change). A read that got no numbers keeps the last."""
    if reading.facts is not None:
        Mailbox.objects.filter(pk=mailbox_id).update(
            **reading.measured_fields(timezone.get_default_timezone())
        )


@transaction.atomic
def hearing_save_draft(*, hearing: Hearing, step: str, raw: dict[str, list[str]]) -> None:
    """Keep unsaved (invalid) input of a step so going Back loses nothing."""
    current = Hearing.objects.select_for_update().get(pk=hearing.pk)
    current.drafts[step] = raw
    current.save(update_fields=["drafts"])


@transaction.atomic
def hearing_complete(*, hearing: Hearing, version: int | None, user) -> Hearing:
    """Issue the settings sheet: each address's advice under today's rules,
    with the answers it was given for, as a new ``SheetIssue``; close the
    hearing. The customer link shows this issue from now on."""
    current = _lock(hearing, version)
    record = SheetRecord.live(current, current.mailboxes.with_devices())
    SheetIssue.objects.create(
        hearing=current,
        kind=SheetIssue.Kind.COMPLETED,
        issued_by=user,
        rules_version=record.rules_version,
        data=record.to_data(),
    )
    _touch(current, step="review", user=user, reopen=False)
    current.status = Hearing.Status.COMPLETED
    current.completed_at = timezone.now()
    current.save()
    return current


class AlreadyReissued(Exception):
    """The issue the director reviewed is no longer the newest one."""


class NothingToReissue(Exception):
    """Today's rules give the same advice as the newest issue."""


@transaction.atomic
def hearing_reissue(*, hearing: Hearing, issue_id: int, user) -> SheetIssue:
    """Re-issue the newest sheet under today's rules, for the same answers
    (what the customer was told, not a revision in progress). ``issue_id`` is
    the issue the director reviewed; a newer one refuses the re-issue."""
    Hearing.objects.select_for_update().filter(pk=hearing.pk).first()
    latest = hearing.latest_issue()
    if latest is None or latest.pk != issue_id:
        raise AlreadyReissued
    issued = latest.read()
    changes = impact(issued)
    if changes is None:
        raise ValueError("issue: an address has a client the catalogue no longer knows")
    if not changes:
        raise NothingToReissue
    record = issued.under_todays_rules()  # the same answers, company and date
    return SheetIssue.objects.create(
        hearing=hearing,
        kind=SheetIssue.Kind.REISSUED,
        issued_by=user,
        rules_version=record.rules_version,
        data=record.to_data(),
    )


def _forget_in_admin_log() -> None:
    """The admin's log names what it touched (an address by its e-mail) and
    outlives it: drop its entries about hearing objects that no longer exist
    (the admin is read-only for hearings now; older entries may remain)."""
    for model in (Hearing, Mailbox, Device, CustomerLink, SheetIssue, DeviceReport):
        entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
        named = set(entries.values_list("object_id", flat=True))
        if named:
            alive = {str(pk) for pk in model.objects.filter(pk__in=named).values_list("pk", flat=True)}
            entries.filter(object_id__in=named - alive).delete()


def _forget_in_search_report(hearings) -> None:
    """What the customer may have typed into the knowledge base's search box (their
    addresses, name, phone number) leaves its missed-search report too."""
    words = list(Mailbox.objects.filter(hearing__in=hearings).values_list("address", flat=True))
    for fields in hearings.values_list("contact_name", "contact_email", "contact_phone"):
        words.extend(fields)
    missed_searches_forget(words=words)


@transaction.atomic
def hearing_delete(*, hearing: Hearing) -> None:
    """Erase a hearing and everything under it (addresses, devices, links,
    issued sheets), the admin log's entries about any of it, and the
    knowledge base's missed searches that hold its addresses."""
    _forget_in_search_report(Hearing.objects.filter(pk=hearing.pk))
    Hearing.objects.filter(pk=hearing.pk).delete()
    _forget_in_admin_log()
    transaction.on_commit(forget_erased_pages)  # SQLite's -wal file keeps old pages


@transaction.atomic
def hearings_delete_drafts(*, updated_before) -> int:
    """Delete the abandoned drafts last saved before ``updated_before`` (never a
    hearing that was issued: its customer links may still be in use)."""
    stale = list(Hearing.objects.abandoned_drafts(updated_before).values_list("pk", flat=True))
    Hearing.objects.filter(pk__in=stale).delete()
    _forget_in_admin_log()
    return len(stale)


@transaction.atomic
def hearings_purge(*, months: int, now=None) -> int:
    """Delete completed hearings whose completion is older than ``months``."""
    if months < 1:
        raise ValueError("months: must be ≥ 1")
    now = now or timezone.now()
    year, month = divmod(now.month - 1 - months, 12)
    day = min(now.day, 28)
    cutoff = now.replace(year=now.year + year, month=month + 1, day=day)
    stale = Hearing.objects.filter(status=Hearing.Status.COMPLETED, completed_at__lt=cutoff)
    count = stale.count()
    _forget_in_search_report(stale)
    stale.delete()
    _forget_in_admin_log()
    if count:
        transaction.on_commit(forget_erased_pages)
    return count


# Customer links ---------------------------------------------------------------------


class LinkUnavailable(Exception):
    """A customer link that cannot be opened: unknown, expired, revoked, or the
    hearing is being revised. ``gone`` is True for expired and revoked links."""

    def __init__(self, reason: str, *, gone: bool):
        super().__init__(reason)
        self.reason = reason
        self.gone = gone


@transaction.atomic
def customer_link_create(
    *, hearing: Hearing, user, days: int = CustomerLink.DEFAULT_DAYS, note: str = ""
) -> tuple[CustomerLink, str]:
    """A new private link to a completed hearing's sheet. Returns the link and
    its token: the only time the token exists outside the customer's hands."""
    if not hearing.issues.exists():
        raise ValueError("hearing: links are made for hearings with an issued sheet only")
    if days not in CustomerLink.DAY_CHOICES:
        raise ValueError(f"days: must be one of {CustomerLink.DAY_CHOICES}, got {days!r}")
    token = new_link_token()
    link = CustomerLink.objects.create(
        hearing=hearing,
        token_hash=hash_link_token(token),
        sealed_token=seal_link_token(token),
        note=note,
        created_by=user,
        expires_at=CustomerLink.expiry_from(timezone.now(), days),
    )
    return link, token


@transaction.atomic
def customer_link_revoke(*, link: CustomerLink, user) -> bool:
    """Revoke a link at once. False when it was already revoked."""
    updated = CustomerLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=user
    )
    return bool(updated)


def customer_link_open(token: str) -> CustomerLink:
    """The link for a token a visitor brought, with its hearing; raises
    LinkUnavailable. Records when it was last opened (at most once a minute)."""
    if not token or len(token) > 100:
        raise LinkUnavailable("unknown", gone=False)
    link = CustomerLink.objects.select_related("hearing").filter(token_hash=hash_link_token(token)).first()
    if link is None:
        raise LinkUnavailable("unknown", gone=False)
    now = timezone.now()
    state = link.state(now)
    if state != CustomerLink.State.ACTIVE:
        raise LinkUnavailable(state, gone=True)
    if not link.hearing.issues.exists():  # never issued: nothing to show yet
        raise LinkUnavailable("revising", gone=False)
    if link.last_opened_at is None or now - link.last_opened_at > timedelta(minutes=1):
        # Best effort: a busy database never makes the visitor wait or fail for it.
        opened = CustomerLink.objects.filter(pk=link.pk)
        if best_effort_write(lambda: opened.update(last_opened_at=now), what="customer-link-opened"):
            link.last_opened_at = now
    return link


@transaction.atomic
def device_report_save(
    *,
    hearing: Hearing,
    device_id: int,
    state: str,
    step: int | None = None,
    unit: int = 0,
    text: str = "",
    step_text: str = "",
):
    """What the customer says about one device of the issued sheet (None when
    the sheet has no such device). One record per device, or per device of a
    ×N row (``unit`` 1…N; 0 for a row of one), updated in place; the mail that
    tells staff is queued with it and tried once the report is committed."""
    issue = hearing.latest_issue()
    found = issue.read().device(device_id) if issue else None
    if found is None:
        return None
    _address, device = found
    unit = unit if device.quantity > 1 and 1 <= unit <= device.quantity else 0
    trouble = state == DeviceReport.State.TROUBLE
    report, _created = DeviceReport.objects.update_or_create(
        hearing=hearing,
        device_id=device_id,
        unit=unit,
        defaults={
            "state": state,
            "step": step if trouble else None,
            "step_text": step_text[:300] if trouble and step else "",
            "text": text[:TEXT_LIMIT],
            "device_name": device.name[:100],
        },
    )
    notices.send_after_commit(notices.queue(report))
    return report
