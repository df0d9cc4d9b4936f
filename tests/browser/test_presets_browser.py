"""Issue 23, item 4 in the browser: a hosting firm whose hosts carry the
contract's server name asks for it once, beside the firm, and fills every host
from it (mouse, keyboard, no JavaScript); detection says what happened, with a
retry, and the focus and the status region follow (docs/accessibility.md)."""

import contextlib
import re

import pytest
from playwright.sync_api import expect

from tests.wizard.dnsfixture import local_dns_server, silent_dns_server

from .conftest import PASSWORD
from .test_focus_browser import press, status
from .test_wizard_browser import login, settled

NO_FIRM = "minato-sekkei.co.jp. 300 IN MX 10 minato-sekkei.co.jp."
XBIZ = 'minato-sekkei.co.jp. 300 IN TXT "v=spf1 +a:sv567.xbiz.ne.jp ~all"'


@pytest.fixture
def minato(director):
    """Two addresses of minato-sekkei.co.jp with their devices, no servers yet."""
    from wizard.models import Device, Hearing, Mailbox
    from wizard.presets import presets_load

    presets_load()
    hearing = Hearing.objects.create(
        company="株式会社みなと設計", contact_name="担当", director=director, consulted_on="2026-12-06"
    )
    for position, local in enumerate(("info", "sekkei")):
        mailbox = Mailbox.objects.create(
            hearing=hearing, address=f"{local}@minato-sekkei.co.jp", people=1, position=position
        )
        Device.objects.create(mailbox=mailbox, kind="pc", client="thunderbird", position=0)
    return hearing


@pytest.fixture
def dns(settings):
    """``dns(server, *args)``: point the site at a DNS server started for the test."""
    with contextlib.ExitStack() as stack:

        def serve(server, *args):
            settings.MAILNAVI_DNS_SERVER = stack.enter_context(server(*args))

        yield serve


def hosts(page):
    return [
        page.get_by_label(label).input_value() for label in ("受信サーバー (POP/IMAP)", "送信サーバー (SMTP)")
    ]


def test_a_firm_that_needs_the_server_name_fills_every_host_from_one_typed_name(
    live_server, page, minato, dns, console_errors
):
    dns(local_dns_server, NO_FIRM)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, f"/wizard/{minato.pk}/server/")
    expect(status(page)).to_have_text(re.compile("^該当するサーバー会社が見つかりません。"))
    settled(page)  # the result is htmx's once its swap has settled, not when it is announced
    page.get_by_role("radio", name="XServer ビジネス").click()
    server = page.get_by_label("契約のサーバー名")
    expect(server).to_be_focused()  # asked where the firm was chosen, ready to type
    firms, name_box = page.get_by_role("group", name="サーバー会社").bounding_box(), server.bounding_box()
    assert firms["y"] <= name_box["y"] < firms["y"] + firms["height"]  # beside the firms
    assert name_box["x"] >= firms["x"] + firms["width"]
    assert name_box["y"] + name_box["height"] < 900  # not below the fold
    expect(status(page)).to_have_text(
        re.compile("^「XServer ビジネス」を選びました。契約のサーバー名を入力してください。")
    )
    page.keyboard.type("sv123.xbiz.ne.jp")
    assert hosts(page) == ["sv123.xbiz.ne.jp", "sv123.xbiz.ne.jp"]
    page.get_by_role("button", name="保存して次へ").click()
    expect(page).to_have_url(re.compile(r"/review/$"))

    from wizard.models import Mailbox

    assert set(Mailbox.objects.values_list("incoming_host", "outgoing_host", "host_preset")) == {
        ("sv123.xbiz.ne.jp", "sv123.xbiz.ne.jp", "xserver_business")
    }
    assert console_errors == []


def test_from_the_keyboard_leaving_the_firms_lands_in_the_server_name_without_moving_the_page(
    live_server, page, minato, dns
):
    dns(local_dns_server, NO_FIRM)
    page.set_viewport_size({"width": 1280, "height": 900})  # the fields after the list in view
    login(page, live_server, f"/wizard/{minato.pk}/server/")
    expect(status(page)).to_have_text(re.compile("^該当するサーバー会社が見つかりません。"))
    settled(page)
    requests = []
    page.on("request", lambda request: requests.append(request) if request.method == "POST" else None)
    page.get_by_role("button", name="もう一度判定する").focus()
    page.keyboard.press("Tab")  # into the firms: the first one has the focus, none is chosen
    expect(page.get_by_role("radio", name="エックスサーバー（Xserver）")).to_be_focused()
    page.evaluate(
        "document.addEventListener('htmx:beforeRequest', () => { window.sentAt = window.scrollY; })"
    )
    page.keyboard.press("ArrowDown")  # walks to the next firm and chooses it
    expect(page.get_by_role("radio", name="XServer ビジネス")).to_be_checked()
    assert requests == []  # walking the radios asks nothing yet
    page.keyboard.press("Tab")  # leaving the firms applies the choice
    expect(page.get_by_label("契約のサーバー名")).to_be_focused()
    assert len(requests) == 1
    assert abs(page.evaluate("window.scrollY - window.sentAt")) <= 3  # the swap left the page where it was
    page.keyboard.type("ｓｖ９.xbiz.ne.jp")  # 全角でも
    assert hosts(page) == ["sv9.xbiz.ne.jp", "sv9.xbiz.ne.jp"]


def test_a_suggestion_without_the_server_name_focuses_the_name_when_used(live_server, page, minato, dns):
    dns(local_dns_server, "minato-sekkei.co.jp. 300 IN NS ns1.xbiz.ne.jp.")
    login(page, live_server, f"/wizard/{minato.pk}/server/")
    expect(status(page)).to_have_text(
        "自動判定：XServer ビジネス（契約のサーバー名はDNSからわかりませんでした）"
    )
    settled(page)
    press(page, page.get_by_role("button", name="この内容を使う"))
    expect(page.get_by_label("契約のサーバー名")).to_be_focused()
    expect(status(page)).to_have_text(re.compile("^「XServer ビジネス」を選びました。"))


def test_detection_that_could_not_reach_dns_is_announced_and_its_retry_lands_on_the_answer(
    live_server, page, minato, dns, settings
):
    settings.MAILNAVI_DNS_TIMEOUT = 0.5
    dns(silent_dns_server)
    login(page, live_server, f"/wizard/{minato.pk}/server/")
    expect(status(page)).to_have_text(re.compile("^DNSに接続できません。"))  # fetched after the page
    detect = page.locator("#detect-0")
    expect(detect.get_by_role("button", name="もう一度判定する")).to_be_visible()
    settled(page)
    dns(local_dns_server, XBIZ)
    before = press(page, detect.get_by_role("button", name="もう一度判定する"))
    expect(status(page)).to_have_text("自動判定：XServer ビジネス（sv567.xbiz.ne.jp）")
    expect(page.locator("#detect-0")).to_be_focused()
    assert abs(page.evaluate("window.scrollY") - before) <= 3
    press(page, page.get_by_role("button", name="この内容を使う"))
    expect(page.locator("#detect-0")).to_be_focused()
    assert hosts(page) == ["sv567.xbiz.ne.jp", "sv567.xbiz.ne.jp"]
    expect(page.get_by_label("契約のサーバー名")).to_have_value("sv567.xbiz.ne.jp")


def test_without_javascript_the_firm_and_its_server_name_fill_every_host(live_server, browser, minato, dns):
    dns(local_dns_server, NO_FIRM)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/wizard/{minato.pk}/server/")
    page.get_by_label("ユーザー名").fill("tanaka")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.get_by_role("radio", name="XServer ビジネス").check()
    page.get_by_role("button", name="この会社の設定を入れる").click()
    expect(page.locator("#detect-0")).to_contain_text("「XServer ビジネス」を選びました。")
    page.get_by_label("契約のサーバー名").fill("sv123.xbiz.ne.jp")
    page.get_by_role("button", name="この会社の設定を入れる").click()
    expect(page.locator("#detect-0")).to_contain_text("「XServer ビジネス」の設定を入れました。")
    assert hosts(page) == ["sv123.xbiz.ne.jp", "sv123.xbiz.ne.jp"]
    context.close()


def test_the_domain_block_has_no_axe_violations_in_its_new_states(live_server, page, minato, dns, settings):
    from .test_axe_browser import violations

    settings.MAILNAVI_DNS_TIMEOUT = 0.5
    dns(silent_dns_server)
    login(page, live_server, f"/wizard/{minato.pk}/server/")
    expect(status(page)).to_have_text(re.compile("^DNSに接続できません。"))
    found = violations(page, "server step, DNS unreachable, the firms as radios")
    page.get_by_role("radio", name="XServer ビジネス").click()
    expect(page.get_by_label("契約のサーバー名")).to_be_focused()
    page.keyboard.type("sv123.xbiz.ne.jp")
    found += violations(page, "server step, the server name asked and the hosts filled from it")
    assert found == []
