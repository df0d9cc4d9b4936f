"""Live search with a Japanese input method, and its history entries (Chromium).

An input method is simulated through Chromium's DevTools protocol: each
``Input.imeSetComposition`` is an intermediate state of the composition (the
browser fires compositionstart/compositionupdate and input events with
isComposing), ``Input.insertText`` commits it (compositionend).
"""

import re

from playwright.sync_api import expect

KEYSTROKE_MS = 350  # a person typing romaji: slower than the live search's pause
CONVERTING_MS = 800  # looking at the conversion candidates


def search_requests(page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url) if "/search/?" in request.url else None)
    return requests


def compose(page, cdp, states: list[str], committed: str) -> None:
    """Each intermediate state, a pause on the last (the conversion), then the commit."""
    for number, state in enumerate(states, 1):
        cdp.send(
            "Input.imeSetComposition",
            {"text": state, "selectionStart": len(state), "selectionEnd": len(state)},
        )
        page.wait_for_timeout(CONVERTING_MS if number == len(states) else KEYSTROKE_MS)
    cdp.send("Input.insertText", {"text": committed})


def test_typing_with_an_input_method_sends_at_most_two_searches_and_leaves_one_history_entry(
    live_server, page, articles, console_errors
):
    page.goto(f"{live_server.url}/search/")
    entries = page.evaluate("history.length")
    requests = search_requests(page)
    page.get_by_label("記事を検索").focus()
    cdp = page.context.new_cdp_session(page)
    compose(page, cdp, ["y", "よ", "よう", "ようr", "ようりょ", "ようりょう", "容量"], "容量")
    page.wait_for_timeout(KEYSTROKE_MS)
    page.keyboard.insert_text(" ")
    page.wait_for_timeout(KEYSTROKE_MS)
    compose(page, cdp, ["い", "いっ", "いっp", "いっぱ", "いっぱい"], "いっぱい")
    results = page.locator("#kb-results")
    expect(results.locator("h2")).to_contain_text("「容量 いっぱい」の検索結果")
    expect(results.locator(".result__title").first).to_contain_text("メールボックスの容量")
    page.wait_for_timeout(1000)  # anything still waiting would have been sent by now
    assert len(requests) <= 2, requests
    assert page.evaluate("history.length") - entries <= 1
    expect(page).to_have_url(re.compile(r"q=%E5%AE%B9%E9%87%8F(\+|%20)%E3%81%84"))
    assert console_errors == []


def test_no_search_is_sent_while_the_input_method_is_composing(live_server, page, articles):
    page.goto(f"{live_server.url}/search/")
    requests = search_requests(page)
    page.get_by_label("記事を検索").focus()
    cdp = page.context.new_cdp_session(page)
    compose(page, cdp, ["k", "く", "くr", "くら", "くらう", "くらうd", "くらうど", "クラウド"], "クラウド")
    assert requests[:-1] == []  # only the committed word was searched
    expect(page.locator("#kb-results h2")).to_contain_text("「クラウド」の検索結果")
    assert len(requests) == 1


def test_while_typing_the_address_is_replaced_and_back_leaves_the_search(live_server, page, articles):
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/search/")
    entries = page.evaluate("history.length")
    box = page.get_by_label("記事を検索")
    for text in ("po", "pop", "pop 共有"):
        box.fill(text)
        page.wait_for_timeout(600)  # each pause shows results
    expect(page.locator("#kb-results h2")).to_contain_text("「pop 共有」の検索結果")
    assert page.evaluate("history.length") == entries + 1
    page.go_back()
    expect(page).to_have_url(re.compile(r"/search/$"))


def test_enter_finishes_a_search_so_the_next_one_gets_its_own_history_entry(live_server, page, articles):
    page.goto(f"{live_server.url}/search/")
    box = page.get_by_label("記事を検索")
    box.fill("iPhone")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"q=iPhone"))
    box.fill("Thunderbird")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"q=Thunderbird"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"q=iPhone"))
    expect(page.locator("#kb-results h2")).to_contain_text("「iPhone」の検索結果")
    expect(box).to_have_value("iPhone")
