"""Host presets and detecting them from a domain's DNS records, against a real
DNS server on 127.0.0.1 (tests/wizard/dnsfixture.py)."""

import time

import pytest

from wizard.models import HostPreset
from wizard.presets import Detection, detect, dns_records, presets_load

from .dnsfixture import local_dns_server, silent_dns_server, stopped_dns_server


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
    detection = detect(domain)
    assert detection.outcome == Detection.FOUND
    suggestion = detection.suggestion
    assert (suggestion.preset.key, suggestion.server) == (key, server)
    found = suggestion.hosts(domain)
    assert (found["pop"], found["smtp"]) == hosts
    assert suggestion.evidence


@pytest.mark.parametrize("domain", ["nomatch.example", "not-in-the-zone.example"])
def test_a_domain_whose_records_match_no_preset_says_no_firm_was_found(presets, dns, domain):
    assert detect(domain) == Detection(Detection.NO_MATCH)


@pytest.mark.parametrize("server", [silent_dns_server, stopped_dns_server], ids=["silent", "stopped"])
def test_a_dns_server_that_does_not_answer_says_dns_could_not_be_reached_within_the_timeout(
    presets, settings, server
):
    settings.MAILNAVI_DNS_TIMEOUT = 0.4
    with server() as address:
        settings.MAILNAVI_DNS_SERVER = address
        started = time.monotonic()
        detection = detect("nagoya-seiki.co.jp")
    assert detection == Detection(Detection.UNREACHABLE)
    assert time.monotonic() - started < 0.9  # the timeout and 0.5 s, not one timeout per record type


def test_records_read_from_an_unreachable_dns_server_are_all_unanswered(settings):
    settings.MAILNAVI_DNS_TIMEOUT = 0.2
    with silent_dns_server() as address:
        settings.MAILNAVI_DNS_SERVER = address
        records = dns_records("nagoya-seiki.co.jp")
    assert (records.answered, records.unanswered) == (False, ("MX", "TXT", "NS"))


def test_a_domain_that_does_not_exist_is_an_answer_with_no_records(dns):
    records = dns_records("not-in-the-zone.example")
    assert (records.answered, records.values) == (True, {"MX": [], "TXT": [], "NS": []})


def test_a_firm_recognised_only_by_its_name_servers_leaves_the_server_name_unknown(presets, dns):
    suggestion = detect("ns-only.example").suggestion
    assert (suggestion.preset.key, suggestion.server, suggestion.server_unknown) == ("xserver", "", True)


def test_records_are_read_for_an_international_domain_name(dns):
    assert any("sv4321.xserver.jp" in value for value in dns_records("名古屋精機.jp").get("TXT"))


def test_kagoya_logs_in_with_an_account_name(presets):
    kagoya = HostPreset.objects.get(key="kagoya")
    assert kagoya.username == HostPreset.Username.ACCOUNT
    assert kagoya.hosts(domain="example.jp", server="mas12.kagoya.net")["imap"] == "imap.kagoya.net"


def test_what_staff_read_of_each_preset_follows_the_writing_guide(presets):
    from kb.writing import findings

    for preset in HostPreset.objects.all():
        for text in (preset.server_hint, preset.username_hint, preset.notes, preset.unverified):
            assert findings(text) == [], (preset.key, text)


@pytest.mark.parametrize(
    ("key", "server", "hosts"),
    [
        (
            "xserver_business",
            "sv123.xbiz.ne.jp",
            ("sv123.xbiz.ne.jp", "sv123.xbiz.ne.jp", "sv123.xbiz.ne.jp"),
        ),
        ("sakura", "tanaka.sakura.ne.jp", ("tanaka.sakura.ne.jp",) * 3),
        ("kagoya", "mas12.kagoya.net", ("mas12.kagoya.net", "imap.kagoya.net", "smtp.kagoya.net")),
        ("onamae", "", ("pop.example.jp", "imap.example.jp", "smtp.example.jp")),
    ],
)
def test_a_preset_makes_its_hosts_from_the_server_name_and_reads_the_name_back_from_them(
    presets, key, server, hosts
):
    preset = HostPreset.objects.get(key=key)
    made = preset.hosts(domain="example.jp", server=server)
    assert (made["pop"], made["imap"], made["smtp"]) == hosts
    assert preset.needs_server is bool(server)
    assert preset.server_from(domain="example.jp", hosts=made) == server


def test_a_preset_that_needs_the_server_name_leaves_those_hosts_empty_without_it(presets):
    kagoya = HostPreset.objects.get(key="kagoya")
    assert kagoya.server_parts() == ("pop",)
    assert kagoya.hosts(domain="example.jp") == {
        "pop": "",
        "imap": "imap.kagoya.net",
        "smtp": "smtp.kagoya.net",
    }


def test_the_server_name_is_read_back_only_from_hosts_of_the_presets_form():
    preset = HostPreset(pop_host="pop.{server}.example", smtp_host="smtp.{domain}")
    assert preset.server_from(domain="a.jp", hosts={"pop": "pop.sv9.example"}) == "sv9"
    assert preset.server_from(domain="a.jp", hosts={"pop": "mail.other.jp"}) == ""
