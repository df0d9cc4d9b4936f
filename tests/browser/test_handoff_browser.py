"""Hand-off in a browser: the director makes a link, the customer opens it on a phone."""

import io
import os
import plistlib
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.wizard.views.test_device_handoff import qr_codes

from .conftest import CSP_LISTENER
from .test_wizard_browser import login, settled


def run(command, check=True):
    if shutil.which(command[0]) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{command[0]} is needed in CI (Debian: poppler-utils, zbar-tools)")
        pytest.skip(f"needs {command[0]}")
    return subprocess.run(command, capture_output=True, text=True, check=check).stdout


def completed_hearing(director):
    from wizard.models import Device, Hearing, Mailbox
    from wizard.services import hearing_complete

    hearing = Hearing.objects.create(company="受け渡し株式会社", director=director, consulted_on="2026-11-27")
    mailbox = Mailbox.objects.create(
        hearing=hearing, address="info@uketori.example", people=3, position=0,
        incoming_host="pop.uketori.example", outgoing_host="smtp.uketori.example",
    )  # fmt: skip
    Device.objects.create(mailbox=mailbox, kind="pc", client="outlook_classic", label="受付PC", position=0)
    Device.objects.create(
        mailbox=mailbox, kind="smartphone", client="ios_mail", label="社長のiPhone", position=1
    )
    return hearing_complete(hearing=hearing, version=hearing.version, user=director)


def test_director_makes_a_link_and_the_customer_sets_up_on_a_phone(
    live_server,
    page,
    browser,
    director,
    articles,
    console_errors,
    tmp_path,  # noqa: F811
):
    hearing = completed_hearing(director)
    login(page, live_server, f"/wizard/{hearing.pk}/sheet/")
    expect(page.locator("#customer-links .empty")).to_be_visible()
    page.get_by_label("有効期限").select_option(label="14日間")
    page.get_by_label("送付先メモ（任意）").fill("社長 iPhone 用")
    page.get_by_role("button", name="リンクとQRコードを作成").click()
    settled(page)
    expect(page.locator(".new-link")).to_be_visible()
    expect(page.locator(".new-link__qr svg.qr")).to_be_visible()
    # One QR code per device, named after the device, printed beside it.
    expect(page.locator(".device-qrs svg.qr")).to_have_count(2)
    expect(page.get_by_role("img", name="社長のiPhone の設定手順を開く QR コード")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/sheet/$"))  # swapped in place: the staff sheet stays
    url = page.get_by_label("お客さまにお送りするリンク").input_value()
    assert re.fullmatch(rf"{live_server.url}/sheet/[A-Za-z0-9_-]{{43}}/", url)
    expect(page.locator(".customer-links__table tbody tr")).to_have_count(1)
    expect(page.locator(".customer-links__table")).to_contain_text("社長 iPhone 用")
    assert console_errors == []

    phone_qr = page.get_by_role("img", name="社長のiPhone の設定手順を開く QR コード").evaluate(
        "e => e.outerHTML"
    )
    ((_title, scanned),) = qr_codes(phone_qr)
    assert scanned.startswith(url) and "/guides/" in scanned

    phone = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    customer = phone.new_page()
    customer.add_init_script(CSP_LISTENER)
    errors = []
    customer.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    customer.on("pageerror", lambda error: errors.append(str(error)))
    response = customer.goto(scanned)  # what the phone's camera opens
    assert response.status == 200 and response.headers["cache-control"] == "no-store"
    expect(customer.locator("h1")).to_have_text("iPhone・iPadの「メール」の設定手順")
    assert customer.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone
    # The profile comes first, then how iOS installs it, then the values it sets.
    download_button = customer.get_by_role("link", name="構成プロファイルをダウンロード")
    expect(download_button).to_be_in_viewport()
    install = customer.locator(".profile-install__steps li")
    expect(install.first).to_contain_text("「許可」をタップします")
    expect(customer.locator(".profile-install")).to_contain_text("「未署名」と表示されても大丈夫です")
    order = customer.evaluate(
        """() => ['.handoff__profile', '.profile-install__steps', '.personal-guide__values', '.manual-steps']
              .map(s => document.querySelector(s).getBoundingClientRect().top + window.scrollY)"""
    )
    assert order == sorted(order), order
    with customer.expect_download() as download_info:
        download_button.click()
    download = download_info.value
    assert download.suggested_filename == "info_at_uketori.example.mobileconfig"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    (account,) = plistlib.loads(target.read_bytes())["PayloadContent"]
    assert (account["EmailAccountType"], account["IncomingMailServerHostName"]) == (
        "EmailTypePOP", "pop.uketori.example",
    )  # fmt: skip
    assert account["EmailAccountName"] == "受け渡し株式会社"
    # The PC deletes after 30 days, so the iPhone keeps the server's copies (policy v2).
    expect(customer.locator('.slot--filled[data-slot="delete_after"]')).to_have_text(
        "「サーバから削除」で「しない」を選びます"
    )

    # 「うまくいかない」 on step 3 reaches the director's list on the next page load.
    customer.get_by_label("うまくいかない手順の番号（わかれば）").select_option(label="手順3")
    customer.get_by_role("button", name="うまくいかない").click()
    expect(customer.locator(".device-report .notice")).to_contain_text(
        "「うまくいかない」と担当者に伝えています"
    )
    page.goto(f"{live_server.url}/wizard/")
    expect(page.locator(".troubles")).to_contain_text("社長のiPhone")
    expect(page.locator(".troubles")).to_contain_text("手順3")

    # The whole sheet stays one tap away.
    customer.get_by_role("link", name="設定シート全体を見る").click()
    expect(customer).to_have_url(url)
    expect(customer.locator("h1")).to_have_text("受け渡し株式会社様 メール設定シート")
    expect(customer.locator(".device-sheet")).to_have_count(2)
    assert customer.evaluate("document.documentElement.scrollWidth") <= 375
    assert errors == []
    phone.close()


def test_the_demo_sheet_prints_on_three_a4_pages_with_qr_codes_that_scan(
    live_server, page, director, tmp_path, settings
):
    """The example hearing of `make run`, printed from the customer's link by
    Chromium: at most 3 A4 pages, and each device's QR code read back from the
    paper image by zbarimg leads to that device's guide."""
    from django.core.management import call_command

    from wizard.models import Device, Hearing
    from wizard.services import customer_link_create

    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    hearing = Hearing.objects.get(status="completed")
    _link, token = customer_link_create(hearing=hearing, user=director)
    page.goto(f"{live_server.url}/sheet/{token}/")
    page.emulate_media(media="print")
    pdf = tmp_path / "sheet.pdf"
    page.pdf(path=str(pdf), format="A4")
    pages = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", str(pdf)])).group(1))
    assert 1 <= pages <= 3, pages
    run(["pdftoppm", "-r", "200", "-gray", str(pdf), str(tmp_path / "page")])
    scanned = set()
    for image in sorted(tmp_path.glob("page-*.pgm")):
        scanned |= set(run(["zbarimg", "--raw", "-q", str(image)], check=False).split())
    devices = Device.objects.filter(mailbox__hearing=hearing)
    expected = {f"{live_server.url}/sheet/{token}/guides/{device.pk}/" for device in devices}
    assert scanned == expected, (scanned, expected)
