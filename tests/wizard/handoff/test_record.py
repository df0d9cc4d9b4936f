"""What an issued sheet records: one typed record, read and written in one place."""

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from wizard.engine.recommendations import DeviceSetting
from wizard.handoff.record import FORMAT_VERSION, SheetRecord
from wizard.models import SheetIssue

ROOT = Path(__file__).resolve().parents[3]

# As hearings completed on 2026-11-27 stored it (no "version", no "quantity",
# "username" or "display_name" yet): format 1.
VERSION_1 = {
    "company": "株式会社なごや精機",
    "consulted_on": "2026-11-20",
    "mailboxes": [
        {
            "id": 12,
            "address": "info@nagoya-seiki.example",
            "people": 3,
            "quota_mb": 1000,
            "daily_mb": "40.00",
            "keep_history": False,
            "incoming_host": "sv1234.xserver.jp",
            "outgoing_host": "sv1234.xserver.jp",
            "smtp_port": "465",
            "devices": [
                {"id": 5, "kind": "pc", "client": "outlook_classic", "label": "受付PC"},
                {"id": 6, "kind": "smartphone", "client": "ios_mail", "label": ""},
            ],
            "advice": {
                "protocol": "pop",
                "leave_on_server": True,
                "delete_after_days": 7,
                "suggest_cloud": True,
                "reasons": ["shared_address"],
                "warnings": ["shared_mobile"],
                "devices": [{"role": "deletes", "delete_after_days": 7}, {"role": "keeps"}],
            },
        }
    ],
}

VERSION_2 = {
    "version": 2,
    "company": "株式会社なごや精機",
    "consulted_on": None,
    "mailboxes": [
        {
            "id": 13,
            "address": "sales@名古屋精機.jp",
            "people": 1,
            "quota_mb": None,
            "daily_mb": None,
            "keep_history": True,
            "incoming_host": "mas12.kagoya.net",
            "imap_host": "imap.kagoya.net",
            "outgoing_host": "smtp.kagoya.net",
            "smtp_port": "587",
            "username": "kir123456.sales",
            "host_preset": "kagoya",
            "display_name": "営業部",
            "devices": [{"id": 7, "kind": "pc", "client": "thunderbird", "label": "", "quantity": 3}],
            "advice": {
                "protocol": "imap",
                "leave_on_server": None,
                "delete_after_days": None,
                "suggest_cloud": False,
                "reasons": ["multiple_devices"],
                "warnings": ["quota_unknown"],
                "devices": [{"role": "imap", "delete_after_days": None}],
            },
        }
    ],
}


def _issue(hearing, data, rules_version="2026-11-27.2"):
    return SheetIssue.objects.create(hearing=hearing, rules_version=rules_version, data=data)


def test_a_sheet_stored_in_the_first_format_still_reads(make_hearing):
    record = _issue(make_hearing(), VERSION_1).read()

    assert (record.version, record.company, record.consulted_on) == (
        1,
        "株式会社なごや精機",
        date(2026, 11, 20),
    )
    (address,) = record.addresses
    assert (address.people, address.quota_mb, address.daily_mb) == (3, 1000, Decimal("40.00"))
    assert (address.username, address.display_name, address.imap_host) == ("", "", "")
    assert [(d.name, d.quantity) for d in address.devices] == [("受付PC", 1), ("スマートフォン", 1)]
    assert address.advice.device_settings == (DeviceSetting("deletes", 7), DeviceSetting("keeps"))
    assert address.advice.rules_version == "2026-11-27.2"
    assert address.server.incoming.username == "info@nagoya-seiki.example"


def test_a_sheet_stored_in_the_current_format_reads_every_field(make_hearing):
    record = _issue(make_hearing(), VERSION_2).read()

    assert (record.version, record.consulted_on) == (2, None)
    (address,) = record.addresses
    assert address.server.incoming.host == "imap.kagoya.net"  # IMAP's own host
    assert address.server.incoming.username == "kir123456.sales"
    assert (address.server.outgoing.port, address.keep_history) == (587, True)
    assert address.devices[0].quantity == 3 and address.ascii_domain.startswith("xn--")


def test_every_stored_format_up_to_the_current_one_has_a_sample_here():
    assert sorted({VERSION_1.get("version", 1), VERSION_2["version"]}) == list(range(1, FORMAT_VERSION + 1))


@pytest.mark.parametrize("stored", [VERSION_1, VERSION_2])
def test_what_is_read_is_written_back_the_same_in_the_current_format(make_hearing, stored):
    hearing = make_hearing()
    record = _issue(hearing, stored).read()

    again = _issue(hearing, record.to_data()).read()

    assert again.addresses == record.addresses and again.company == record.company
    assert again.version == FORMAT_VERSION


def test_the_live_answers_and_the_issue_made_from_them_are_the_same_record(make_hearing, director):
    from wizard.services import hearing_complete

    hearing = make_hearing(mailboxes=2, devices=(("pc", "outlook_classic"), ("smartphone", "ios_mail")))
    live = SheetRecord.live(hearing, hearing.mailboxes.with_devices())

    issued = hearing_complete(hearing=hearing, version=hearing.version, user=director).latest_issue().read()

    assert issued.addresses == live.addresses


def test_a_record_finds_a_device_and_its_address_by_id(make_hearing):
    record = _issue(make_hearing(), VERSION_1).read()

    address, device = record.device(6)

    assert (address.address, device.client) == ("info@nagoya-seiki.example", "ios_mail")
    assert record.device(999) is None and record.address(12) is address


def _reads_issue_data(path: Path) -> list[int]:
    """Lines where a module reads ``<something issue-like>.data`` (an issue's JSON)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr == "data":
            owner = ast.unparse(node.value).lower()
            if any(word in owner for word in ("issue", "latest", "previous", "sheet")):
                lines.append(node.lineno)
    return lines


def test_no_module_but_the_record_reads_an_issues_stored_json():
    readers = {
        str(path.relative_to(ROOT)): lines
        for package in ("wizard", "core", "kb", "config", "scripts")
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
        if (lines := _reads_issue_data(path))
    }
    assert readers == {"wizard/handoff/record.py": readers.get("wizard/handoff/record.py")}
    assert readers["wizard/handoff/record.py"]  # the reader itself is found: the check can see


def test_the_search_for_raw_readers_finds_one(tmp_path):
    module = tmp_path / "view.py"
    module.write_text('company = issue.data.get("company")\n', encoding="utf-8")
    assert _reads_issue_data(module) == [1]
