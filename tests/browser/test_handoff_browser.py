"""Hand-off in a browser: the director makes a link, the customer opens it on a phone."""

import plistlib
import re

from playwright.sync_api import expect

from .conftest import CSP_LISTENER
from .test_wizard_browser import login, settled


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
    page.get_by_label("送付先メモ (任意)").fill("社長 iPhone 用")
    page.get_by_role("button", name="リンクと QR コードを作成").click()
    settled(page)
    expect(page.locator(".new-link")).to_be_visible()
    expect(page.locator("svg.qr")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/sheet/$"))  # swapped in place: the staff sheet stays
    url = page.get_by_label("お客さまにお送りするリンク").input_value()
    assert re.fullmatch(rf"{live_server.url}/sheet/[A-Za-z0-9_-]{{43}}/", url)
    expect(page.locator(".customer-links__table tbody tr")).to_have_count(1)
    expect(page.locator(".customer-links__table")).to_contain_text("社長 iPhone 用")
    assert console_errors == []

    phone = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    customer = phone.new_page()
    customer.add_init_script(CSP_LISTENER)
    errors = []
    customer.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    customer.on("pageerror", lambda error: errors.append(str(error)))
    response = customer.goto(url)
    assert response.status == 200 and response.headers["cache-control"] == "no-store"
    expect(customer.locator("h1")).to_have_text("受け渡し株式会社 様 メール設定シート")
    devices = customer.locator(".device-sheet")
    expect(devices).to_have_count(2)
    for index, name in enumerate(["受付PC", "社長のiPhone"]):
        device = devices.nth(index)
        expect(device.locator(".device-sheet__title")).to_contain_text(name)
        expect(device).to_contain_text("pop.uketori.example")
        expect(device).to_contain_text("ポート 995 / SSL/TLS")
    expect(devices.nth(0)).to_contain_text("「サーバーから削除する 30 日後」をオンにし、日数に 30 と入力する")
    # The PC deletes after 30 days, so the iPhone keeps the server's copies (policy v2).
    expect(devices.nth(1).locator(".manual-steps")).to_contain_text("「しない」を選びます")
    assert customer.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone

    with customer.expect_download() as download_info:
        customer.get_by_role("link", name=re.compile("構成プロファイル")).first.click()
    download = download_info.value
    assert download.suggested_filename == "info_at_uketori.example.mobileconfig"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    (account,) = plistlib.loads(target.read_bytes())["PayloadContent"]
    assert (account["EmailAccountType"], account["IncomingMailServerHostName"]) == (
        "EmailTypePOP", "pop.uketori.example",
    )  # fmt: skip

    customer.get_by_role("link", name=re.compile("社長のiPhone")).click()
    expect(customer.locator("h1")).to_have_text("iPhone / iPad メール の設定手順")
    expect(customer.locator('.slot--filled[data-slot="incoming_host"]').first).to_have_text(
        "pop.uketori.example"
    )
    expect(customer.locator('.slot--filled[data-slot="delete_after"]')).to_have_text(
        "「サーバから削除」で「しない」を選ぶ"
    )
    assert customer.evaluate("document.documentElement.scrollWidth") <= 375
    customer.get_by_role("link", name="設定シートに戻る").click()
    expect(customer).to_have_url(url)
    assert errors == []
    phone.close()
