"""The settings sheet's timeline per address, read back from its SVG device by device."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from kb.writing import findings
from wizard.engine.recommendations import recommend
from wizard.engine.rows import answers_for_rows, per_row
from wizard.handoff.record import IssuedAddress, IssuedDevice
from wizard.handoff.timeline import timeline_svg

SVG = "{http://www.w3.org/2000/svg}"
HEARING_DAY = date(2026, 12, 6)


def issued(people: int, rows, *, address: str = "info@sample-shoten.example", **answers) -> IssuedAddress:
    """An issued address as the sheet gets it: rows of (kind, client, label, quantity)."""
    devices = tuple(
        IssuedDevice(id=index + 1, kind=kind, client=client, label=label, quantity=quantity)
        for index, (kind, client, label, quantity) in enumerate(rows)
    )
    rec = recommend(
        answers_for_rows(
            people=people, rows=[(k, c, q) for k, c, _label, q in rows], as_of=HEARING_DAY, **answers
        )
    )
    return IssuedAddress(
        id=12, address=address, advice=per_row(rec, [q for *_rest, q in rows]), devices=devices, people=people
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def text_of(element: ET.Element, cls: str) -> str:
    found = [e for e in element.iter(f"{SVG}text") if e.get("class") == cls]
    assert len(found) == 1, cls
    return "".join(found[0].itertext())


def devices_drawn(address: IssuedAddress) -> list[tuple[str, str, str]]:
    """(name, role, what it does) of every device group, in the order drawn."""
    groups = [g for g in parse(timeline_svg(address)).iter(f"{SVG}g") if g.get("class") == "timeline__device"]
    return [(text_of(g, "timeline__name"), g.get("data-role"), text_of(g, "timeline__role")) for g in groups]


def expected_words(setting) -> str:
    """What the sheet must say a device does, from the engine's role alone."""
    return {
        "deletes": f"ダウンロードから{setting.delete_after_days}日後にサーバーのコピーを削除",
        "keeps": "サーバーのコピーを削除しない",
        "ending": "この方法では受信できなくなります",
        "imap": "同じ中身を表示",
    }[setting.role]


def expected(address: IssuedAddress) -> list[tuple[str, str, str]]:
    return [
        (
            device.name + (f" ×{device.quantity}" if device.quantity > 1 else ""),
            setting.role,
            expected_words(setting),
        )
        for device, setting in zip(address.devices, address.advice.device_settings, strict=True)
    ]


DEMO_INFO = issued(
    3,
    [
        ("pc", "outlook_classic", "受付PC", 1),
        ("pc", "outlook_classic", "事務所PC", 1),
        ("pc", "thunderbird", "店長のPC", 1),
        ("smartphone", "ios_mail", "店長のiPhone", 1),
    ],
)
CASES = {
    "the demo's info@: three PCs delete after 30 days, the iPhone keeps": DEMO_INFO,
    "no PC that takes any number of days: the Mac deletes, the iPhone keeps": issued(
        2, [("pc", "apple_mail", "店長のMac", 1), ("smartphone", "ios_mail", "店長のiPhone", 1)]
    ),
    "nobody deletes": issued(
        2, [("smartphone", "thunderbird_android", "", 2), ("pc", "outlook_new", "受付PC", 1)]
    ),
    "an ending way of reading": issued(
        2, [("pc", "windows_mail", "古いPC", 1), ("pc", "outlook_classic", "新しいPC", 1)]
    ),
    "IMAP: one person on a PC and a phone": issued(
        1, [("pc", "outlook_classic", "社長のPC", 1), ("smartphone", "ios_mail", "社長のiPhone", 1)]
    ),
    "rows of several identical devices": issued(
        4, [("pc", "outlook_classic", "営業のPC", 3), ("smartphone", "ios_mail", "営業のiPhone", 3)]
    ),
}


@pytest.mark.parametrize("address", CASES.values(), ids=CASES.keys())
def test_each_device_is_drawn_with_its_name_and_what_the_engine_says_it_does(address):
    assert devices_drawn(address) == expected(address)


def test_the_demo_sheets_info_address_reads_as_the_engine_advises():
    assert DEMO_INFO.advice.protocol == "pop"
    assert devices_drawn(DEMO_INFO) == [
        ("受付PC", "deletes", "ダウンロードから30日後にサーバーのコピーを削除"),
        ("事務所PC", "deletes", "ダウンロードから30日後にサーバーのコピーを削除"),
        ("店長のPC", "deletes", "ダウンロードから30日後にサーバーのコピーを削除"),
        ("店長のiPhone", "keeps", "サーバーのコピーを削除しない"),
    ]
    root = parse(timeline_svg(DEMO_INFO))
    assert text_of(root, "timeline__server-role") == "30日で削除されます"


def test_the_servers_copy_ends_where_the_first_device_deletes_it():
    older = IssuedAddress(
        id=3, address="a@example.jp", people=2,
        devices=(IssuedDevice(1, "pc", "outlook_classic", "A"), IssuedDevice(2, "pc", "thunderbird", "B")),
        advice=DEMO_INFO.advice.__class__(
            protocol="pop", leave_on_server=True, delete_after_days=30, suggest_cloud=False, reasons=(),
            warnings=(), device_settings=(DEMO_INFO.advice.device_settings[0].__class__("deletes", 30),
                                          DEMO_INFO.advice.device_settings[0].__class__("deletes", 7)),
        ),
    )  # fmt: skip
    svg = timeline_svg(older)
    root = parse(svg)
    assert text_of(root, "timeline__server-role") == "7日で削除されます"
    server_bar = next(r for r in root.iter(f"{SVG}rect") if r.get("y") == "24")
    # 7 of 30 days along the 340 units between the download (180) and the 30th day (520).
    assert int(server_bar.get("width")) == round(340 * 7 / 30)


def test_nobody_deleting_is_drawn_as_copies_piling_up():
    assert "nobody_deletes" in CASES["nobody deletes"].advice.warnings
    root = parse(timeline_svg(CASES["nobody deletes"]))
    assert text_of(root, "timeline__server-role") == "どの端末も削除しないため、たまり続けます"
    assert list(root.iter(f"{SVG}path")) == []  # no ✕ anywhere


def test_imap_is_one_shared_box_without_days():
    svg = timeline_svg(CASES["IMAP: one person on a PC and a phone"])
    assert text_of(parse(svg), "timeline__server") == "サーバーのメールボックス（すべての端末で共有）"
    assert "日後" not in svg


def test_the_picture_says_in_sentences_what_it_shows():
    root = parse(timeline_svg(DEMO_INFO))
    assert root.get("aria-labelledby") == "tl-12-title" and root.get("aria-describedby") == "tl-12-desc"
    assert root.find(f"{SVG}title").text == "info@sample-shoten.exampleに届いたメールのコピーの流れ"
    assert root.find(f"{SVG}desc").text == (
        "届いたメールは、各端末がサーバーからダウンロードします。"
        "受付PCは、ダウンロードから30日後にサーバーのコピーを削除します。"
        "事務所PCは、ダウンロードから30日後にサーバーのコピーを削除します。"
        "店長のPCは、ダウンロードから30日後にサーバーのコピーを削除します。"
        "店長のiPhoneは、サーバーのコピーを削除しません。"
        "サーバーのコピーは30日で削除されます。"
    )


def test_a_customers_device_name_is_escaped():
    address = issued(
        2, [("pc", "outlook_classic", '<script>alert("x")</script>', 1), ("pc", "thunderbird", "B", 1)]
    )
    svg = timeline_svg(address)
    assert "<script>" not in svg
    assert devices_drawn(address)[0][0] == '<script>alert("x")</script>'


@pytest.mark.parametrize("address", CASES.values(), ids=CASES.keys())
def test_the_timelines_words_follow_the_house_style(address):
    root = parse(timeline_svg(address))
    words = [root.find(f"{SVG}title").text, root.find(f"{SVG}desc").text]
    words += ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert [
        f"{w}: {f}" for w in words for f in findings(w.replace("info@sample-shoten.example", "info@"))
    ] == []


def test_the_timeline_uses_only_the_sites_colours():
    tokens = set(re.findall(r"#[0-9a-f]{6}", (Path(settings.BASE_DIR) / "static/css/tokens.css").read_text()))
    svg = "".join(timeline_svg(address) for address in CASES.values())
    assert set(re.findall(r"#[0-9a-f]{6}", svg)) <= tokens


def test_the_partial_puts_the_timeline_in_a_figure_with_a_reading_hint():
    html = render_to_string("wizard/partials/timeline.html", {"address": DEMO_INFO})
    assert html.count('<figure class="timeline timeline--pop">') == 1
    assert "<svg" in html and 'data-role="keeps"' in html
    assert "✕の日に、サーバーのコピーが削除されます。" in html
