"""The mailbox read in a browser, against the real test mail server: the
director types the password once and clicks 「読み取る」; the step stays, the
progress is polled in place until every protocol's login and the measured
numbers appear, a screen reader hears that it ended, and the password field
is empty again."""

from playwright.sync_api import expect

from tests.hearing_shapes import shared_pop_hearing
from tests.mailserver import user

from .test_wizard_browser import login

INFO = user("info@example-test.jp")


def test_a_director_reads_a_mailbox_on_the_server_step_and_sees_each_login_and_the_numbers(
    live_server, page, director, on_mailserver, console_errors
):
    hearing, mailbox = shared_pop_hearing(director)

    login(page, live_server, f"/wizard/{hearing.pk}/server/")
    block = page.locator(f"#mailbox-read-{mailbox.pk}")
    block.get_by_text("メールボックスを読み取って、容量と受信量を実測する（任意）").click()
    block.get_by_label(f"{INFO.address}のパスワード").fill(INFO.password)
    block.get_by_role("button", name="読み取る").click()

    block = page.locator(f"#mailbox-read-{mailbox.pk}")
    expect(block.locator(".server-check__item--ok")).to_have_count(3, timeout=20_000)
    expect(page.locator("#wizard-step h2")).to_have_text(
        "4. サーバーと容量"
    )  # polled in place, the step stays
    expect(block.locator(".mailbox-read__measured")).to_contain_text("実測（")
    expect(block.locator(".mailbox-read__measured")).to_contain_text("メール13通")
    expect(page.locator("#status-region")).to_have_text("確認が終わりました。")
    expect(block.get_by_label(f"{INFO.address}のパスワード")).to_have_value("")
    assert page.url.endswith(f"/wizard/{hearing.pk}/server/")
    assert console_errors == []
