"""Host presets and detecting them from a domain's DNS records, against a real
DNS server on 127.0.0.1 (tests/wizard/dnsfixture.py)."""

import time

import pytest

from wizard.models import HostPreset
from wizard.presets import dns_records, presets_load, suggest

from .dnsfixture import local_dns_server


@pytest.fixture
def presets(db):
    presets_load()


@pytest.fixture
def dns(settings):
    with local_dns_server() as address:
        settings.MAILNAVI_DNS_SERVER = address
        yield address


def test_loading_the_presets_is_idempotent_and_keeps_an_admins_edit(presets):
    assert HostPreset.objects.count() == 8
    assert set(HostPreset.objects.values_list("key", flat=True)) >= {
        "xserver", "xserver_business", "sakura", "lolipop", "conoha_wing", "onamae", "kagoya", "other",
    }  # fmt: skip
    lolipop = HostPreset.objects.get(key="lolipop")
    lolipop.notes = "管理者が書き換えた注意"
    lolipop.save()
    report = presets_load()
    assert report == {"created": 0, "updated": 0, "unchanged": 7, "kept": 1}
    assert HostPreset.objects.get(key="lolipop").notes == "管理者が書き換えた注意"


def test_every_preset_says_where_its_facts_come_from_and_when(presets):
    for preset in HostPreset.objects.exclude(key="other"):
        assert preset.source and preset.checked_on is not None, preset.key


@pytest.mark.parametrize(
    ("domain", "key", "server", "hosts"),
    [
        ("nagoya-seiki.co.jp", "xserver", "sv1234.xserver.jp", ("sv1234.xserver.jp", "sv1234.xserver.jp")),
        ("名古屋精機.jp", "xserver", "sv4321.xserver.jp", ("sv4321.xserver.jp", "sv4321.xserver.jp")),
        ("ns-only.example", "xserver", "", ("", "")),
        ("xbiz.example", "xserver_business", "sv567.xbiz.ne.jp", ("sv567.xbiz.ne.jp", "sv567.xbiz.ne.jp")),
        ("sakura.example", "sakura", "tanaka-shoji.sakura.ne.jp", ("tanaka-shoji.sakura.ne.jp",) * 2),
        ("lolipop.example", "lolipop", "", ("pop.lolipop.jp", "smtp.lolipop.jp")),
        ("conoha.example", "conoha_wing", "mail1234.conoha.ne.jp", ("mail1234.conoha.ne.jp",) * 2),
        ("kagoya.example", "kagoya", "mas12.kagoya.net", ("mas12.kagoya.net", "smtp.kagoya.net")),
    ],
)
def test_a_domain_hosted_at_a_known_firm_suggests_its_preset_with_the_contracts_host(
    presets, dns, domain, key, server, hosts
):
    suggestion = suggest(domain)
    assert (suggestion.preset.key, suggestion.server) == (key, server)
    found = suggestion.hosts(domain)
    assert (found["pop"], found["smtp"]) == hosts
    assert suggestion.evidence


def test_a_domain_no_preset_matches_suggests_nothing(presets, dns):
    assert suggest("nomatch.example") is None
    assert suggest("not-in-the-zone.example") is None


def test_a_silent_dns_server_gives_up_within_the_timeout(presets, settings):
    import socket

    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # bound, never answers
    silent.bind(("127.0.0.1", 0))
    settings.MAILNAVI_DNS_SERVER = f"127.0.0.1:{silent.getsockname()[1]}"
    settings.MAILNAVI_DNS_TIMEOUT = 1.0
    started = time.monotonic()
    assert suggest("nagoya-seiki.co.jp") is None
    assert time.monotonic() - started < 1.5
    silent.close()


def test_records_are_read_for_an_international_domain_name(dns):
    assert any("sv4321.xserver.jp" in value for value in dns_records("名古屋精機.jp")["TXT"])


def test_kagoya_logs_in_with_an_account_name(presets):
    kagoya = HostPreset.objects.get(key="kagoya")
    assert kagoya.username == HostPreset.Username.ACCOUNT
    assert kagoya.hosts(domain="example.jp", server="mas12.kagoya.net")["imap"] == "imap.kagoya.net"
