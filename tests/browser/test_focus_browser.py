"""After each htmx interaction, focus lands on what it brought and the page's
status region says what happened (docs/accessibility.md); device rows change
without moving the page."""

import re

from playwright.sync_api import expect

from .test_handoff_browser import completed_hearing
from .test_wizard_browser import login, settled

ACTIVE = """() => {
  const a = document.activeElement;
  return {id: a.id, tag: a.tagName, name: a.name || "", text: (a.textContent || "").trim().slice(0, 80),
          row: a.closest("fieldset.device-row, fieldset.row-card") ? a.closest("fieldset").id : ""};
}"""


def active(page):
    return page.evaluate(ACTIVE)


def status(page):
    return page.locator("#status-region")


def press(page, button):
    """Keyboard activation: focus the button, then Enter (as a keyboard user does).
    Returns the scroll position at the moment of the key press."""
    button.focus()
    scrolled = page.evaluate("window.scrollY")
    page.keyboard.press("Enter")
    return scrolled


def devices_hearing(director):
    """Five addresses: the second one's rows are edited mid-page, with more below."""
    from wizard.models import Device, Hearing, Mailbox

    hearing = Hearing.objects.create(
        company="行の会社", contact_name="担当", director=director, consulted_on="2026-11-27"
    )
    for n in range(5):
        mailbox = Mailbox.objects.create(
            hearing=hearing, address=f"user{n}@gyou.example", people=1, position=n
        )
        Device.objects.create(mailbox=mailbox, kind="pc", client="thunderbird", label=f"PC {n}", position=0)
    return hearing, Mailbox.objects.get(hearing=hearing, position=1)


def test_device_rows_change_under_the_keyboard_without_moving_the_page(live_server, page, director):
    hearing, mailbox = devices_hearing(director)
    page.set_viewport_size({"width": 1280, "height": 720})
    login(page, live_server, f"/wizard/{hearing.pk}/devices/")
    settled(page)
    add = page.get_by_role("button", name=f"＋ {mailbox.address}の端末を追加")
    add.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 200)")  # the button mid-window, the page well scrolled
    before = page.evaluate("window.scrollY")
    assert before > 300
    rows = page.locator(
        f"#devices-group-{mailbox.pk} .device-row"
    ).count()  # the stored one, and blanks ready

    assert press(page, add) == before
    expect(page.locator(f"#device-{mailbox.pk}-{rows}")).to_be_visible()
    settled(page)
    page.wait_for_function("() => document.activeElement.tagName === 'SELECT'")
    assert active(page)["row"] == f"device-{mailbox.pk}-{rows}"
    assert abs(page.evaluate("window.scrollY") - before) <= 3
    expect(status(page)).to_have_text("端末の行を追加しました。")

    group = page.locator(f"#devices-group-{mailbox.pk}")
    before = press(page, group.get_by_role("button", name="端末1をコピー"))
    expect(page.locator(f"#device-{mailbox.pk}-{rows + 1}")).to_be_visible()
    settled(page)
    page.wait_for_function(f"() => document.activeElement.closest('#device-{mailbox.pk}-1')")
    assert active(page)["name"].endswith("kind")
    assert abs(page.evaluate("window.scrollY") - before) <= 3
    expect(status(page)).to_have_text("端末をコピーしました。コピーした行の呼び名は空欄です。")

    before = press(page, group.get_by_role("button", name=f"端末{rows + 2}を削除"))
    expect(page.locator(f"#device-{mailbox.pk}-{rows + 1}")).to_have_count(0)
    settled(page)
    # The last row went: focus is on the add button that took its place, the page has not moved.
    expect(page.locator(f"#add-device-{mailbox.pk}")).to_be_focused()
    assert abs(page.evaluate("window.scrollY") - before) <= 3
    expect(status(page)).to_have_text("端末の行を削除しました。")


def test_a_step_with_errors_focuses_one_summary_whose_links_lead_to_the_fields(live_server, page, director):
    login(page, live_server, "/wizard/new/")
    press(page, page.get_by_role("button", name="保存して次へ"))
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("入力内容に誤りが")
    expect(page.locator("[role=alert]")).to_have_count(0)
    first_link = summary.get_by_role("link").first
    press(page, first_link)
    company = page.get_by_label("会社名")
    expect(company).to_be_focused()
    expect(company).to_have_attribute("aria-invalid", "true")
    described = company.get_attribute("aria-describedby")
    assert described and page.locator(f"#{described.split()[0]}").count() == 1


def test_kb_vote_no_moves_focus_to_the_reason_form_and_thanks_after_it(live_server, page, articles):
    from kb.models import Article

    article = Article.objects.published().first()
    page.goto(live_server.url + article.get_absolute_url())
    press(page, page.get_by_role("button", name="いいえ"))
    reasons = page.locator("#id_reason_group")
    expect(reasons).to_be_focused()
    expect(status(page)).to_have_text("ご回答ありがとうございました。")
    page.keyboard.press("Tab")  # into the first reason
    page.keyboard.press("Space")
    press(page, page.get_by_role("button", name="理由を送る"))
    thanks = page.locator(".feedback__thanks")
    expect(thanks).to_be_focused()
    expect(status(page)).to_contain_text("理由をお送りいただき")


def test_live_search_results_are_announced_while_focus_stays_in_the_box(live_server, page, articles):
    page.goto(f"{live_server.url}/search/")
    box = page.get_by_role("searchbox")
    box.fill("共有アドレス")
    expect(status(page)).to_contain_text(re.compile(r"「共有アドレス」の検索結果: \d+ 件"))
    expect(box).to_be_focused()


def test_customer_link_creation_error_and_revoke_each_land_focus_on_their_message(
    live_server, page, director
):
    hearing = completed_hearing(director)
    login(page, live_server, f"/wizard/{hearing.pk}/sheet/")
    note = page.get_by_label("送付先メモ（任意）")
    note.evaluate("field => { field.value = 'あ'.repeat(60); }")  # past maxlength, as a pasted text can be
    press(page, page.get_by_role("button", name="リンクとQRコードを作成"))
    expect(page.locator("#customer-links .error-summary")).to_be_focused()

    note.fill("山田様")
    press(page, page.get_by_role("button", name="リンクとQRコードを作成"))
    expect(page.locator("#new-link-url")).to_be_focused()
    expect(status(page)).to_contain_text("リンクを作成しました。")

    page.once("dialog", lambda dialog: dialog.accept())
    press(page, page.get_by_role("button", name="無効にする"))
    message = page.locator("#customer-links .message--success")
    expect(message).to_be_focused()
    expect(status(page)).to_have_text("リンクを無効にしました。このリンクでは、もう設定シートを開けません。")


def test_hosting_firm_detection_is_announced_and_its_apply_button_lands_on_the_result(
    live_server, page, director, settings
):
    from tests.wizard.dnsfixture import local_dns_server
    from wizard.models import Device, Hearing, Mailbox
    from wizard.presets import presets_load

    presets_load()
    hearing = Hearing.objects.create(
        company="名古屋精機", contact_name="担当", director=director, consulted_on="2026-11-27"
    )
    mailbox = Mailbox.objects.create(hearing=hearing, address="info@nagoya-seiki.co.jp", people=1)
    Device.objects.create(mailbox=mailbox, kind="pc", client="thunderbird", position=0)
    with local_dns_server() as address:
        settings.MAILNAVI_DNS_SERVER = address
        login(page, live_server, f"/wizard/{hearing.pk}/server/")
        expect(status(page)).to_have_text(
            re.compile(r"^自動判定：.*Xserver")
        )  # fetched after the page: announced
        # Announced as the result is swapped in; its button is htmx's only once the
        # swap has settled (20 ms later). A key pressed in between submits the form
        # without htmx (a new page, scrolled to the top): a race, not a user.
        settled(page)
        before = press(page, page.get_by_role("button", name="この内容を使う"))
        detect = page.locator("#detect-0")
        expect(detect).to_contain_text("設定を入れました")
        expect(detect).to_be_focused()
        assert abs(page.evaluate("window.scrollY") - before) <= 3
        expect(status(page)).to_have_text(
            re.compile(r"^「.*Xserver.*」の設定を入れました。内容を確かめてから保存してください。$")
        )


def test_the_customers_trouble_report_thanks_them_where_they_tapped(live_server, page, director, articles):
    from wizard.services import customer_link_create

    hearing = completed_hearing(director)
    _link, token = customer_link_create(hearing=hearing, user=director, days=7, note="")
    device = hearing.mailboxes.get().devices.get(label="受付PC")
    page.goto(f"{live_server.url}/sheet/{token}/guides/{device.pk}/")
    page.locator("#step-3").get_by_role("link", name="ここでうまくいかない").click()
    press(page, page.get_by_role("button", name="担当者に伝える"))
    thanks = page.locator("#step-3 .messages")
    page.wait_for_url(re.compile(r"#step-3$"), wait_until="load")
    expect(thanks).to_be_focused()
    expect(thanks).to_contain_text("担当者に伝わりました")
    expect(thanks).to_be_in_viewport()
    expect(page.locator(".site-main > .messages")).to_have_count(0)
    expect(page.locator("#report .messages")).to_have_count(0)


def test_the_hearing_list_search_announces_how_many_it_found(live_server, page, director):
    from wizard.models import Hearing

    Hearing.objects.create(company="東海精工", director=director)
    Hearing.objects.create(company="北陸商事", director=director)
    login(page, live_server)
    page.get_by_role("searchbox").fill("東海")
    expect(status(page)).to_have_text("ヒアリングが1件見つかりました。")
    expect(page.get_by_role("searchbox")).to_be_focused()


def test_progress_links_keep_distinct_names_on_a_phone_and_at_200_percent(live_server, page, director):
    hearing, _mailbox = devices_hearing(director)
    login(page, live_server, f"/wizard/{hearing.pk}/devices/")
    for width in (375, 640):  # 640 px: a 1280 px window at 200 % zoom
        page.set_viewport_size({"width": width, "height": 800})
        # The names a screen reader gets (the accessibility tree leaves out display:none).
        snapshot = page.get_by_role("navigation", name="進み具合").aria_snapshot()
        spoken = re.findall(r'- link "([^"]*)"', snapshot)
        assert len(spoken) == len(set(spoken)) >= 3, snapshot
        assert any("お客さま情報" in name for name in spoken)


def test_a_new_hearing_for_a_known_company_is_warned_while_typing(live_server, page, director):
    from wizard.models import Hearing

    earlier = Hearing.objects.create(company="株式会社 東海精工", director=director)
    login(page, live_server, "/wizard/new/")
    company = page.get_by_label("会社名")
    company.fill("東海精工")
    warning = page.locator("#company-duplicates")
    expect(warning).to_contain_text("すでに1件あります")
    expect(warning.get_by_role("link", name="株式会社 東海精工")).to_have_attribute(
        "href", f"/wizard/{earlier.pk}/"
    )
    expect(status(page)).to_contain_text("すでに1件あります")
    expect(company).to_be_focused()  # the director is typing: focus stays
    expect(page.get_by_label("ご担当者名")).to_be_visible()  # the step itself is untouched


def test_a_new_hearing_opens_with_the_caret_in_the_company_name(live_server, page, director):
    login(page, live_server)
    page.get_by_role("link", name="新しいヒアリングを始める").click()
    expect(page.get_by_label("会社名")).to_be_focused()
    page.keyboard.type("株式会社みなと設計")
    expect(page.get_by_label("会社名")).to_have_value("株式会社みなと設計")
    assert page.evaluate("window.scrollY") == 0


def test_an_empty_step_puts_the_caret_in_its_first_field_and_says_which_step_it_is(
    live_server, page, director
):
    from wizard.models import Hearing

    hearing = Hearing.objects.create(
        company="株式会社空き", contact_name="担当", director=director, consulted_on="2026-11-27"
    )
    login(page, live_server, f"/wizard/{hearing.pk}/customer/")
    settled(page)
    page.get_by_role("button", name="次へ").click()
    address = page.locator("#id_mb-0-address")
    expect(address).to_be_focused()
    expect(status(page)).to_have_text("2. メールアドレスと利用人数")
    page.keyboard.type("info@aki.example")
    expect(address).to_have_value("info@aki.example")
