"""Under the strict Content-Security-Policy nothing is blocked: KB, admin editing, the wizard."""

import re

from playwright.sync_api import expect

PASSWORD = "correct-horse-battery-staple"


def test_kb_and_admin_article_editing_run_without_csp_violations(
    live_server, page, articles, console_errors, django_user_model
):
    django_user_model.objects.create_superuser(username="boss", password=PASSWORD, email="boss@example.com")
    for path in [
        "/",
        "/categories/choosing/",
        "/articles/ports-and-encryption/",
        "/search/?q=IMAP",
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1").first).to_be_visible()
    response = page.goto(f"{live_server.url}/")
    assert "default-src 'none'" in response.headers["content-security-policy"]

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("ユーザー名").fill("boss")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(f"{live_server.url}/admin/kb/article/")
    page.get_by_role("link", name="POP（ポップ）とは", exact=False).first.click()
    expect(page).to_have_url(re.compile(r"/admin/kb/article/\d+/change/$"))
    preview = page.locator("#markdown-preview")
    expect(preview.locator(".prose h2").first).to_be_visible()  # rendered on load
    page.locator("#id_body").fill("## プレビューの確認\n\n<script>alert(1)</script> **太字**")
    expect(preview.locator(".prose h2")).to_have_count(1)  # the article's own headings are gone
    expect(preview.locator(".prose h2")).to_have_text("プレビューの確認")
    expect(preview.locator(".prose strong")).to_have_text("太字")
    assert preview.locator("script").count() == 0
    page.goto(f"{live_server.url}/admin/kb/article/add/")
    expect(page.locator("#id_title")).to_be_visible()
    page.goto(f"{live_server.url}/admin/wizard/hearing/")
    expect(page.locator("#content h1")).to_be_visible()
    assert console_errors == []
