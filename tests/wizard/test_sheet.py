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
    assert "「サーバーから削除する 30 日後」をオンにする" in content
    assert "「1か月後」を選ぶ" in content
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


def test_the_customer_link_of_a_reopened_hearing_shows_no_sheet(client, make_hearing, director, link_token):
    hearing = completed(make_hearing, director)
    token = link_token(hearing)
    Hearing.objects.filter(pk=hearing.pk).update(status=Hearing.Status.DRAFT)
    response = client.get(reverse("customer:sheet", args=[token]))
    assert response.status_code == 404
    assert "設定シートを更新しています" in response.content.decode()


def test_sheet_says_when_current_rules_would_advise_differently(director_client, make_hearing, director):
    hearing = completed(make_hearing, director)
    Mailbox.objects.update(
        rec_protocol="imap",
        rec_delete_after_days=None,
        rec_leave_on_server=None,
        rules_version="2020-01-01.1",
    )
    content = director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    assert "ルールの版 2020-01-01.1" in content and "現在のルールでは、推奨が変わります" in content
