"""Hand-off in a browser: the director makes a link, the customer opens it on a phone."""

import os
import plistlib
import re
import shutil
import subprocess
from urllib.parse import parse_qs, urlsplit

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

    hearing = Hearing.objects.create(
        company="受け渡し株式会社", contact_name="山田 花子", contact_email="yamada@uketori.example",
        director=director, consulted_on="2026-11-27",
    )  # fmt: skip
    mailbox = Mailbox.objects.create(
        hearing=hearing, address="info@uketori.example", people=3, position=0,
        incoming_host="pop.uketori.example", outgoing_host="smtp.uketori.example",
    )  # fmt: skip
    Device.objects.create(mailbox=mailbox, kind="pc", client="outlook_classic", label="受付PC", position=0)
    Device.objects.create(
        mailbox=mailbox, kind="smartphone", client="ios_mail", label="社長のiPhone", position=1
    )
    return hearing_complete(hearing=hearing, version=hearing.version, user=director)


@pytest.fixture
def contact_live(transactional_db):
    """The agency's contact, as an admin enters it (core.AgencyContact)."""
    from core.models import AgencyContact

    return AgencyContact.objects.create(
        name="株式会社ウェブ工房 サポート窓口", phone="052-000-0000", email="support@agency.example",
        hours="平日 9:00〜18:00",
    )  # fmt: skip


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
    # The profile comes first, then how iOS installs it (steps 1…4), then the guide's own steps.
    download_button = customer.get_by_role("link", name="構成プロファイルをダウンロード")
    expect(download_button).to_be_in_viewport()
    install = customer.locator(".profile-install li.step")
    expect(install.first).to_contain_text("「許可」をタップします")
    expect(install.first).to_have_attribute("id", "step-1")
    expect(customer.locator(".profile-install")).to_contain_text("「未署名」と表示されても大丈夫です")
    order = customer.evaluate(
        """() => ['.handoff__profile', '.profile-install .steps', '.personal-guide__body .steps']
              .map(s => document.querySelector(s).getBoundingClientRect().top + window.scrollY)"""
    )
    assert order == sorted(order), order
    expect(customer.locator(".personal-guide__body .steps").first).to_have_attribute("start", "5")
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

    # 「ここでうまくいかない」 on step 3 reaches the director's list on the next page load.
    customer.locator("#step-3").get_by_role("link", name="ここでうまくいかない").click()
    customer.get_by_role("button", name="担当者に伝える").click()
    expect(customer.locator("#step-3")).to_contain_text(
        "この手順で「うまくいかない」と担当者に伝えています。"
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


def pasted(context) -> str:
    """What the clipboard holds, pasted into a blank page of the same browser."""
    blank = context.new_page()
    blank.set_content("<textarea id=paste></textarea>")
    blank.click("#paste")
    blank.keyboard.press("Control+V")
    text = blank.input_value("#paste")
    blank.close()
    return text


def make_link(page, live_server, hearing):
    login(page, live_server, f"/wizard/{hearing.pk}/sheet/")
    page.get_by_label("有効期限").select_option(label="14日間")
    page.get_by_role("button", name="リンクとQRコードを作成").click()
    page.wait_for_selector(".new-link")
    return page.get_by_label("お客さまにお送りするリンク").input_value()


def test_the_link_and_a_ready_to_send_message_copy_with_one_click(
    live_server, browser, director, contact_live, console_errors
):
    hearing = completed_hearing(director)
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.add_init_script(CSP_LISTENER)
    url = make_link(page, live_server, hearing)
    page.get_by_role("button", name="リンクをコピー").click()
    expect(page.locator("#new-link-copied")).to_have_text("リンクをコピーしました。")
    assert pasted(context) == url
    page.get_by_role("button", name="本文をコピー").click()
    expect(page.locator("#new-link-message-copied")).to_have_text("本文をコピーしました。")
    body = pasted(context)
    assert url in body and re.search(r"リンクの有効期限：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}まで", body)
    assert "株式会社ウェブ工房 サポート窓口" in body and "電話：052-000-0000（平日 9:00〜18:00）" in body
    page.get_by_role("button", name="件名をコピー").click()
    assert pasted(context) == "メール設定シートのご案内（受け渡し株式会社様）"
    context.close()


def test_without_javascript_the_link_and_message_are_selected_and_copied_by_hand(
    live_server, browser, director, contact_live
):
    hearing = completed_hearing(director)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    url = make_link(page, live_server, hearing)  # a plain POST: the whole sheet comes back
    expect(page.get_by_role("button", name="リンクをコピー")).to_be_hidden()
    expect(page.get_by_text("リンクの欄をクリックしてCtrl+A")).to_be_visible()
    page.get_by_label("お客さまにお送りするリンク").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Control+C")
    assert pasted(context) == url
    page.get_by_label("本文").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Control+C")
    body = pasted(context)
    assert url in body and "リンクの有効期限：" in body and "support@agency.example" in body
    mailto = page.get_by_role(
        "link", name="メールソフトで開く（宛先：yamada@uketori.example）"
    ).get_attribute("href")
    target = urlsplit(mailto)
    fields = parse_qs(target.query)
    assert (target.scheme, target.path) == ("mailto", "yamada@uketori.example")
    assert (
        fields["subject"] == ["メール設定シートのご案内（受け渡し株式会社様）"] and url in fields["body"][0]
    )
    context.close()
