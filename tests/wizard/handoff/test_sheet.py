import pytest
from django.urls import reverse

from wizard.models import Device, Hearing, Mailbox
from wizard.services import hearing_complete

from ..conftest import completed


def test_sheet_shows_per_device_settings_in_the_clients_own_words(director_client, make_hearing, director):
    hearing = make_hearing(devices=(("pc", "outlook_classic"), ("pc", "apple_mail")), notes="社内だけのメモ")
    Mailbox.objects.update(people=2)  # a shared address: POP with copies kept 30 days
    hearing_complete(hearing=hearing, version=hearing.version, user=director)
    content = director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    assert "（ポート995・SSL/TLS）" in content and "（ポート465・SSL/TLS）" in content
    assert "「サーバーにメッセージのコピーを置く」をオンにします" in content
    assert "「サーバーから削除する ○ 日後」をオンにし、日数の欄に30と入力します" in content
    assert "「[削除済みアイテム] から削除されたら、サーバーから削除」はオフにします" in content
    # The Mac keeps its copies: Outlook deletes after 30 days for everyone (policy v2).
    assert "「メッセージ受信後にサーバからコピーを削除」はオフにします" in content
    assert "「1か月後」を選びます" not in content
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
    assert "ルールの版2020-01-01.1" in content and "現在のルールでは、推奨が変わります" in content


def _sheet(director_client, hearing):
    return director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()


def _device_block(content, name, index=0):
    """The settings of the index-th device whose title starts with ``name``."""
    return content.split(f"{name} <span")[1 + index].split('class="device-sheet__guide"')[0]


def test_every_verb_fits_its_control(director_client, make_hearing, director):
    hearing = make_hearing(devices=(("pc", "thunderbird"), ("smartphone", "ios_mail"), ("pc", "apple_mail")))
    Mailbox.objects.update(people=3)
    Device.objects.filter(client="thunderbird").update(label="事務所のPC")
    Device.objects.filter(client="ios_mail").update(label="社長のiPhone")
    Device.objects.filter(client="apple_mail").update(label="社長のMac")
    hearing_complete(hearing=hearing, version=hearing.version, user=director)
    content = _sheet(director_client, hearing)
    pc, phone, mac = (_device_block(content, name) for name in ("事務所のPC", "社長のiPhone", "社長のMac"))
    # Checkboxes are turned on or off; the number is typed; a list choice is picked.
    assert "「ダウンロード後もサーバーにメッセージを残す」をオンにします" in pc
    assert (
        "「ダウンロードしてから ○ 日以上経過したメッセージは削除する」をオンにし、日数の欄に30と入力します"
        in pc
    )
    assert "「ダウンロードしたメッセージを削除したらサーバーからも削除する」はオフにします" in pc
    assert "「サーバから削除」で「しない」を選びます" in phone and "をオンに" not in phone
    assert "「受信ボックスから削除したとき」は選びません" in phone
    assert "「メッセージ受信後にサーバからコピーを削除」はオフにします" in mac


def test_each_device_says_its_role_in_a_sentence(director_client, make_hearing, director):
    hearing = make_hearing(devices=(("pc", "outlook_classic"), ("smartphone", "ios_mail")))
    Mailbox.objects.update(people=2)
    Device.objects.filter(client="outlook_classic").update(label="事務所のPC")
    Device.objects.filter(client="ios_mail").update(label="田中さんのiPhone")
    hearing_complete(hearing=hearing, version=hearing.version, user=director)
    content = _sheet(director_client, hearing)
    assert "「事務所のPC」が受信してから30日たったメールを、サーバーから削除します。" in content
    assert (
        "「田中さんのiPhone」では、サーバーのメールを削除しません。削除は事務所のPCが30日後に行います。"
        in content
    )
    assert "サーバーにコピーを残し、事務所のPCが受信してから30日後にサーバーから削除します。" in content


@pytest.mark.parametrize(
    ("quota_mb", "daily_mb", "keep", "text"),
    [
        (
            1000,
            40,
            False,
            "30日分（約1,200MB）は容量1,000MBの8割（800MB）を超え、7日分（約280MB）なら収まります。7日にしました。",
        ),
        (
            5000,
            10,
            False,
            "ふだんは30日を基本にします。30日分（約300MB）は容量5,000MBの8割（4,000MB）に収まります。30日にしました。",
        ),
        (
            5000,
            10,
            True,
            "90日を基本にします。90日分（約900MB）は容量5,000MBの8割（4,000MB）に収まります。90日にしました。",
        ),
        (
            3000,
            100,
            True,
            "90日分（約9,000MB）・30日分（約3,000MB）は容量3,000MBの8割（2,400MB）を超え、7日分（約700MB）なら収まります。7日にしました。",
        ),
        (None, None, False, "容量に収まるかは確かめていません。30日にしました。"),
    ],
)
def test_the_sheet_shows_how_the_days_were_chosen_in_numbers(
    director_client, make_hearing, director, quota_mb, daily_mb, keep, text
):
    hearing = make_hearing()
    Mailbox.objects.update(people=2, quota_mb=quota_mb, daily_mb=daily_mb, keep_history=keep)
    hearing_complete(hearing=hearing, version=hearing.version, user=director)
    assert text in _sheet(director_client, hearing)


def test_no_sheet_sends_anyone_to_webmail_to_delete_old_mail(director_client, make_hearing, director):
    hearing = make_hearing(devices=(("smartphone", "gmail_android"), ("smartphone", "thunderbird_android")))
    Mailbox.objects.update(people=2)
    hearing_complete(hearing=hearing, version=hearing.version, user=director)
    content = _sheet(director_client, hearing)
    assert "サーバーのメールを削除する端末がありません" in content  # nobody_deletes, explained
    assert "Web メール" not in content and "Webメール" not in content and "ウェブメール" not in content


def test_unverified_labels_say_so_to_staff_with_the_date_and_neutrally_to_customers(
    client, director_client, make_hearing, director, link_token
):
    hearing = make_hearing(devices=(("pc", "outlook_classic"), ("pc", "thunderbird")))
    Mailbox.objects.update(people=2)
    hearing = hearing_complete(hearing=hearing, version=hearing.version, user=director)
    staff = _sheet(director_client, hearing)
    customer = client.get(reverse("customer:sheet", args=[link_token(hearing)])).content.decode()
    assert (
        "未確認：項目名をOutlook（クラシック版）Microsoft 365の画面で確かめられていません（確認日：2026年12月6日）"
        in staff
    )
    assert "未確認" not in customer and "項目名を" not in customer
    assert "表示名はバージョンによって異なる場合があります" in customer
    # Thunderbird's words are verified: no such note for it.
    assert "表示名について" not in _device_block(customer, "PC", 1)


def test_an_ending_way_of_reading_mail_shows_its_end_date_and_replacement(
    director_client, make_hearing, director
):
    hearing = make_hearing(devices=(("pc", "windows_mail"),))
    hearing = hearing_complete(hearing=hearing, version=hearing.version, user=director)
    content = _sheet(director_client, hearing)
    assert "2024年12月31日で送受信ができなくなりました" in content
    assert "移行先：Outlook（クラシック版）、Thunderbird、または新しいOutlook for Windows" in content
    assert "新しく使うメールソフトを担当ディレクターにお知らせください。設定シートを作り直します。" in content
    assert 'data-code="client_ending"' in content


def test_a_client_removed_from_the_catalogue_shows_as_unknown_without_an_error(
    client, director_client, make_hearing, director, link_token
):
    hearing = make_hearing(devices=(("pc", "thunderbird"), ("pc", "outlook_classic")))
    Mailbox.objects.update(people=2)
    hearing = hearing_complete(hearing=hearing, version=hearing.version, user=director)
    issue = hearing.latest_issue()
    issue.data["mailboxes"][0]["devices"][1]["client"] = "windows_live_mail"  # gone from the catalogue
    issue.save()
    Device.objects.filter(client="outlook_classic").update(client="windows_live_mail")
    for response in (
        director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})),
        client.get(reverse("customer:sheet", args=[link_token(hearing)])),
        director_client.get(reverse("wizard:hearing_export")),
        director_client.get(reverse("wizard:rules_impact")),
    ):
        assert response.status_code == 200
    content = _sheet(director_client, hearing)
    assert "不明なメールソフト" in content and "現在の一覧にありません" in content


def _guide_cost(client, hearing, link_token, monkeypatch):
    """Queries and device parts built to show the first device's customer guide."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from wizard.handoff import sheet as sheet_module

    built = []
    original = sheet_module._device_sheet
    monkeypatch.setattr(sheet_module, "_device_sheet", lambda *a, **k: built.append(1) or original(*a, **k))
    token = link_token(hearing)
    device = hearing.mailboxes.first().devices.first()
    url = reverse("customer:guide", kwargs={"token": token, "device_id": device.pk})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(built)


def test_one_devices_guide_in_a_30_by_30_hearing_costs_what_it_costs_in_a_1_by_1(
    client, make_hearing, director, link_token, monkeypatch
):
    from wizard.services import hearing_complete

    small = make_hearing()
    small = hearing_complete(hearing=small, version=small.version, user=director)
    big = make_hearing(mailboxes=30, devices=(("pc", "thunderbird"),) * 30)
    big = hearing_complete(hearing=big, version=big.version, user=director)

    small_cost = _guide_cost(client, small, link_token, monkeypatch)
    big_cost = _guide_cost(client, big, link_token, monkeypatch)

    assert big_cost == small_cost and small_cost[1] == 1  # the same queries; one device built


def test_a_mac_that_sets_the_days_is_named_and_the_rules_days_are_not_given_as_the_outcome(
    director_client, make_hearing, director
):
    hearing = make_hearing(devices=(("pc", "apple_mail"), ("tablet", "ios_mail")))
    Mailbox.objects.update(people=2, keep_history=True)  # the rule keeps 90 days; the Mac can do a month
    hearing_complete(hearing=hearing, version=hearing.version, user=director)
    content = _sheet(director_client, hearing)
    assert (
        "サーバーにコピーを残し、PC（Macの「メール」）が受信してから30日後にサーバーから削除します。"
        in content
    )
    assert (
        "「1日後」・「1週間後」・「1か月後」だけのため、その中で最も長い「1か月後」（30日）で削除します。"
        in content
    )
    assert "90日にしました" not in content and "90日後" not in content
