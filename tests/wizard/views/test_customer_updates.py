"""After a re-issue the customer reads, at the top of the sheet and of each
changed device's guide, what changed in sentences, with the guide steps to
follow again."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from wizard.models import Device, Mailbox
from wizard.services import hearing_complete, hearing_reissue

# Every test here runs with the starter articles in place: loaded once for the module.
pytestmark = pytest.mark.usefixtures("starter_articles_committed")

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def reissued(make_hearing, director, link_token, starter_articles_loaded):
    """info@ shared by three on an Outlook PC and an iPhone, issued on 2026-11-27
    under policy v1 (the iPhone deleted after 7 days), re-issued on 2026-12-06
    under today's rules (the iPhone keeps; the PC deletes after 30 days)."""
    hearing = make_hearing(
        devices=(("pc", "outlook_classic"), ("smartphone", "ios_mail")), company="株式会社更新"
    )
    Mailbox.objects.update(address="info@koushin.example", people=3)
    Device.objects.filter(client="outlook_classic").update(label="事務所のPC")
    Device.objects.filter(client="ios_mail").update(label="社長のiPhone")
    hearing = hearing_complete(hearing=hearing, version=hearing.version, user=director)
    first = hearing.latest_issue()
    first.rules_version = "2026-11-27.1"
    first.issued_at = datetime(2026, 11, 27, 15, 0, tzinfo=TOKYO)
    first.data["mailboxes"][0]["advice"]["devices"][1] = {"role": "deletes", "delete_after_days": 7}
    first.save()
    second = hearing_reissue(hearing=hearing, issue_id=first.pk, user=director)
    second.issued_at = datetime(2026, 12, 6, 10, 0, tzinfo=TOKYO)
    second.save()
    return hearing, link_token(hearing)


def section(html: str) -> str:
    return html.split('class="sheet-update"')[1].split("</section>")[0]


def test_the_customer_sheet_says_at_the_top_what_changed_in_words(client, reissued):
    hearing, token = reissued
    html = client.get(reverse("customer:sheet", args=[token])).content.decode()
    assert html.index('class="sheet-update"') < html.index("<h1>")
    update = section(html)
    assert "設定内容が更新されました（12月6日）" in update
    assert "2026年11月27日にお渡しした設定から、次の端末の設定が変わりました。" in update
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", update))
    assert (
        "社長のiPhone（info@koushin.example）：サーバーのコピーを削除しない設定に変わりました（前回：7日後に削除）"
        in text
    )
    assert update.count("<li>") == 1  # the PC deletes after 30 days as before: nothing to change there
    assert "POP: " not in update and "→" not in update


def test_the_change_links_to_the_steps_that_set_it_again(client, reissued):
    hearing, token = reissued
    iphone = Device.objects.get(client="ios_mail")
    sheet = client.get(reverse("customer:sheet", args=[token])).content.decode()
    first, last = map(int, re.search(r"この端末の手順(\d+)〜(\d+)を開く", section(sheet)).groups())
    guide_url = reverse("customer:guide", kwargs={"token": token, "device_id": iphone.pk})
    assert f'href="{guide_url}#step-{first}"' in section(sheet)
    guide = client.get(guide_url).content.decode()
    steps = dict(re.findall(r'<li id="step-(\d+)" class="step">(.*?)</li>', guide, re.DOTALL))
    assert (
        "「設定」→「アプリ」→「メール」→「メールアカウント」で、このアカウントをタップします。"
        in steps[str(first)]
    )
    assert 'data-slot="delete_after">「サーバから削除」で「しない」を選びます<' in steps[str(last)]
    # The guide of the changed device says it too, at its top.
    assert "サーバーのコピーを削除しない設定に変わりました（前回：7日後に削除）" in section(guide)


def test_an_unchanged_devices_guide_and_a_first_issue_say_nothing_of_updates(
    client, reissued, complete, link_token
):
    hearing, token = reissued
    pc = Device.objects.get(client="outlook_classic")
    guide = client.get(
        reverse("customer:guide", kwargs={"token": token, "device_id": pc.pk})
    ).content.decode()
    assert "設定内容が更新されました" not in guide
    fresh = complete()
    assert (
        "設定内容が更新されました"
        not in client.get(reverse("customer:sheet", args=[link_token(fresh)])).content.decode()
    )
