"""The settings sheet on paper (Chromium's print to A4, counted with
poppler-utils, QR codes read back with zbarimg): the customer-link sheet of
the demo and of a 6-device / 3-address hearing on at most 3 full pages, and
Ctrl+P on the staff sheet printing exactly the customer's sheet, with a QR
code per device while a live link exists."""

import io
import re

from playwright.sync_api import expect

from tests.wizard.seiki import six_device_hearing

from .test_handoff_browser import run
from .test_wizard_browser import login

MIN_LINES = 12  # a printed page with fewer lines of text is a page nobody needed


def print_pdf(page, path) -> list[int]:
    """Print the page to A4; the lines of text on each printed page."""
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4")
    pages = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", str(path)])).group(1))
    return [
        len([line for line in run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"]).splitlines() if line.strip()])
        for n in range(1, pages + 1)
    ]  # fmt: skip


def scanned(pdf, tmp_path) -> set[str]:
    """Every QR code on the paper, read from a 200 dpi image of each page."""
    run(["pdftoppm", "-r", "200", "-gray", str(pdf), str(tmp_path / "page")])
    found = set()
    for image in sorted(tmp_path.glob("page-*.pgm")):
        found |= set(run(["zbarimg", "--raw", "-q", str(image)], check=False).split())
        image.unlink()
    return found


def guide_urls(live_server, token, hearing) -> set[str]:
    from wizard.models import Device

    devices = Device.objects.filter(mailbox__hearing=hearing)
    return {f"{live_server.url}/sheet/{token}/guides/{device.pk}/" for device in devices}


def test_the_demo_sheet_prints_on_at_most_three_full_a4_pages_with_qr_codes_that_scan(
    live_server, page, director, tmp_path, settings
):
    """The example hearing of `make run`, printed from the customer's link."""
    from django.core.management import call_command

    from wizard.models import Hearing
    from wizard.services import customer_link_create

    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    hearing = Hearing.objects.get(status="completed")
    _link, token = customer_link_create(hearing=hearing, user=director)
    page.goto(f"{live_server.url}/sheet/{token}/")
    lines = print_pdf(page, tmp_path / "sheet.pdf")
    assert 1 <= len(lines) <= 3 and min(lines) >= MIN_LINES, lines
    assert scanned(tmp_path / "sheet.pdf", tmp_path) == guide_urls(live_server, token, hearing)


def test_the_six_device_sheet_prints_on_at_most_three_full_a4_pages(
    live_server, page, director, articles, tmp_path
):
    from wizard.services import customer_link_create

    hearing = six_device_hearing(director)
    _link, token = customer_link_create(hearing=hearing, user=director)
    page.goto(f"{live_server.url}/sheet/{token}/")
    lines = print_pdf(page, tmp_path / "sheet.pdf")
    assert 1 <= len(lines) <= 3 and min(lines) >= MIN_LINES, lines
    assert scanned(tmp_path / "sheet.pdf", tmp_path) == guide_urls(live_server, token, hearing)


def staff_heavy_hearing(director):
    """The 6-device hearing with everything only staff may read: notes, the
    customer's reports and their words, a notice that could not be sent, and
    advice issued under older rules."""
    from django.utils import timezone

    from wizard.models import DeviceReport, ReportNotice

    hearing = six_device_hearing(director)
    issue = hearing.latest_issue()
    issue.rules_version = "2026-11-27.1"
    issue.save()
    report = DeviceReport.objects.create(
        hearing=hearing, device_id=issue.read().addresses[0].devices[0].id, unit=2, device_name="事務所のPC",
        state="trouble", step=7, step_text="「接続」をクリックします。", text="お客さまだけのメモ",
    )  # fmt: skip
    ReportNotice.objects.create(
        report=report, attempts=2, last_error="ConnectionRefusedError", next_attempt_at=timezone.now()
    )
    return hearing


def test_ctrl_p_on_the_staff_sheet_prints_the_customers_sheet_with_a_qr_code_per_device(
    live_server, page, browser, director, articles, tmp_path
):
    from wizard.services import customer_link_create

    hearing = staff_heavy_hearing(director)
    _link, token = customer_link_create(hearing=hearing, user=director, note="社長宛")
    customer = browser.new_page()
    customer.goto(f"{live_server.url}/sheet/{token}/")
    customer.emulate_media(media="print")
    customer_paper = customer.locator("main").inner_text()

    login(page, live_server, f"/wizard/{hearing.pk}/sheet/")
    expect(page.locator(".report-details")).to_contain_text("お客さまだけのメモ")  # on the screen
    page.emulate_media(media="print")
    staff_paper = page.locator("main").inner_text()
    for staff_only in (
        "お客さまだけのメモ",
        "通知メール",
        "未確認",
        "お客さまには",
        "社長宛",
        "ルールの版",
        "社内メモ",
    ):
        assert staff_only not in staff_paper, staff_only
    assert staff_paper == customer_paper
    lines = print_pdf(page, tmp_path / "staff.pdf")
    assert len(lines) <= 3, lines
    assert scanned(tmp_path / "staff.pdf", tmp_path) == guide_urls(live_server, token, hearing)
    customer.close()


def test_without_a_live_link_the_staff_sheet_prints_how_to_get_qr_codes(
    live_server, page, director, articles, tmp_path
):
    from wizard.models import CustomerLink
    from wizard.services import customer_link_create, customer_link_revoke

    hearing = six_device_hearing(director)
    link, _token = customer_link_create(hearing=hearing, user=director)
    customer_link_revoke(link=CustomerLink.objects.get(pk=link.pk), user=director)
    login(page, live_server, f"/wizard/{hearing.pk}/sheet/")
    page.emulate_media(media="print")
    expect(page.get_by_text("QRコードはリンクを作成すると印刷できます")).to_be_visible()
    print_pdf(page, tmp_path / "staff.pdf")
    assert scanned(tmp_path / "staff.pdf", tmp_path) == set()
