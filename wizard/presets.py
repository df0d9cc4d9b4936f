"""Host presets: loading them from ``presets.toml`` and suggesting one for a
customer's domain from its DNS records (MX, SPF in TXT, NS).

Detection never decides: it returns a suggestion that the director confirms
(「この内容を使う」) before anything is saved, or says why there is none: DNS
answered and no preset matched, or DNS could not be reached in time. The records are read by
``wizard.remote.dns.dns_records`` (the configured resolver, at most
``MAILNAVI_DNS_TIMEOUT`` seconds in all), kept importable from here.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import HostPreset
from .remote.dns import DomainRecords, dns_records

__all__ = ["Detection", "Suggestion", "detect", "dns_records", "presets_load", "suggest"]

PRESETS_FILE = Path(__file__).resolve().parent / "presets.toml"
DATA_FIELDS = (
    "name", "order", "pop_host", "imap_host", "smtp_host", "smtp_port", "username", "server_hint",
    "server_example", "username_hint", "detect_mx", "detect_spf", "detect_ns", "notes", "source",
    "checked_on", "unverified",
)  # fmt: skip


def _fingerprint(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def _values(preset: HostPreset) -> dict:
    return {name: getattr(preset, name) for name in DATA_FIELDS}


@transaction.atomic
def presets_load(*, path: Path = PRESETS_FILE) -> dict[str, int]:
    """Create or refresh the presets of ``presets.toml``. Idempotent; a preset
    an admin has edited since it was loaded is never overwritten."""
    report = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0}
    for data in tomllib.loads(path.read_text(encoding="utf-8"))["preset"]:
        values = {name: data.get(name, "") for name in DATA_FIELDS}
        values["checked_on"] = data.get("checked_on")
        values["order"] = data.get("order", 0)
        preset = HostPreset.objects.filter(key=data["key"]).first()
        if preset is None:
            preset = HostPreset(key=data["key"])
            report["created"] += 1
        elif _fingerprint(_values(preset)) != preset.source_hash:
            report["kept"] += 1
            continue
        elif preset.source_hash == _fingerprint(values):
            report["unchanged"] += 1
            continue
        else:
            report["updated"] += 1
        for name, value in values.items():
            setattr(preset, name, value)
        preset.source_hash = _fingerprint(_values(preset))
        preset.save()
    return report


@dataclass(frozen=True)
class Suggestion:
    preset: HostPreset
    server: str  # the per-contract host, or "" when the records do not say
    evidence: str  # which record matched, for the director to judge

    def hosts(self, domain: str) -> dict[str, str]:
        return self.preset.hosts(domain=domain, server=self.server)

    @property
    def server_unknown(self) -> bool:
        """The firm needs a per-contract server name the records did not give."""
        return self.preset.needs_server and not self.server


RECORD_WORDS = {"MX": "MX", "TXT": "SPF（TXT）", "NS": "ネームサーバー（NS）"}


def suggest(records: DomainRecords) -> Suggestion | None:
    """The preset whose patterns match the records; one that also names the
    per-contract host wins over one that only names the firm."""
    best: Suggestion | None = None
    for preset in HostPreset.objects.active():
        for kind, pattern in preset.rules():
            for value in records.get(kind):
                match = pattern.search(value)
                if not match:
                    continue
                server = (match.groupdict().get("server") or "").lower().rstrip(".")
                evidence = f"{RECORD_WORDS[kind]}：{value}"
                if server:
                    return Suggestion(preset, server, evidence)
                best = best or Suggestion(preset, "", evidence)
    return best


@dataclass(frozen=True)
class Detection:
    """What asking DNS about a domain gave: a suggestion, or why there is none."""

    FOUND = "found"  # a preset matched (even on a partial answer)
    NO_MATCH = "no_match"  # DNS answered every question and no preset matched
    UNREACHABLE = "unreachable"  # no preset matched and DNS left a question unanswered

    outcome: str
    suggestion: Suggestion | None = None


def detect(domain: str) -> Detection:
    """Ask DNS about ``domain`` (at most ``MAILNAVI_DNS_TIMEOUT`` seconds) and
    suggest a preset."""
    records = dns_records(domain)
    suggestion = suggest(records)
    if suggestion is not None:
        return Detection(Detection.FOUND, suggestion)
    return Detection(Detection.NO_MATCH if records.answered else Detection.UNREACHABLE)
