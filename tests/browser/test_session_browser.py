"""The staff session's end is said two minutes ahead, can be put off, is put
off by itself while a step has unsaved input, and loses nothing when it comes."""

import re

from playwright.sync_api import expect

from .conftest import PASSWORD
from .test_wizard_browser import login


def customer_step(director):
    from wizard.models import Hearing

    return Hearing.objects.create(
        company="時間切れ商事", contact_name="担当", director=director, consulted_on="2026-11-27"
    )


def test_the_warning_comes_two_minutes_ahead_and_its_button_keeps_the_login(live_server, page, director):
    hearing = customer_step(director)
    page.clock.install()
    login(page, live_server, f"/wizard/{hearing.pk}/customer/")
    page.clock.run_for("26:50")  # the earliest end is 29 minutes on: no warning yet
    expect(page.locator("#session-timeout")).not_to_be_visible()
    page.clock.run_for("00:20")
    dialog = page.get_by_role("dialog", name="まもなくログアウトします")
    expect(dialog).to_be_visible()
    renew = dialog.get_by_role("link", name="ログインを続ける")
    expect(renew).to_be_focused()
    expect(page.locator("#status-region")).to_contain_text("あと2分ほど")
    with page.expect_response("**/session/renew/**") as renewed:
        page.keyboard.press("Enter")
    assert renewed.value.json()["renewed"] is True
    expect(dialog).not_to_be_visible()
    page.clock.run_for("20:00")  # a fresh 30 minutes from the renewal
    expect(dialog).not_to_be_visible()


def test_unsaved_input_keeps_the_login_without_asking(live_server, page, director):
    hearing = customer_step(director)
    page.clock.install()
    login(page, live_server, f"/wizard/{hearing.pk}/customer/")
    page.get_by_label("ご担当者名").fill("入力途中")
    with page.expect_response("**/session/renew/**") as renewed:
        page.clock.run_for("27:30")
    assert renewed.value.json()["renewed"] is True
    expect(page.locator("#session-timeout")).not_to_be_visible()


def test_input_typed_before_the_session_ended_is_saved_after_logging_in_again(live_server, page, director):
    from django.contrib.sessions.models import Session

    hearing = customer_step(director)
    login(page, live_server, f"/wizard/{hearing.pk}/customer/")
    page.get_by_label("会社名").fill("新しい社名")
    Session.objects.all().delete()  # the session ends while the director types
    page.get_by_role("button", name="保存して次へ").click()
    notice = page.locator("#login .message--warning")
    expect(notice).to_be_focused()
    expect(notice).to_contain_text("入力した内容は、このページが預かっています")
    page.get_by_label("ユーザー名").fill("tanaka")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page).to_have_url(re.compile(r"/addresses/$"))  # saved, on to the next step
    hearing.refresh_from_db()
    assert hearing.company == "新しい社名"
