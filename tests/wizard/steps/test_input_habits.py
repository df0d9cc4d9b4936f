"""What directors type is taken as they mean it: sizes with units and
separators (「1.5GB」「1,024」「１０２４」), phone numbers with an extension,
brackets kept as typed, 全角 digits and letters made half-width."""

from decimal import Decimal

import pytest

from wizard.models import Device, Hearing, Mailbox

from ..conftest import customer_data, rows_data, server_data, step_url


@pytest.mark.parametrize(
    "typed, stored",
    [("1GB", 1024), ("1.5GB", 1536), ("40MB", 40), ("1,024", 1024), ("１０２４", 1024), ("２ ＧＢ", 2048)],
)
def test_the_quota_is_stored_in_mb_however_it_is_typed(director_client, make_hearing, typed, stored):
    hearing = make_hearing()
    mailbox = hearing.mailboxes.get()
    response = director_client.post(step_url(hearing, "server"), server_data(mailbox, quota_mb=typed))
    assert response.status_code == 302
    mailbox.refresh_from_db()
    assert mailbox.quota_mb == stored


@pytest.mark.parametrize(
    "typed, stored", [("40MB", "40.00"), ("0.5", "0.50"), ("０．５", "0.50"), ("500KB", "0.49")]
)
def test_the_daily_volume_is_stored_in_mb_however_it_is_typed(director_client, make_hearing, typed, stored):
    hearing = make_hearing()
    mailbox = hearing.mailboxes.get()
    response = director_client.post(step_url(hearing, "server"), server_data(mailbox, daily_mb=typed))
    assert response.status_code == 302
    mailbox.refresh_from_db()
    assert mailbox.daily_mb == Decimal(stored)


def test_a_quota_that_is_not_a_size_names_the_field_and_shows_what_is_accepted(director_client, make_hearing):
    hearing = make_hearing()
    mailbox = hearing.mailboxes.get()
    content = director_client.post(
        step_url(hearing, "server"), server_data(mailbox, quota_mb="たくさん")
    ).content.decode()
    assert "「サーバー容量 (MB)」は数字で入力してください（例：「2048」「2,048MB」「1.5GB」）。" in content
    mailbox.refresh_from_db()
    assert mailbox.quota_mb is None


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("052-000-0000 内線12", "052-000-0000 内線12"),
        ("０５２－０００－００００　内線１２", "052-000-0000 内線12"),
        ("03-1234-5678 ext. 5", "03-1234-5678 ext. 5"),
        ("(03) 1234-5678", "(03) 1234-5678"),
    ],
)
def test_a_phone_number_with_an_extension_is_accepted_and_kept(director_client, make_hearing, typed, stored):
    hearing = make_hearing()
    response = director_client.post(
        step_url(hearing, "customer"), customer_data(hearing, **{"c-contact_phone": typed})
    )
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.contact_phone == stored


def test_a_phone_number_with_letters_is_refused_with_examples(director_client, make_hearing):
    hearing = make_hearing()
    content = director_client.post(
        step_url(hearing, "customer"), customer_data(hearing, **{"c-contact_phone": "代表番号"})
    ).content.decode()
    assert (
        "「電話番号」は数字とハイフンで入力してください（例：「03-1234-5678」「052-000-0000 内線12」）。"
        in content
    )


def test_free_text_keeps_its_full_width_brackets_and_loses_its_full_width_letters(
    director_client, make_hearing
):
    hearing = make_hearing()
    data = customer_data(hearing, **{"c-company": "ＡＢＣ商事（本社）", "c-contact_name": "ﾔﾏﾀﾞ　花子"})
    assert director_client.post(step_url(hearing, "customer"), data).status_code == 302
    hearing.refresh_from_db()
    assert hearing.company == "ABC商事（本社）"
    assert hearing.contact_name == "ヤマダ\u3000花子"


def test_a_device_name_keeps_its_brackets_and_an_address_loses_its_full_width_forms(
    director_client, make_hearing
):
    hearing = make_hearing(mailboxes=0)
    data = rows_data(
        "mb",
        [{"address": "ＩＮＦＯ＠ｅｘａｍｐｌｅ．ｃｏｍ", "people": "１"}],
        version=hearing.version,
        action="next",
    )
    assert director_client.post(step_url(hearing, "addresses"), data).status_code == 302
    mailbox = Mailbox.objects.get(hearing=hearing)
    assert mailbox.address == "info@example.com"
    hearing = Hearing.objects.get(pk=hearing.pk)
    prefix = f"dev{mailbox.pk}"
    rows = [{"kind": "pc", "client": "thunderbird", "label": "受付ＰＣ（２階）", "quantity": "１"}]
    data = rows_data(prefix, rows, version=hearing.version, action="next")
    assert director_client.post(step_url(hearing, "devices"), data).status_code == 302
    assert Device.objects.get(mailbox=mailbox).label == "受付PC（2階）"


def test_a_login_name_typed_in_full_width_becomes_half_width(director_client, make_hearing):
    hearing = make_hearing()
    mailbox = hearing.mailboxes.get()
    data = server_data(mailbox, username="ｋｉｒ１２３．ｔａｒｏ")
    assert director_client.post(step_url(hearing, "server"), data).status_code == 302
    mailbox.refresh_from_db()
    assert mailbox.username == "kir123.taro"
