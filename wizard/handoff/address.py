"""What one address's answers mean, for a live ``Mailbox`` and for an address
as issued (``record.IssuedAddress``) alike: the engine's input, today's
advice (one device setting per row), and its servers for a protocol.

Both classes have the same answer attributes (``people``, ``quota_mb``,
``daily_mb``, ``keep_history``, the hosts, ``smtp_port``, ``username``) and
rows of devices with ``kind``, ``client`` and ``quantity``; this mixin is
the one place that turns them into the engine's terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.translation import gettext as _

from ..engine.catalogue import DEVICE_KINDS, Client, client_for
from ..engine.measured import Measured, OldCopies
from ..engine.recommendations import MailboxAnswers, Recommendation, recommend
from ..engine.rows import answers_for_rows, per_row
from .servers import ServerSettings, to_ascii

STARTTLS_PORT = "587"


class AddressAnswers:
    address: str
    people: int
    quota_mb: int | None
    daily_mb: object
    keep_history: bool
    incoming_host: str
    imap_host: str
    outgoing_host: str
    smtp_port: str
    username: str
    # What a mailbox read found (None: never read); the typed values come first.
    measured_at: object
    measured_quota_mb: object
    measured_used_mb: object
    measured_daily_mb: object

    def device_rows(self) -> Sequence:
        """The rows of devices that read this address, in order."""
        raise NotImplementedError

    def consulted_on(self) -> date | None:
        """The hearing's date (which ways of reading mail count as ending)."""
        raise NotImplementedError

    def answers(self, devices: Sequence | None = None) -> MailboxAnswers:
        """The engine's input (ValueError for a client the catalogue no longer has)."""
        rows = self.device_rows() if devices is None else devices
        return answers_for_rows(
            people=self.people,
            rows=[(d.kind, d.client, d.quantity) for d in rows],
            quota_mb=self.quota_for_advice,
            daily_mb=self.daily_for_advice,
            keep_history=self.keep_history,
            as_of=self.consulted_on(),
            measured=self.measured(),
        )

    @property
    def quota_for_advice(self):
        """The quota the advice uses: the typed one, else the measured one."""
        return self.quota_mb if self.quota_mb is not None else self.measured_quota_mb

    @property
    def daily_for_advice(self):
        """Mail per day for the advice: the typed amount, else the measured one."""
        return self.daily_mb if self.daily_mb is not None else self.measured_daily_mb

    def measured(self) -> Measured | None:
        """What a mailbox read found, for the engine (None: never read)."""
        if self.measured_at is None:
            return None
        older = tuple(
            OldCopies(days, count, getattr(self, f"measured_old_{days}_mb"))
            for days in (7, 30, 90)
            if (count := getattr(self, f"measured_old_{days}_count")) is not None
        )
        return Measured(self.measured_used_mb, older)

    def todays_advice(self, devices: Sequence | None = None) -> Recommendation:
        """Today's advice, one device setting per row (ValueError as ``answers``)."""
        rows = list(self.device_rows() if devices is None else devices)
        return per_row(recommend(self.answers(rows)), [d.quantity for d in rows])

    def server_settings(self, protocol: str) -> ServerSettings:
        return ServerSettings.for_address(
            protocol=protocol,
            address=self.address,
            incoming_host=(self.imap_host if protocol == "imap" and self.imap_host else self.incoming_host),
            outgoing_host=self.outgoing_host,
            smtp_starttls=self.smtp_port == STARTTLS_PORT,
            username=self.username,
        )

    @property
    def domain(self) -> str:
        return self.address.rsplit("@", 1)[1]

    @property
    def ascii_domain(self) -> str:
        return to_ascii(self.domain)


class DeviceRow:
    """What a row of devices (a live ``Device`` or an ``IssuedDevice``) is
    called and which catalogue client it runs: needs ``kind``, ``client``
    and ``label``."""

    kind: str
    client: str
    label: str

    @property
    def catalogue_client(self) -> Client:
        """The catalogue's entry, or 「不明なメールソフト」 for a key it no longer has."""
        return client_for(self.client)

    @property
    def client_label(self) -> str:
        return _(self.catalogue_client.label)

    @property
    def kind_label(self) -> str:
        return _(DEVICE_KINDS.get(self.kind, self.kind))

    @property
    def name(self) -> str:
        """How the sheet calls this device: its label, or its kind."""
        return self.label or self.kind_label
