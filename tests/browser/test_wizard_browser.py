import re

from playwright.sync_api import expect

from .conftest import PASSWORD


def login(page, live_server, next_path="/wizard/"):
    page.goto(f"{live_server.url}{next_path}")
    expect(page.locator("h1")).to_have_text("スタッフ用ログイン")
    page.get_by_label("ユーザー名").fill("tanaka")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    # Wait for the page behind the login to finish loading (its scripts listening)
    # before a test types: input ahead of the scripts is a race, not a user.
    page.wait_for_url(lambda url: "/login/" not in url, wait_until="load")


OTHER_KIND_CLIENT = {"PC": "iPhone・iPadの「メール」", "スマートフォン": "Outlook（クラシック版）"}


def settled(page):
    """Wait until htmx has swapped and initialised the new content."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def add_device(page, index, kind, client, label):
    settled(page)
    row = page.locator(".device-row").nth(index)
    row.get_by_label("端末の種類").select_option(label=kind)
    # The client list is re-rendered to fit the kind: wait for that swap.
    expect(
        row.get_by_label("メールソフト").locator("option", has_text=OTHER_KIND_CLIENT[kind])
    ).to_have_count(0)
    row.get_by_label("メールソフト").select_option(label=client)
    row.get_by_label("呼び名").fill(label)


def test_director_completes_a_shared_info_address_hearing(
    live_server, page, articles, director, console_errors
):
    login(page, live_server)
    expect(page.locator("h1")).to_have_text("ヒアリング一覧")
    page.get_by_role("link", name="新しいヒアリングを始める").click()

    # 1. お客さま情報
    expect(page).to_have_url(re.compile(r"/wizard/new/$"))  # nothing is saved before step 1
    page.get_by_label("会社名").fill("株式会社さくら商事")
    page.get_by_label("ご担当者名").fill("佐藤 一郎")
    page.get_by_role("button", name="保存して次へ").click()

    # 2. アドレスと人数
    expect(page).to_have_url(re.compile(r"/addresses/$"))
    expect(page).to_have_title(re.compile(r"^メールアドレスと利用人数 \(2/5\)"))
    page.get_by_label("メールアドレス").first.fill("info@sakura-shoji.example")
    page.get_by_label("読む人数").first.fill("３")  # 全角でも受け付ける
    page.get_by_role("button", name="保存して次へ").click()  # the empty rows are ignored

    # 3. 端末: 3 PCs with Outlook classic (one row, ×3) and one iPhone
    expect(page).to_have_url(re.compile(r"/devices/$"))
    expect(page.locator(".device-row")).to_have_count(3)  # three empty rows are ready
    add_device(page, 0, "PC", "Outlook（クラシック版）", "スタッフのPC")
    page.locator(".device-row").nth(0).get_by_label("台数").fill("3")
    add_device(page, 1, "スマートフォン", "iPhone・iPadの「メール」", "社長のiPhone")
    page.get_by_role("button", name="保存して次へ").click()

    # 4. サーバー: quota unknown
    expect(page).to_have_url(re.compile(r"/server/$"))
    page.get_by_label("受信サーバー (POP/IMAP)").fill("mail.sakura-shoji.example")
    page.get_by_label("送信サーバー (SMTP)").fill("mail.sakura-shoji.example")
    page.get_by_role("button", name="保存して次へ").click()

    # 5. 確認
    expect(page).to_have_url(re.compile(r"/review/$"))
    sheet = page.locator(".sheet-mailbox")
    expect(sheet.locator(".protocol")).to_have_text("POP")
    expect(sheet).to_contain_text("30日後にサーバーから削除")
    expect(sheet.locator('[data-code="shared_mobile"]')).to_be_visible()
    expect(sheet.locator('[data-code="suggest_cloud"]')).to_be_visible()
    page.get_by_role("button", name="完了して設定シートを作る").click()

    expect(page).to_have_url(re.compile(r"/sheet/$"))
    expect(page.locator("h1")).to_contain_text("株式会社さくら商事様 メール設定シート")
    expect(page.locator(".device-sheet")).to_have_count(2)
    expect(page.locator(".device-sheet").first).to_contain_text("スタッフのPC ×3")
    expect(page.locator(".device-sheet").first).to_contain_text("日数の欄に30と入力します")
    assert console_errors == []


def test_adding_and_removing_device_rows_needs_no_reload(live_server, page, director, console_errors):
    from wizard.models import Hearing, Mailbox

    hearing = Hearing.objects.create(
        company="行テスト", contact_name="担当", director=director, consulted_on="2026-11-27"
    )
    Mailbox.objects.create(hearing=hearing, address="a@example.com", people=1)
    login(page, live_server, f"/wizard/{hearing.pk}/devices/")
    expect(page.locator(".device-row")).to_have_count(3)  # three empty rows ready for a new address
    page.evaluate("window.__marker = 'still here'")
    page.get_by_role("button", name="＋ a@example.comの端末を追加").click()
    expect(page.locator(".device-row")).to_have_count(4)  # the three ready rows and the added one
    settled(page)
    page.locator(".device-row").nth(1).get_by_label("呼び名").fill("2台目")
    page.get_by_role("button", name="端末1を削除").click()
    expect(page.locator(".device-row")).to_have_count(3)  # the typed row, and the empty ones ready
    expect(page.locator(".device-row").first.get_by_label("呼び名")).to_have_value("2台目")
    assert page.evaluate("window.__marker") == "still here"  # no full page load happened
    assert console_errors == []


def test_back_and_refresh_mid_way_lose_nothing(live_server, page, director, console_errors):
    login(page, live_server)
    page.get_by_role("link", name="新しいヒアリングを始める").click()
    page.get_by_label("会社名").fill("戻るテスト株式会社")
    page.get_by_label("ご担当者名").fill("鈴木")
    page.get_by_role("button", name="保存して次へ").click()
    expect(page).to_have_url(re.compile(r"/addresses/$"))
    page.reload()
    expect(page.get_by_label("メールアドレス").first).to_have_value("")
    page.get_by_label("メールアドレス").first.fill("support@example.com")
    page.get_by_role("button", name="← 戻る").click()
    expect(page).to_have_url(re.compile(r"/customer/$"))
    expect(page.get_by_label("会社名")).to_have_value("戻るテスト株式会社")
    page.reload()
    expect(page.get_by_label("会社名")).to_have_value("戻るテスト株式会社")
    page.get_by_role("button", name="保存して次へ").click()
    expect(page.get_by_label("メールアドレス").first).to_have_value("support@example.com")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/customer/$"))
    expect(page.get_by_label("ご担当者名")).to_have_value("鈴木")
    assert console_errors == []


def test_the_sheet_prints_without_navigation(live_server, page, director, console_errors):
    from wizard.models import Device, Hearing, Mailbox
    from wizard.services import hearing_complete

    hearing = Hearing.objects.create(
        company="印刷株式会社", contact_name="担当", director=director, consulted_on="2026-11-27"
    )
    mailbox = Mailbox.objects.create(
        hearing=hearing, address="print@example.com", people=1, incoming_host="mail.example.com",
        outgoing_host="mail.example.com",
    )  # fmt: skip
    Device.objects.create(mailbox=mailbox, kind="pc", client="thunderbird", label="事務所PC")
    hearing = hearing_complete(hearing=hearing, version=hearing.version, user=director)
    login(page, live_server, f"/wizard/{hearing.pk}/sheet/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".sheet__staff")).to_be_hidden()
    expect(page.locator(".settings-table--common")).to_be_visible()
    expect(page.locator(".settings-table--device")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert console_errors == []


def test_a_refused_save_is_explained_in_japanese_and_keeps_the_input(
    live_server, page, director, console_errors
):
    from wizard.models import Hearing

    hearing = Hearing.objects.create(
        company="拒否テスト", contact_name="担当", director=director, consulted_on="2026-11-27"
    )
    login(page, live_server, f"/wizard/{hearing.pk}/addresses/")
    page.get_by_label("メールアドレス").first.fill("info@example.com")
    for status, words in ((413, "大きすぎる"), (429, "何度も送信"), (500, "サーバーで問題")):
        page.route(
            "**/addresses/", lambda route, _request, code=status: route.fulfill(status=code, body="refused")
        )
        page.get_by_role("button", name="保存して次へ").click()
        expect(page.locator("#wizard-alert")).to_contain_text(words)
        expect(page.locator("#wizard-alert")).to_contain_text(f"エラー {status}")
        expect(page.get_by_label("メールアドレス").first).to_have_value("info@example.com")
        page.unroute("**/addresses/")
    page.get_by_role("button", name="保存して次へ").click()
    expect(page).to_have_url(re.compile(r"/devices/$"))
    assert [e for e in console_errors if "status of" not in e and "Response Status Error" not in e] == []


def test_leaving_a_step_with_unsaved_input_asks_first(live_server, page, director, console_errors):
    from wizard.models import Hearing, Mailbox

    hearing = Hearing.objects.create(
        company="確認テスト", contact_name="担当", director=director, consulted_on="2026-11-27"
    )
    Mailbox.objects.create(hearing=hearing, address="a@example.com", people=1)
    login(page, live_server, f"/wizard/{hearing.pk}/addresses/")
    page.get_by_label("読む人数").first.fill("4")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("link", name="お客さま情報").click()
    expect(page).to_have_url(re.compile(r"/addresses/$"))  # stayed: the director said no
    assert asked and "保存していない入力" in asked[0]
    expect(page.get_by_label("読む人数").first).to_have_value("4")


def test_input_the_script_never_saw_still_counts_and_a_yes_leaves_once(live_server, page, director):
    """A value typed before the page's script listened (a slow line) is still unsaved input."""
    from wizard.models import Hearing, Mailbox

    hearing = Hearing.objects.create(
        company="確認テスト", contact_name="担当", director=director, consulted_on="2026-11-27"
    )
    Mailbox.objects.create(hearing=hearing, address="a@example.com", people=1)
    login(page, live_server, f"/wizard/{hearing.pk}/addresses/")
    expect(page.get_by_role("heading", name="2. メールアドレス")).to_be_visible()
    # Set the value the way input arriving before the listener looks: no input event.
    page.get_by_label("読む人数").first.evaluate("field => { field.value = '5'; }")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("link", name="お客さま情報").click()
    expect(page).to_have_url(re.compile(r"/customer/$"))
    expect(page.get_by_label("会社名")).to_have_value("確認テスト")
    assert len(asked) == 1 and "保存していない入力" in asked[0]
    assert Mailbox.objects.get(hearing=hearing).people == 1  # the director chose to drop it
    # Back on a freshly shown step, nothing is unsaved: moving on asks nothing.
    page.get_by_role("link", name="メールアドレス").click()
    expect(page).to_have_url(re.compile(r"/addresses/$"))
    page.get_by_role("link", name="お客さま情報").click()
    expect(page).to_have_url(re.compile(r"/customer/$"))
    assert len(asked) == 1
