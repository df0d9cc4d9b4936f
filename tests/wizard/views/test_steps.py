import pytest
from django.urls import reverse

from wizard.engine.recommendations import RULES_VERSION
from wizard.models import Device, Hearing, Mailbox

from ..conftest import HTMX, completed, customer_data, issued_advice, rows_data, server_data, step_url


def test_customer_step_saves_and_redirects_without_htmx(director_client, make_hearing):
    hearing = make_hearing(company="")
    response = director_client.post(
        step_url(hearing, "customer"), customer_data(hearing, **{"c-company": "新社名"})
    )
    assert response.status_code == 302
    assert response["Location"] == step_url(hearing, "addresses")
    hearing.refresh_from_db()
    assert hearing.company == "新社名" and hearing.version == 2


def test_customer_step_with_htmx_returns_the_next_fragment_and_pushes_the_url(director_client, make_hearing):
    hearing = make_hearing()
    response = director_client.post(step_url(hearing, "customer"), customer_data(hearing), **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content and '<div id="wizard-step"' in content
    assert content.startswith("<title>メールアドレスと利用人数 (2/5)")  # htmx updates the tab title
    assert "2. メールアドレスと利用人数" in content
    assert response["HX-Push-Url"] == step_url(hearing, "addresses")


def test_step_get_with_and_without_htmx(director_client, make_hearing):
    hearing = make_hearing()
    full = director_client.get(step_url(hearing, "server")).content.decode()
    fragment = director_client.get(step_url(hearing, "server"), **HTMX).content.decode()
    assert "<html" in full and 'hx-history="false"' in full
    assert "<html" not in fragment and "4. サーバーと容量" in fragment


def test_invalid_customer_input_shows_japanese_errors_and_keeps_the_rest(director_client, make_hearing):
    hearing = make_hearing()
    data = customer_data(
        hearing,
        **{
            "c-company": "",
            "c-contact_email": "not-an-address",
            "c-contact_name": "残る名前",
            "c-contact_phone": "abc",
        },
    )
    response = director_client.post(step_url(hearing, "customer"), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "「会社名」を入力してください。" in content  # the message names the field
    assert (
        "「ご担当者のメールアドレス」の形が正しくありません。「@」の前と後ろを確かめてください。" in content
    )
    assert "「電話番号」は数字とハイフンで入力してください" in content
    assert 'value="残る名前"' in content
    hearing.refresh_from_db()
    assert hearing.contact_name == "山田" and hearing.version == 1


def test_text_over_the_field_length_is_refused(director_client, make_hearing):
    hearing = make_hearing()
    response = director_client.post(
        step_url(hearing, "customer"), customer_data(hearing, **{"c-company": "あ" * 101})
    )
    assert "「会社名」は100文字以内で入力してください（いまは101文字です）。" in response.content.decode()


def test_addresses_step_accepts_full_width_digits_and_saves_rows(director_client, make_hearing):
    hearing = make_hearing(mailboxes=0)
    data = rows_data(
        "mb",
        [
            {"address": "ＩＮＦＯ＠example.com", "people": "３"},
            {"address": "sales@example.com", "people": "1"},
        ],
        version=hearing.version,
        action="next",
    )
    response = director_client.post(step_url(hearing, "addresses"), data)
    assert response.status_code == 302
    assert list(hearing.mailboxes.values_list("address", "people")) == [
        ("info@example.com", 3),
        ("sales@example.com", 1),
    ]


@pytest.mark.parametrize(
    "row, message",
    [
        ({"address": "info@", "people": "1"}, "「メールアドレス」の形が正しくありません。"),
        ({"address": "info@example.com", "people": "0"}, "人数は1人以上にしてください。"),
        ({"address": "info@example.com", "people": "-2"}, "人数は1人以上にしてください。"),
        ({"address": "info@example.com", "people": "三"}, "「読む人数」は数字で入力してください。"),
    ],
)
def test_addresses_step_rejects_bad_rows(director_client, make_hearing, row, message):
    hearing = make_hearing(mailboxes=0)
    response = director_client.post(
        step_url(hearing, "addresses"), rows_data("mb", [row], version=hearing.version, action="next")
    )
    assert message in response.content.decode()
    assert not hearing.mailboxes.exists()


def test_addresses_step_needs_at_least_one_address_and_no_duplicates(director_client, make_hearing):
    hearing = make_hearing(mailboxes=0)
    empty = director_client.post(
        step_url(hearing, "addresses"), rows_data("mb", [], version=1, action="next")
    )
    assert "メールアドレスを1つ以上追加してください。" in empty.content.decode()
    twice = rows_data(
        "mb", [{"address": "a@example.com", "people": 1}, {"address": "A@example.com", "people": 2}]
    )
    response = director_client.post(step_url(hearing, "addresses"), {**twice, "version": 1, "action": "next"})
    assert "同じメールアドレスが2回入力されています。" in response.content.decode()


def test_adding_and_removing_rows_keeps_typed_input_and_saves_nothing(director_client, make_hearing):
    hearing = make_hearing(mailboxes=0)
    rows = [{"address": "typed@example.com", "people": "2"}]
    added = director_client.post(
        step_url(hearing, "addresses"), rows_data("mb", rows, version=1, action="add"), **HTMX
    )
    content = added.content.decode()
    assert content.count('name="mb-') >= 6 and 'value="typed@example.com"' in content
    assert 'id="id_mb-1-address"' in content
    rows.append({"address": "second@example.com", "people": "1"})
    removed = director_client.post(
        step_url(hearing, "addresses"), rows_data("mb", rows, version=1, action="remove:0"), **HTMX
    )
    content = removed.content.decode()
    assert 'value="second@example.com"' in content and "typed@example.com" not in content
    assert not hearing.mailboxes.exists()


def test_removing_an_address_deletes_its_devices(director_client, make_hearing):
    hearing = make_hearing(mailboxes=2)
    keep = hearing.mailboxes.first()
    data = rows_data("mb", [{"id": keep.pk, "address": keep.address, "people": 1}], version=1, action="next")
    director_client.post(step_url(hearing, "addresses"), data)
    assert list(hearing.mailboxes.all()) == [keep]
    assert Device.objects.count() == 1


def test_devices_step_requires_a_device_for_every_address(director_client, make_hearing):
    hearing = make_hearing(devices=())
    mailbox = hearing.mailboxes.get()
    data = rows_data(f"dev{mailbox.pk}", [], version=1, action="next")
    response = director_client.post(step_url(hearing, "devices"), data)
    assert "端末を1台以上追加してください。" in response.content.decode()


def test_devices_step_refuses_a_client_that_does_not_fit_the_kind(director_client, make_hearing):
    hearing = make_hearing(devices=())
    mailbox = hearing.mailboxes.get()
    data = rows_data(f"dev{mailbox.pk}", [{"kind": "pc", "client": "ios_mail", "label": "受付PC"}])
    response = director_client.post(step_url(hearing, "devices"), {**data, "version": 1, "action": "next"})
    content = response.content.decode()
    client_field = content.split(f'name="dev{mailbox.pk}-0-client"')[1].split("</div>")[0]
    assert "メールソフトは、端末の種類に合うものを一覧から選んでください。" in client_field
    assert 'class="field-error"' in client_field
    assert not Device.objects.exists()


def test_changing_the_kind_lists_only_fitting_clients(director_client, make_hearing):
    hearing = make_hearing(devices=())
    mailbox = hearing.mailboxes.get()
    data = rows_data(f"dev{mailbox.pk}", [{"kind": "smartphone", "client": "", "label": ""}])
    content = director_client.post(
        step_url(hearing, "devices"), {**data, "version": 1, "action": "refresh"}, **HTMX
    ).content.decode()
    client_select = content.split(f'name="dev{mailbox.pk}-0-client"')[1].split("</select>")[0]
    assert "iPhone・iPadの「メール」" in client_select and 'value="thunderbird"' not in client_select


def test_devices_step_saves_rows(director_client, make_hearing):
    hearing = make_hearing(devices=())
    mailbox = hearing.mailboxes.get()
    data = rows_data(
        f"dev{mailbox.pk}",
        [
            {"kind": "pc", "client": "outlook_classic", "label": "受付PC"},
            {"kind": "smartphone", "client": "ios_mail"},
        ],
    )
    response = director_client.post(step_url(hearing, "devices"), {**data, "version": 1, "action": "next"})
    assert response["Location"] == step_url(hearing, "server")
    assert list(mailbox.devices.values_list("kind", "client", "label")) == [
        ("pc", "outlook_classic", "受付PC"),
        ("smartphone", "ios_mail", ""),
    ]


def test_server_step_normalises_full_width_numbers_and_hosts(director_client, make_hearing):
    hearing = make_hearing(hosts=False)
    mailbox = hearing.mailboxes.get()
    data = server_data(mailbox, quota_mb="２０００", daily_mb="１２．５", incoming_host="ＭＡＩＬ.Example.jp")
    response = director_client.post(step_url(hearing, "server"), data)
    assert response["Location"] == step_url(hearing, "review")
    mailbox.refresh_from_db()
    assert mailbox.quota_mb == 2000 and str(mailbox.daily_mb) == "12.50"
    assert mailbox.incoming_host == "mail.example.jp"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"incoming_host": "mail example"}, "サーバー名の形式が正しくありません"),
        ({"outgoing_host": "localhost"}, "サーバー名の形式が正しくありません"),
        ({"incoming_host": "192.168.0.1"}, "IPアドレスではなく、サーバー名を入力してください"),
        ({"incoming_host": ""}, "「受信サーバー (POP/IMAP)」を入力してください。"),
        ({"quota_mb": "0"}, "容量は1MB以上で入力してください。"),
        ({"quota_mb": "1000001"}, "容量は1,000,000MB以下で入力してください。"),
        ({"daily_mb": "-1"}, "メールの量にマイナスは入力できません。"),
        ({"daily_mb": "200000"}, "1日のメールの量は100,000MB以下で入力してください。"),
    ],
)
def test_server_step_rejects_bad_values_next_to_the_field(director_client, make_hearing, changes, message):
    hearing = make_hearing(hosts=False)
    mailbox = hearing.mailboxes.get()
    response = director_client.post(step_url(hearing, "server"), server_data(mailbox, **changes))
    assert message in response.content.decode()
    mailbox.refresh_from_db()
    assert mailbox.incoming_host == ""


def test_only_the_optional_mailbox_read_asks_for_a_password_and_never_fills_it_in(
    director_client, make_hearing
):
    hearing = make_hearing()
    for step in ("customer", "addresses", "devices", "review"):
        content = director_client.get(step_url(hearing, step)).content.decode()
        assert 'type="password"' not in content
    server = director_client.get(step_url(hearing, "server")).content.decode()
    assert server.count('type="password"') == 1
    assert (
        'name="mailbox_password" autocomplete="new-password"' in server
        and "value=" not in server.split('type="password"')[1].split(">")[0]
    )


def test_a_later_step_redirects_to_the_first_incomplete_one(director_client, make_hearing):
    hearing = make_hearing(devices=(), hosts=False)
    response = director_client.get(step_url(hearing, "review"))
    assert response["Location"] == step_url(hearing, "devices")
    htmx = director_client.get(step_url(hearing, "server"), **HTMX)
    assert htmx["HX-Redirect"] == step_url(hearing, "devices")


def test_back_with_valid_input_saves_it(director_client, make_hearing):
    hearing = make_hearing()
    mailbox = hearing.mailboxes.get()
    data = {**server_data(mailbox, quota_mb="500"), "action": "back"}
    response = director_client.post(step_url(hearing, "server"), data)
    assert response["Location"] == step_url(hearing, "devices")
    mailbox.refresh_from_db()
    assert mailbox.quota_mb == 500


def test_back_with_invalid_input_keeps_it_as_a_draft(director_client, make_hearing):
    hearing = make_hearing()
    mailbox = hearing.mailboxes.get()
    data = {**server_data(mailbox, quota_mb="-5", incoming_host="half-typed"), "action": "back"}
    response = director_client.post(step_url(hearing, "server"), data, follow=True)
    assert "一時保存しました" in response.content.decode()
    again = director_client.get(step_url(hearing, "server")).content.decode()
    assert 'value="half-typed"' in again and 'value="-5"' in again
    assert "前回「戻る」を押したときに保存できなかった入力" in again
    director_client.post(step_url(hearing, "server"), server_data(mailbox))
    hearing.refresh_from_db()
    assert "server" not in hearing.drafts


def test_stale_save_is_refused_with_what_changed_and_keeps_typed_input(
    director_client, make_hearing, django_user_model
):
    hearing = make_hearing(company="元の会社")
    stale = customer_data(hearing, **{"c-company": "私の入力"})
    other = django_user_model.objects.create_user(username="suzuki", password="x" * 16, is_staff=True)
    from wizard.services import hearing_save_customer

    hearing_save_customer(hearing=hearing, version=1, data={"company": "先に保存された会社"}, user=other)
    response = director_client.post(step_url(hearing, "customer"), stale)
    content = response.content.decode()
    assert "ほかの人が先に保存しています" in content
    assert "suzukiさん" in content and "先に保存された会社" in content
    assert 'value="私の入力"' in content
    assert 'name="version" value="2"' in content  # saving again now overwrites knowingly
    hearing.refresh_from_db()
    assert hearing.company == "先に保存された会社"
    director_client.post(step_url(hearing, "customer"), {**stale, "version": 2})
    hearing.refresh_from_db()
    assert hearing.company == "私の入力"


def test_review_shows_answers_with_edit_links_and_the_recommendation(director_client, make_hearing):
    hearing = make_hearing(devices=(("pc", "outlook_classic"), ("smartphone", "ios_mail")))
    content = director_client.get(step_url(hearing, "review")).content.decode()
    for step in ("customer", "addresses", "devices", "server"):
        assert f'href="{step_url(hearing, step)}"' in content
    assert ">IMAP</strong>" in content
    assert 'href="http://testserver/articles/choose-pop-or-imap/"' in content


def test_completing_saves_each_recommendation_with_the_rules_version(director_client, make_hearing):
    hearing = make_hearing(mailboxes=2, devices=(("pc", "outlook_classic"),))
    response = director_client.post(step_url(hearing, "review"), {"version": 1, "action": "complete"})
    assert response["Location"] == reverse("wizard:sheet", kwargs={"pk": hearing.pk})
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.COMPLETED
    assert hearing.latest_issue().rules_version == RULES_VERSION
    for mailbox in hearing.mailboxes.all():
        advice = issued_advice(hearing, mailbox)
        assert (advice.protocol, advice.delete_after_days) == ("pop", 30)
        assert advice.reasons == ("single_device",) and advice.warnings == ("quota_unknown",)


def test_htmx_complete_leaves_the_flow_with_a_client_redirect(director_client, make_hearing):
    hearing = make_hearing()
    response = director_client.post(step_url(hearing, "review"), {"version": 1, "action": "complete"}, **HTMX)
    assert response["HX-Redirect"] == reverse("wizard:sheet", kwargs={"pk": hearing.pk})


def test_editing_a_completed_hearing_reopens_it(director_client, make_hearing, director):
    hearing = completed(make_hearing, director)
    director_client.post(step_url(hearing, "customer"), customer_data(hearing))
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.DRAFT


def test_invalid_step_shows_how_many_fields_need_fixing(director_client, make_hearing):
    hearing = make_hearing()
    data = customer_data(hearing, **{"c-company": "", "c-contact_name": ""})
    content = director_client.post(step_url(hearing, "customer"), data).content.decode()
    assert "入力内容に誤りが2か所あります" in content


def test_the_devices_step_can_record_ways_of_reading_mail_that_have_ended(director_client, make_hearing):
    hearing = make_hearing(devices=())
    mailbox = hearing.mailboxes.get()
    content = director_client.get(step_url(hearing, "devices")).content.decode()
    assert "Windowsの「メール」アプリ（終了）" in content
    assert "Gmailの「他のアカウントでメールを確認」（終了）" in content
    data = rows_data(f"dev{mailbox.pk}", [{"kind": "pc", "client": "windows_mail", "label": "古いPC"}])
    director_client.post(step_url(hearing, "devices"), {**data, "version": 1, "action": "next"})
    assert Device.objects.get().client == "windows_mail"


def test_empty_rows_are_ignored_and_a_local_part_takes_the_domain_above(director_client, make_hearing):
    hearing = make_hearing(mailboxes=0)
    page = director_client.get(step_url(hearing, "addresses")).content.decode()
    assert page.count('name="mb-') >= 3 * 3  # three empty rows ready, each with id, address, people
    rows = [{"address": "info@nagoya-seiki.co.jp", "people": "3"}, {"address": "", "people": ""},
            {"address": "shacho", "people": ""}, {"address": "", "people": ""}]  # fmt: skip
    director_client.post(
        step_url(hearing, "addresses"), {**rows_data("mb", rows), "version": 1, "action": "next"}
    )
    assert list(Mailbox.objects.values_list("address", "people")) == [
        ("info@nagoya-seiki.co.jp", 3),
        ("shacho@nagoya-seiki.co.jp", 1),
    ]
