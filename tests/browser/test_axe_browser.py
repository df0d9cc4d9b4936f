"""axe-core over every page type, at 1280 and 375 px: no violation of WCAG 2.2 A/AA
(and headings in order). axe sees markup, not focus: test_focus_browser.py does that.

axe-core comes inside the axe-playwright-python wheel (requirements-dev.txt), so
the browser tests need nothing besides pip; we run it ourselves to choose the rules.
"""

from pathlib import Path

import axe_playwright_python
from playwright.sync_api import expect

from .test_handoff_browser import completed_hearing
from .test_wizard_browser import login, settled

AXE_SOURCE = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text(encoding="utf-8")
OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "rules": {"heading-order": {"enabled": True}},
    "resultTypes": ["violations"],
}
WIDTHS = (1280, 375)


def violations(page, state: str, exclude: tuple[str, ...] = ()) -> list[str]:
    """axe's violations of the page as it is now, at each width, one line each
    (``exclude``: CSS selectors of parts that are not ours)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)  # not a <script>: the page's CSP allows no inline script
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        context = {"exclude": [[selector] for selector in exclude]} if exclude else "document"
        result = page.evaluate(
            "([context, options]) => axe.run(context === 'document' ? document : context, options)",
            [context, OPTIONS],
        )
        found += [
            f"{state} @{width}px: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
    page.set_viewport_size({"width": 1280, "height": 900})
    return found


def visit(page, url: str, state: str, exclude: tuple[str, ...] = ()) -> list[str]:
    page.goto(url)
    settled(page)
    return violations(page, state, exclude)


def test_knowledge_base_pages_have_no_axe_violations(live_server, page, articles):
    from kb.models import Article, Category

    article = Article.objects.published().first()
    category = Category.objects.first()
    base = live_server.url
    found = visit(page, f"{base}/", "home")
    found += visit(page, f"{base}{category.get_absolute_url()}", "category")
    found += visit(page, f"{base}{article.get_absolute_url()}", "article")
    page.get_by_role("button", name="いいえ").click()
    expect(page.locator("#vote-reason")).to_be_visible()
    found += violations(page, "article after いいえ")
    page.get_by_role("button", name="理由を送る").click()  # no reason chosen: the error summary
    expect(page.locator("#feedback .error-summary")).to_be_visible()
    found += violations(page, "vote reason with an error")
    found += visit(page, f"{base}/search/", "search, empty")
    found += visit(page, f"{base}/search/?q=共有アドレス", "search with results")
    found += visit(page, f"{base}/search/?q=ぴよぴよぷう", "search without results")
    found += visit(page, f"{base}/no-such-page/", "404")
    assert found == [], "\n".join(found)


def test_customer_and_login_pages_have_no_axe_violations(live_server, page, director):
    from wizard.services import customer_link_create

    hearing = completed_hearing(director)
    _link, token = customer_link_create(hearing=hearing, user=director, days=7, note="")
    device = hearing.mailboxes.get().devices.get(label="社長のiPhone")
    base = live_server.url
    found = visit(page, f"{base}/sheet/{token}/", "customer sheet")
    found += visit(page, f"{base}/sheet/{token}/guides/{device.pk}/", "customer guide")
    found += visit(page, f"{base}/sheet/unknown-token/", "link unavailable")
    found += visit(page, f"{base}/accounts/login/", "login")
    page.get_by_label("ユーザー名").fill("tanaka")
    page.get_by_label("パスワード").fill("wrong password")
    page.get_by_role("button", name="ログイン").click()
    expect(page.locator(".error-summary")).to_be_visible()
    found += violations(page, "login refused")
    assert found == [], "\n".join(found)


def test_staff_pages_have_no_axe_violations(live_server, page, director):
    from wizard.models import Hearing

    hearing = completed_hearing(director)
    draft = Hearing.objects.create(company="下書き商事", director=director)
    base = live_server.url
    login(page, live_server)
    found = violations(page, "hearing list")
    found += visit(page, f"{base}/wizard/?q=該当なし", "hearing list, nothing found")
    found += visit(page, f"{base}/wizard/new/", "step 1, new")
    page.get_by_role("button", name="保存して次へ").click()
    expect(page.locator(".error-summary")).to_be_focused()
    found += violations(page, "step 1 with errors")
    for step in ("addresses", "devices", "server", "review"):
        found += visit(page, f"{base}/wizard/{hearing.pk}/{step}/", f"step {step}")
    found += visit(page, f"{base}/wizard/{hearing.pk}/sheet/", "staff sheet")
    page.get_by_role("button", name="リンクとQRコードを作成").click()
    expect(page.locator("#new-link-url")).to_be_focused()
    found += violations(page, "staff sheet with a new link")
    device = hearing.mailboxes.get().devices.first()
    found += visit(page, f"{base}/wizard/{hearing.pk}/guides/{device.pk}/", "guide preview")
    found += visit(page, f"{base}/wizard/{hearing.pk}/delete/", "delete a completed hearing")
    found += visit(page, f"{base}/wizard/{draft.pk}/delete/", "delete a draft")
    found += visit(page, f"{base}/wizard/rules/", "rules changelog")
    found += visit(page, f"{base}/wizard/rules/impact/", "rules impact")
    found += visit(page, f"{base}/admin/", "admin index")
    found += visit(page, f"{base}/admin/wizard/hearing/", "admin hearing list")
    found += visit(page, f"{base}/admin/wizard/hearing/{hearing.pk}/change/", "admin hearing")
    found += visit(page, f"{base}/admin/wizard/mailbox/{hearing.mailboxes.get().pk}/change/", "admin address")
    assert found == [], "\n".join(found)


def test_the_editors_admin_pages_have_no_axe_violations(live_server, page, articles, director):
    from django.contrib.auth.models import Permission

    from kb.models import Article

    director.user_permissions.add(*Permission.objects.filter(content_type__app_label="kb"))
    article = Article.objects.published().first()
    base = live_server.url
    login(page, live_server)
    found = visit(page, f"{base}/admin/kb/article/", "article list")
    # The 関連記事 box is the admin's vendored select2 (its search field has no label and its
    # chip list holds non-list items): not ours to patch; the rest of the editor is checked.
    found += visit(
        page, f"{base}/admin/kb/article/{article.pk}/change/", "article editor", (".select2-container",)
    )
    found += visit(page, f"{base}/admin/kb/article/{article.pk}/history/", "article history")
    assert found == [], "\n".join(found)
