#!/usr/bin/env python
"""make hearing-bench: how much input a realistic hearing takes.

Starts a throw-away site (gunicorn on 127.0.0.1, SQLite in a temp dir) and a
real DNS server on 127.0.0.1 (tests/wizard/dnsfixture.py). Playwright with
Debian's Chromium then fills each scenario's hearing from the hearing list to
the settings sheet, once with the mouse and once with the keyboard only.

1. 株式会社なごや精機 (nagoya-seiki.co.jp), 6 people; DNS says Xserver,
   server sv1234.xserver.jp, and the director takes the suggestion:
   - info@: 3 people on Outlook (クラシック版) PCs and 1 iPhone;
   - shacho@: the president on a Mac (Apple メール), an iPhone and an iPad;
   - eigyo@: one Thunderbird PC, quota 1 GB (1024 MB), 40 MB a day.
2. 株式会社みなと設計 (minato-sekkei.co.jp), 6 people, at XServer ビジネス on
   sv123.xbiz.ne.jp (the server name is in the contract mail). The domain's
   DNS is kept at the registrar and names no hosting firm, so detection finds
   none and the director picks the firm and types its server name:
   - info@: 3 people, on two Windows PCs with Thunderbird and a Mac (Apple メール);
   - sekkei@: 2 designers on Outlook (クラシック版) PCs and one Android phone
     (Gmail), quota 2,000 MB and 100 MB a day (drawings);
   - daihyo@: the representative on a PC with the new Outlook, an iPhone and an iPad.

Counted: clicks (a list choice with the mouse is two: open, pick; a radio is one), keys
(Tab, Enter, arrows: what moves the focus or picks), typed characters, and
requests to the site (pages and htmx requests; static files not counted),
and the wall time. The last lines are the results, in a fixed format.
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
        for _ in range(TAB_LIMIT):
            if self.focused(locator):
                return
            self.press("Tab")
        raise RuntimeError(f"could not reach {locator} with Tab")

    def focused(self, locator) -> bool:
        return self.page.evaluate("(el) => document.activeElement === el", locator.element_handle())

    def press(self, key: str):
        self.page.keyboard.press(key)
        self.keys += 1

    def type(self, locator, text: str):
        """A field the page has already put the caret in is typed into without a click."""
        if self.keyboard or not self.focused(locator):
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

    def pick(self, group, label: str):
        """Radios. Mouse: one click. Keyboard: Tab into the group, arrows to the choice, then Tab away."""
        radio = group.get_by_role("radio", name=label, exact=True)
        if not self.keyboard:
            radio.click()
            self.clicks += 1
            return
        for _ in range(TAB_LIMIT):
            if group.evaluate("(g) => g.contains(document.activeElement)"):
                break
            self.press("Tab")
        names = group.evaluate("(g) => Array.from(g.querySelectorAll('input[type=radio]')).map((r) => r.id)")
        at = names.index(self.page.evaluate("document.activeElement.id"))
        steps = names.index(radio.get_attribute("id")) - at
        for _ in range(abs(steps)):
            self.press("ArrowDown" if steps > 0 else "ArrowUp")
        self.press("Tab")  # leaving the radios is what applies a keyboard choice (static/js/wizard.js)

    def settled(self):
        self.page.wait_for_load_state()
        self.page.wait_for_function(
            "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
        )

    # What every hearing does ---------------------------------------------------------------

    def customer(self, company: str, contact: str):
        page = self.page
        self.button(page.get_by_role("link", name="新しいヒアリングを始める"))
        self.settled()
        self.type(page.get_by_label("会社名"), company)
        self.type(page.get_by_label("ご担当者名"), contact)
        self.next_step("**/addresses/")

    def addresses(self, rows: list[tuple[str, str]]):
        """Each address (or its local part: the domain follows the first) and how many read it."""
        page = self.page
        for index, (address, people) in enumerate(rows):
            self.type(page.get_by_label("メールアドレス").nth(index), address)
            if people != "1":
                self.type(page.get_by_label("読む人数").nth(index), people)
        self.next_step("**/devices/")

    def devices(self, groups: list[list[tuple[str, str]]]):
        """Each address's rows: (kind/client, quantity); a row beyond the ready ones is added."""
        page = self.page
        for number, rows in enumerate(groups):
            for index, (client, quantity) in enumerate(rows):
                group = page.locator(".mailbox-group").nth(number)
                if group.locator(".device-row").count() <= index:
                    self.button(group.get_by_role("button", name="端末を追加"))
                    self.settled()
                row = page.locator(".mailbox-group").nth(number).locator(".device-row").nth(index)
                self.choose(row.get_by_label("メールソフト"), client)
                if quantity:
                    self.type(row.get_by_label("台数"), quantity)
                self.settled()
        self.next_step("**/server/")

    def answers(self, number: int, quota: str, daily: str):
        block = self.page.locator(".address-block").nth(number)
        self.type(block.get_by_label("サーバー容量 (MB)"), quota)
        self.type(block.get_by_label("1日に届くメールの量 (MB)"), daily)

    def finish(self, company: str, devices: int):
        page = self.page
        self.next_step("**/review/")
        self.button(page.get_by_role("button", name="完了して設定シートを作る"))
        page.wait_for_url("**/sheet/")
        assert f"{company}様 メール設定シート" in page.locator("h1").inner_text()
        assert page.locator(".device-sheet").count() == devices, "every device row on the sheet"

    def next_step(self, url: str):
        self.button(self.page.get_by_role("button", name="保存して次へ"))
        self.page.wait_for_url(url)
        self.settled()


def nagoya(run: Run):
    """Scenario 1: the firm and its server name come from DNS."""
    page = run.page
    run.customer("株式会社なごや精機", "山本 健一")
    run.addresses([("info@nagoya-seiki.co.jp", "3"), ("shacho", "1"), ("eigyo", "1")])
    run.devices([
        [("pc/outlook_classic", "3"), ("smartphone/ios_mail", "")],
        [("pc/apple_mail", ""), ("smartphone/ios_mail", ""), ("tablet/ios_mail", "")],
        [("pc/thunderbird", "")],
    ])  # fmt: skip
    use = page.get_by_role("button", name="この内容を使う")
    use.wait_for(timeout=10_000)  # the suggestion arrives by itself (DNS, at most 3 s)
    run.button(use)
    run.settled()
    run.answers(2, "1024", "40")
    run.finish("株式会社なごや精機", 6)


def minato(run: Run):
    """Scenario 2: DNS names no firm; the director picks XServer ビジネス and types its server name once."""
    page = run.page
    run.customer("株式会社みなと設計", "小林 美穂")
    run.addresses([("info@minato-sekkei.co.jp", "3"), ("sekkei", "2"), ("daihyo", "1")])
    run.devices([
        [("pc/thunderbird", "2"), ("pc/apple_mail", "")],
        [("pc/outlook_classic", "2"), ("smartphone/gmail_android", "")],
        [("pc/outlook_new", ""), ("smartphone/ios_mail", ""), ("tablet/ios_mail", "")],
    ])  # fmt: skip
    page.locator("#detect-0").get_by_text("該当するサーバー会社が見つかりません。").wait_for(
        timeout=10_000
    )  # DNS: 3 s at most
    run.pick(page.get_by_role("group", name="サーバー会社"), "XServer ビジネス")
    run.settled()
    run.type(page.get_by_label("契約のサーバー名"), "sv123.xbiz.ne.jp")
    assert page.get_by_label("送信サーバー (SMTP)").input_value() == "sv123.xbiz.ne.jp", (
        "filled from the name"
    )
    run.answers(1, "2000", "100")
    run.finish("株式会社みなと設計", 7)


# The domain of scenario 2 as its registrar's DNS serves it: no hosting firm in sight.
MINATO_ZONE = """
minato-sekkei.co.jp.       300 IN NS  dns1.registrar.example.
minato-sekkei.co.jp.       300 IN MX  10 minato-sekkei.co.jp.
minato-sekkei.co.jp.       300 IN TXT "v=spf1 a mx ~all"
"""

SCENARIOS = {
    "nagoya": ("株式会社なごや精機: Xserver found by DNS; info@ (3 Outlook PCs + iPhone), shacho@ (Mac, iPhone, "
               "iPad), eigyo@ (Thunderbird, 1 GB)", nagoya),
    "minato": ("株式会社みなと設計: no firm found by DNS, XServer ビジネス picked, its server name typed once; info@ (2 "
               "Thunderbird PCs + Mac), sekkei@ (2 Outlook PCs + Android, 2,000 MB), daihyo@ (new Outlook, iPhone, "
               "iPad)", minato),
}  # fmt: skip


def main() -> int:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("hearing-bench needs Debian's chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    results = {}
    with workdir() as tmp, local_dns_server(MINATO_ZONE) as dns:
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
            for scenario, (_about, walk) in SCENARIOS.items():
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
                    walk(run)
                    results[scenario, mode] = (run, time.monotonic() - started)
                    context.close()
            browser.close()
    print("Targets: at most 30 clicks and 150 typed characters in each scenario; keyboard-only possible.")
    for scenario, (about, _walk) in SCENARIOS.items():
        print(f"Scenario {scenario}: {about}.")
        for mode in ("mouse", "keyboard"):
            run, seconds = results[scenario, mode]
            print(
                f"hearing-bench {scenario} {mode}: clicks {run.clicks}, keys {run.keys}, typed {run.typed}, "
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
