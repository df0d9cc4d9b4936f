"""A director at a customer's desk confirms the labels of an iPhone with a
screenshot, in a real browser: focus lands on what happened, axe finds
nothing, and the staff sheet says what was confirmed."""

from django.utils import timezone
from playwright.sync_api import expect

from tests.kb.pictures import screenshot_png

from .test_axe_browser import violations
from .test_handoff_browser import completed_hearing
from .test_wizard_browser import login


def test_a_director_confirms_the_iphones_labels_with_a_screenshot(
    live_server, page, director, console_errors
):
    hearing = completed_hearing(director)
    iphone = hearing.mailboxes.get().devices.get(client="ios_mail")
    login(page, live_server, f"/wizard/{hearing.pk}/guides/{iphone.pk}/")
    section = page.locator("#field-labels")
    section.get_by_label("メールソフトの版").fill("iOS 26.1")
    group = section.get_by_role("group", name="「サーバから削除」（サーバーから削除する項目）")
    group.get_by_label("違う表示だった").check()
    section.get_by_role("button", name="表示を確認しました（記録する）").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert violations(page, "field labels with an error") == []
    assert console_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    console_errors.clear()  # the refused form's status, as Chromium reports any 400 page

    section = page.locator("#field-labels")
    section.get_by_label("「サーバから削除」の実際の表示名（違う表示だった場合）").fill("サーバーから削除")
    section.get_by_role("group", name="「しない」（サーバーから削除する項目の選択肢）").get_by_label(
        "このとおり表示されていた"
    ).check()
    section.get_by_label("画面写真（任意）").set_input_files(
        files=[{"name": "iphone.png", "mimeType": "image/png", "buffer": screenshot_png(390, 844)}]
    )
    section.get_by_role("button", name="表示を確認しました（記録する）").click()
    notice = page.locator("#field-labels .notice")
    expect(notice).to_be_focused()
    expect(notice).to_contain_text("2件の表示名を記録しました。")
    assert violations(page, "field labels recorded") == []

    page.goto(f"{live_server.url}/wizard/{hearing.pk}/sheet/")
    today = timezone.localdate()
    expect(page.locator(".device-rows__labels").last).to_contain_text(
        f"「しない」：確認済み（現場、{today.month}月{today.day}日、iOS 26.1）"
    )
    assert console_errors == []
