from django.urls import reverse

from wizard.models import Hearing, Mailbox
from wizard.services import hearing_complete

from .conftest import completed


def test_sheet_shows_per_device_settings_in_the_clients_own_words(director_client, make_hearing, director):
    hearing = make_hearing(devices=(("pc", "outlook_classic"), ("pc", "apple_mail")), notes="社内だけのメモ")
    Mailbox.objects.update(people=2)  # a shared address: POP with copies kept 30 days
    hearing_complete(hearing=hearing, version=hearing.version, user=director)
    content = director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    assert "ポート 995 / SSL/TLS" in content and "ポート 465 / SSL/TLS" in content
    assert "「サーバーにメッセージのコピーを置く」をオンにする" in content
    assert "「サーバーから削除する 30 日後」をオンにし、日数に 30 と入力する" in content
    assert "「[削除済みアイテム] から削除されたら、サーバーから削除」をオフにする" in content
    # The Mac keeps its copies: Outlook deletes after 30 days for everyone (policy v2).
    assert "「メッセージ受信後にサーバーからコピーを削除」をオフにする" in content
    assert "「1か月後」を選ぶ" not in content
    assert 'href="http://testserver/articles/guide-outlook-classic/"' in content
    assert "社内だけのメモ" not in content


def test_a_customer_link_works_without_login_and_hides_staff_parts(
    client, make_hearing, director, link_token
):
    hearing = completed(make_hearing, director, notes="社内メモ")
    response = client.get(reverse("customer:sheet", args=[link_token(hearing)]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "メール設定シート" in content and "user0@example.com" in content
    assert "社内メモ" not in content and "お客さま用リンク" not in content
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(reverse("customer:sheet", args=["guessed-token"])).status_code == 404


def test_the_customer_link_of_a_reopened_hearing_keeps_showing_the_last_issued_sheet(
    client, director_client, make_hearing, director, link_token
):
    hearing = completed(make_hearing, director, company="旧社名")
    token = link_token(hearing)
    Mailbox.objects.update(address="changed@example.com")
    Hearing.objects.filter(pk=hearing.pk).update(status=Hearing.Status.DRAFT, company="新社名")
    response = client.get(reverse("customer:sheet", args=[token]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "旧社名" in content and "user0@example.com" in content
    assert "新社名" not in content and "changed@example.com" not in content


def test_sheet_says_when_current_rules_would_advise_differently(director_client, make_hearing, director):
    hearing = completed(make_hearing, director)
    issue = hearing.latest_issue()
    issue.data["mailboxes"][0]["advice"].update(protocol="imap", delete_after_days=None, leave_on_server=None)
    issue.data["mailboxes"][0]["advice"]["devices"] = [{"role": "imap", "delete_after_days": None}]
    issue.rules_version = "2020-01-01.1"
    issue.save()
    content = director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    assert "ルールの版 2020-01-01.1" in content and "現在のルールでは、推奨が変わります" in content
