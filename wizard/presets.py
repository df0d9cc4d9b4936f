"""Host presets: loading them from ``presets.toml`` and suggesting one for a
customer's domain from its DNS records (MX, SPF in TXT, NS).

Detection never decides: it returns a suggestion that the director confirms
(「この内容を使う」) before anything is saved. It asks the resolver named by
``MAILNAVI_DNS_SERVER`` (``host:port``; the system's resolver when unset) and
gives up after ``MAILNAVI_DNS_TIMEOUT`` seconds in all (3 s), so an offline
machine or a silent server costs at most that.
"""

from __future__ import annotations

import hashlib
import json
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import dns.exception
import dns.resolver
from django.conf import settings
from django.db import transaction

from .models import HostPreset

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


def _resolver() -> dns.resolver.Resolver:
    server = getattr(settings, "MAILNAVI_DNS_SERVER", "")
    if not server:
        return dns.resolver.Resolver()
    resolver = dns.resolver.Resolver(configure=False)
    host, _sep, port = server.rpartition(":") if server.count(":") == 1 else (server, "", "")
    resolver.nameservers = [host]
    resolver.port = int(port) if port else 53
    return resolver


def dns_records(domain: str, *, timeout: float | None = None) -> dict[str, list[str]]:
    """The domain's MX hosts, TXT strings and NS hosts, within ``timeout``
    seconds in all; what could not be read in time is left empty."""
    timeout = timeout if timeout is not None else getattr(settings, "MAILNAVI_DNS_TIMEOUT", 3.0)
    deadline = time.monotonic() + timeout
    try:
        name = domain.encode("idna").decode("ascii")
        resolver = _resolver()
    except (UnicodeError, ValueError, dns.exception.DNSException):
        return {"MX": [], "TXT": [], "NS": []}
    records: dict[str, list[str]] = {}
    for kind in ("MX", "TXT", "NS"):
        remaining = deadline - time.monotonic()
        records[kind] = []
        if remaining <= 0:
            continue
        try:
            answer = resolver.resolve(name, kind, lifetime=remaining, raise_on_no_answer=False)
        except (dns.exception.DNSException, OSError):
            continue
        for rdata in answer.rrset or ():
            if kind == "MX":
                records[kind].append(rdata.exchange.to_text().lower())
            elif kind == "TXT":
                records[kind].append(b"".join(rdata.strings).decode("utf-8", "replace"))
            else:
                records[kind].append(rdata.target.to_text().lower())
    return records


RECORD_WORDS = {"MX": "MX", "TXT": "SPF (TXT)", "NS": "ネームサーバー (NS)"}


def suggest(domain: str, records: dict[str, list[str]] | None = None) -> Suggestion | None:
    """The preset whose patterns match the domain's records; one that also
    names the per-contract host wins over one that only names the firm."""
    records = dns_records(domain) if records is None else records
    best: Suggestion | None = None
    for preset in HostPreset.objects.active():
        for kind, pattern in preset.rules():
            for value in records.get(kind, []):
                match = pattern.search(value)
                if not match:
                    continue
                server = (match.groupdict().get("server") or "").lower().rstrip(".")
                evidence = f"{RECORD_WORDS[kind]}: {value}"
                if server:
                    return Suggestion(preset, server, evidence)
                best = best or Suggestion(preset, "", evidence)
    return best
