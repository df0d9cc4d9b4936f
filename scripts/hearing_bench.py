#!/usr/bin/env python
"""make hearing-bench: how much input a realistic hearing takes.

Starts a throw-away site (gunicorn on 127.0.0.1, SQLite in a temp dir) and a
real DNS server on 127.0.0.1 (tests/wizard/dnsfixture.py) that says
nagoya-seiki.co.jp is hosted at Xserver on sv1234.xserver.jp. Playwright
with Debian's Chromium then fills this hearing from the hearing list to the
settings sheet, once with the mouse and once with the keyboard only:

- 株式会社なごや精機 (nagoya-seiki.co.jp, Xserver, sv1234.xserver.jp), 6 people;
- info@: 3 people on Outlook (クラシック版) PCs and 1 iPhone;
- shacho@: the president on a Mac (Apple メール), an iPhone and an iPad;
- eigyo@: one Thunderbird PC, quota 1 GB (1024 MB), 40 MB a day.

Counted: clicks (a list choice with the mouse is two: open, pick), keys
(Tab, Enter, arrows: what moves the focus or picks), typed characters, and
requests to the site (pages and htmx requests; static files not counted),
and the wall time. The last two lines are the results, in a fixed format.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from benchlib import ROOT, gunicorn, manage, production_env, workdir

sys.path.insert(0, str(ROOT))
from tests.wizard.dnsfixture import local_dns_server  # noqa: E402

PASSWORD = "hearing-bench-password-1"
TAB_LIMIT = 200


class Run:
    """One walk through the hearing, counting what the director does."""

    def __init__(self, page, base: str, *, keyboard: bool):
        self.page, self.base, self.keyboard = page, base, keyboard
        self.clicks = self.keys = self.typed = self.requests = 0
        page.on("request", self._request)

    def _request(self, request):
        if (
            request.url.startswith(self.base)
            and "/static/" not in request.url
            and "favicon" not in request.url
        ):
            self.requests += 1

    # The two ways of reaching a control -------------------------------------------------

    def focus(self, locator):
        """Mouse: a click. Keyboard: Tab until the control has the focus."""
        if not self.keyboard:
            locator.click()
            self.clicks += 1
            return
        handle = locator.element_handle()
        for _ in range(TAB_LIMIT):
            if self.page.evaluate("(el) => document.activeElement === el", handle):
                return
            self.press("Tab")
        raise RuntimeError(f"could not reach {locator} with Tab")

    def press(self, key: str):
        self.page.keyboard.press(key)
        self.keys += 1

    def type(self, locator, text: str):
        self.focus(locator)
        if self.keyboard:
            self.page.keyboard.press("Control+a")  # replace what is there, as a typist would
            self.keys += 1
        self.page.keyboard.type(text)
        self.typed += len(text)

    def button(self, locator):
        self.focus(locator)
        if self.keyboard:
            self.press("Enter")

    def choose(self, select, value: str):
        """Mouse: open and pick (two clicks). Keyboard: arrows to the option, then Tab away."""
        if not self.keyboard:
            select.select_option(value)
            self.clicks += 2
            return
        self.focus(select)
        values = select.evaluate("(s) => Array.from(s.options).map((o) => o.value)")
        steps = values.index(value) - select.evaluate("(s) => s.selectedIndex")
        for _ in range(abs(steps)):
            self.press("ArrowDown" if steps > 0 else "ArrowUp")
        self.press("Tab")  # leaving the list is what applies a keyboard choice (static/js/wizard.js)

    def settled(self):
        self.page.wait_for_load_state()
        self.page.wait_for_function(
            "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
        )

    # The hearing --------------------------------------------------------------------------

    def walk(self):
        page = self.page
        self.button(page.get_by_role("link", name="新しいヒアリングを始める"))
        self.settled()
        self.type(page.get_by_label("会社名"), "株式会社なごや精機")
        self.type(page.get_by_label("ご担当者名"), "山本 健一")
        self.button(page.get_by_role("button", name="保存して次へ"))
        page.wait_for_url("**/addresses/")
        self.settled()
        addresses = page.get_by_label("メールアドレス")
        self.type(addresses.nth(0), "info@nagoya-seiki.co.jp")
        self.type(page.get_by_label("読む人数").nth(0), "3")
        self.type(addresses.nth(1), "shacho")
        self.type(addresses.nth(2), "eigyo")
        self.button(page.get_by_role("button", name="保存して次へ"))
        page.wait_for_url("**/devices/")
        self.settled()
        groups = page.locator(".mailbox-group")
        self.device(groups.nth(0), 0, "pc/outlook_classic", quantity="3")
        self.device(groups.nth(0), 1, "smartphone/ios_mail")
        self.device(groups.nth(1), 0, "pc/apple_mail")
        self.device(groups.nth(1), 1, "smartphone/ios_mail")
        self.button(groups.nth(1).get_by_role("button", name="端末を追加"))
        self.settled()
        self.device(page.locator(".mailbox-group").nth(1), 2, "tablet/ios_mail")
        self.device(page.locator(".mailbox-group").nth(2), 0, "pc/thunderbird")
        self.button(page.get_by_role("button", name="保存して次へ"))
        page.wait_for_url("**/server/")
        use = page.get_by_role("button", name="この内容を使う")
        use.wait_for(timeout=10_000)  # the suggestion arrives by itself (DNS, at most 3 s)
        self.button(use)
        self.settled()
        eigyo = page.locator(".address-block").nth(2)
        self.type(eigyo.get_by_label("サーバー容量 (MB)"), "1024")
        self.type(eigyo.get_by_label("1日に届くメールの量 (MB)"), "40")
        self.button(page.get_by_role("button", name="保存して次へ"))
        page.wait_for_url("**/review/")
        self.settled()
        self.button(page.get_by_role("button", name="完了して設定シートを作る"))
        page.wait_for_url("**/sheet/")
        assert "株式会社なごや精機様 メール設定シート" in page.locator("h1").inner_text()
        assert page.locator(".device-sheet").count() == 6, "every device row on the sheet"

    def device(self, group, index: int, client: str, *, quantity: str = ""):
        rows = group.locator(".device-row")
        row = rows.nth(index)
        self.choose(row.get_by_label("メールソフト"), client)
        if quantity:
            self.type(row.get_by_label("台数"), quantity)
        self.settled()


def main() -> int:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("hearing-bench needs Debian's chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    results = {}
    with workdir() as tmp, local_dns_server() as dns:
        env = production_env(tmp)
        env.update(
            {"DJANGO_DEBUG": "1", "MAILNAVI_DNS_SERVER": dns, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}
        )
        print("Preparing a throw-away database…", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "load_presets")
        manage(env, "shell", "-c", _make_director())
        with (
            gunicorn(env, workers=2, threads=2, log=Path(tmp) / "gunicorn.log") as base,
            sync_playwright() as p,
        ):
            base = base.replace("127.0.0.1", "localhost")
            browser = p.chromium.launch(
                executable_path=chromium,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                ],
            )
            for mode in ("mouse", "keyboard"):
                context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                page.get_by_label("ユーザー名").fill(f"bench-{mode}")
                page.get_by_label("パスワード").fill(PASSWORD)
                page.get_by_role("button", name="ログイン").click()
                page.wait_for_url("**/wizard/")
                run = Run(page, base, keyboard=mode == "keyboard")
                started = time.monotonic()
                run.walk()
                results[mode] = (run, time.monotonic() - started)
                context.close()
            browser.close()
    print(
        "Scenario: 株式会社なごや精機, info@ (3 Outlook PCs + iPhone), shacho@ (Mac, iPhone, iPad), eigyo@ (Thunderbird)."
    )
    print("Targets: at most 30 clicks and 150 typed characters; keyboard-only possible.")
    for mode in ("mouse", "keyboard"):
        run, seconds = results[mode]
        print(
            f"hearing-bench {mode}: clicks {run.clicks}, keys {run.keys}, typed {run.typed}, "
            f"requests {run.requests}, seconds {seconds:.1f}"
        )
    return 0


def _make_director() -> str:
    return (
        "from django.contrib.auth import get_user_model; from wizard.roles import ensure_director_group;"
        "User = get_user_model(); group = ensure_director_group();"
        f"[User.objects.create_user(username=name, password='{PASSWORD}', is_staff=True).groups.add(group)"
        " for name in ('bench-mouse', 'bench-keyboard')]"
    )


if __name__ == "__main__":
    sys.exit(main())
