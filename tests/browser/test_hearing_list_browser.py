"""The hearing list fits the window at 1280 and 375 px (no sideways scrolling),
with long names and customers' reports in it."""

import pytest

from .test_handoff_browser import completed_hearing
from .test_wizard_browser import login

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("width", [1280, 375])
def test_the_hearing_list_fits_without_sideways_scrolling(live_server, page, director, width):
    from wizard.models import DeviceReport, Hearing

    hearing = completed_hearing(director)
    for device in hearing.mailboxes.get().devices.all():
        DeviceReport.objects.create(hearing=hearing, device_id=device.pk, device_name=device.name,
                                    state=DeviceReport.State.TROUBLE, step=10)  # fmt: skip
    Hearing.objects.create(
        company="株式会社とても長い名前のお客さまホールディングス東海支社", director=director
    )
    page.set_viewport_size({"width": width, "height": 800})
    login(page, live_server)
    assert page.evaluate(OVERFLOW) <= 0
    table = page.locator("#hearing-results table")
    assert table.evaluate("t => t.getBoundingClientRect().right") <= width
    # Short values keep to one line (not 「tana / ka」, 「2026/12/0 / 6 13:26」).
    lines = table.locator("time, td[data-label='担当']").evaluate_all(
        "cells => cells.map(cell => { const r = document.createRange(); r.selectNodeContents(cell);"
        " return new Set([...r.getClientRects()].map(rect => Math.round(rect.top))).size; })"
    )
    assert lines and max(lines) == 1, lines
