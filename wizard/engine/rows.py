"""The engine for a hearing's rows of identical devices: a row ``(kind,
client, quantity)`` counts as ``quantity`` devices going in, and gets one
setting coming out. Pure Python, like the rest of the engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from .measured import Measured
from .recommendations import Device, MailboxAnswers, Recommendation


def answers_for_rows(
    *,
    people: int,
    rows: Sequence[tuple[str, str, int]],
    quota_mb=None,
    daily_mb=None,
    keep_history: bool = False,
    as_of: date | None = None,
    measured: Measured | None = None,
) -> MailboxAnswers:
    """The engine's input from rows of identical devices: a row ``(kind,
    client, quantity)`` counts as ``quantity`` devices (at least one)."""
    return MailboxAnswers(
        people=people,
        devices=tuple(
            Device(kind=kind, client=client) for kind, client, quantity in rows for _n in range(quantity or 1)
        ),
        quota_mb=quota_mb,
        daily_mb=daily_mb,
        keep_history_on_new_device=keep_history,
        as_of=as_of,
        measured=measured,
    )


def per_row(rec: Recommendation, quantities: Sequence[int]) -> Recommendation:
    """``rec`` for rows of identical devices (one setting per row): the engine
    counts a row of N identical devices as N devices, and identical devices get
    identical roles, so each row takes its first device's."""
    settings, index = [], 0
    for quantity in quantities:
        if index < len(rec.device_settings):
            settings.append(rec.device_settings[index])
        index += quantity or 1
    return replace(rec, device_settings=tuple(settings))
