import re

from playwright.sync_api import expect


def test_typing_in_the_search_box_updates_results_and_url(live_server, page, articles, console_errors):
    page.goto(f"{live_server.url}/search/")
    page.get_by_label("記事を検索").fill("共有アドレス")
    expect(page).to_have_url(re.compile(r"/search/\?q=%E5%85%B1%E6%9C%89"))
    results = page.locator("#kb-results")
    expect(results).to_contain_text("検索結果")
    expect(results.locator("mark").first).to_have_text("共有アドレス")
    expect(page).to_have_title("「共有アドレス」の検索結果 | メール設定ナビ")
    assert console_errors == []


def test_search_works_without_javascript(live_server, browser, articles):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_label("記事を検索").fill("ポート")
    page.get_by_role("button", name="検索").click()
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.locator(".result").first).to_be_visible()
    context.close()


def test_a_toc_link_jumps_to_its_heading(live_server, page, articles, console_errors):
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(f"{live_server.url}/articles/pop-imap-difference/")
    toc_links = page.locator(".toc a")
    last = toc_links.last
    target_id = last.get_attribute("href").lstrip("#")
    last.click()
    expect(page).to_have_url(re.compile(f"#{target_id}$"))
    heading = page.locator(f"#{target_id}")
    expect(heading).to_be_in_viewport()
    assert console_errors == []


def test_pages_have_no_console_errors_and_voting_works(live_server, page, articles, console_errors):
    for path in ["/", "/categories/basics/", "/search/?q=pop", "/articles/shared-address-pop/"]:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
    page.get_by_role("button", name="はい").click()
    expect(page.locator("#feedback")).to_contain_text("ご回答ありがとうございました。")
    assert console_errors == []


PASSWORD = "correct-horse-battery-staple"


def open_editor(live_server, page, django_user_model, width: int):
    django_user_model.objects.create_superuser(username="boss", password=PASSWORD, email="boss@example.com")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("ユーザー名").fill("boss")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))  # logged in before going on
    page.goto(f"{live_server.url}/admin/kb/article/")
    page.get_by_role("link", name="POP（ポップ）とは", exact=False).first.click()
    expect(page.locator("#markdown-preview .prose h2").first).to_be_visible()
    return page.locator("#id_body").bounding_box(), page.locator("#markdown-preview").bounding_box()


def test_the_preview_sits_beside_the_markdown_on_a_wide_screen(
    live_server, page, articles, django_user_model, console_errors
):
    source, preview = open_editor(live_server, page, django_user_model, 1600)
    assert preview["x"] >= source["x"] + source["width"] - 1
    assert abs(preview["y"] - source["y"]) < 80
    assert console_errors == []


def test_the_preview_sits_below_the_markdown_on_a_narrow_screen(
    live_server, page, articles, django_user_model
):
    source, preview = open_editor(live_server, page, django_user_model, 800)
    assert preview["y"] >= source["y"] + source["height"] - 1


def test_the_preview_looks_like_the_public_article(live_server, page, articles, django_user_model):
    style = "e => { const s = getComputedStyle(e); return [s.fontSize, s.fontFamily, s.borderBottomWidth, s.lineHeight]; }"
    open_editor(live_server, page, django_user_model, 1600)
    in_preview = page.locator("#markdown-preview .prose h2").first.evaluate(style)
    paragraph_in_preview = page.locator("#markdown-preview .prose p").first.evaluate(style)
    page.goto(f"{live_server.url}/articles/pop/")
    assert page.locator(".prose h2").first.evaluate(style) == in_preview
    assert page.locator(".prose p").first.evaluate(style) == paragraph_in_preview
