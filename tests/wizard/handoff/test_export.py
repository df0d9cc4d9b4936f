"""The hearing list's CSV, read back as a director's spreadsheet reads it
(Python's csv module): the columns a director needs in words, and no cell a
spreadsheet would run as a formula, whatever was typed."""

import csv
import io
import unicodedata

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from wizard.handoff.export import write_hearings_csv
from wizard.models import Device, Hearing, Mailbox
from wizard.services import hearing_complete

HOSTILE = ["=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "＝1+2", "＋1", "－1", "＠cmd", " =1", "\u3000＝1"]
STARTS_A_FORMULA = set("=+-@\t\r\n")


def rows(mailboxes=None) -> list[list[str]]:
    mailboxes = mailboxes or Mailbox.objects.select_related("hearing", "hearing__director").with_devices()
    out = io.StringIO()
    write_hearings_csv(out, mailboxes.order_by("hearing_id", "position"))
    text = out.getvalue()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def by_column() -> list[dict[str, str]]:
    header, *body = rows()
    return [dict(zip(header, row, strict=True)) for row in body]


def runs_as_formula(cell: str) -> bool:
    first = cell.lstrip(" \u3000")[:1]
    return cell[:1] in STARTS_A_FORMULA or unicodedata.normalize("NFKC", first)[:1] in STARTS_A_FORMULA


def hearing_with(director, *, company, people=1, devices=(("pc", "thunderbird", ""),), **mailbox):
    hearing = Hearing.objects.create(
        company=company, contact_name="山田", director=director, consulted_on="2026-12-06"
    )
    box = Mailbox.objects.create(
        hearing=hearing,
        address=mailbox.pop("address", "info@example.jp"),
        people=people,
        incoming_host=mailbox.pop("incoming_host", "mail.example.jp"),
        outgoing_host=mailbox.pop("outgoing_host", "mail.example.jp"),
        **mailbox,
    )
    for position, (kind, client, label) in enumerate(devices):
        Device.objects.create(mailbox=box, kind=kind, client=client, label=label, position=position)
    return hearing


@pytest.mark.parametrize("issued", [True, False])
def test_no_cell_of_hearings_typed_to_attack_a_spreadsheet_runs_as_a_formula(db, django_user_model, issued):
    for index, hostile in enumerate(HOSTILE):
        director = django_user_model.objects.create_user(
            username=f"@boss{index}", last_name=hostile, first_name=hostile, is_staff=True
        )
        hearing = hearing_with(
            director,
            company=hostile,
            address=f"{hostile.strip()[:1] if hostile.strip()[:1] in '=+-' else ''}user{index}@example.jp",
            devices=(("pc", "thunderbird", hostile), ("smartphone", "ios_mail", hostile)),
            incoming_host=hostile,
            imap_host=hostile,
            outgoing_host=hostile,
            username=hostile,
        )
        Hearing.objects.filter(pk=hearing.pk).update(contact_name=hostile)
        if issued:
            hearing_complete(
                hearing=Hearing.objects.get(pk=hearing.pk), version=hearing.version, user=director
            )
    header, *body = rows()
    assert len(body) == len(HOSTILE)
    for row in body:
        for column, cell in zip(header, row, strict=True):
            assert not runs_as_formula(cell), (column, cell)
    companies = [row[header.index("会社名")] for row in body]
    assert sorted(companies) == sorted("'" + hostile for hostile in HOSTILE)  # kept, behind an apostrophe


def test_an_imap_address_with_its_own_imap_host_names_the_server_of_each_protocol(director):
    hearing_with(
        director,
        company="株式会社テスト",
        devices=(("pc", "thunderbird", "受付PC"), ("smartphone", "ios_mail", "店長のiPhone")),
        incoming_host="pop.example.jp",
        imap_host="imap.example.jp",
    )
    (row,) = by_column()
    assert row["推奨方式"] == "IMAP"
    assert row["受信サーバー（POP）"] == "pop.example.jp"
    assert row["受信サーバー（IMAP）"] == "imap.example.jp"
    assert row["サーバーに残す日数"] == ""
    assert row["端末と役割"] == "受付PC（Thunderbird）：IMAP / 店長のiPhone（iPhone・iPadの「メール」）：IMAP"
    assert row["理由"] == "スマートフォンやタブレットでも読みます・複数の端末で読みます"


@pytest.mark.parametrize("username, shown", [("kir123456.taro", "kir123456.taro"), ("", "info@example.jp")])
def test_the_username_column_says_what_the_mail_program_logs_in_with(director, username, shown):
    hearing_with(director, company="株式会社テスト", username=username)
    (row,) = by_column()
    assert row["ユーザー名"] == shown


def test_each_device_has_its_role_in_words_and_the_address_its_real_days(director):
    hearing = hearing_with(
        director,
        company="株式会社テスト",
        people=3,
        devices=(("pc", "outlook_classic", "受付PC"), ("smartphone", "ios_mail", "店長のiPhone")),
        smtp_port="587",
    )
    Device.objects.filter(label="受付PC").update(quantity=2)
    hearing = hearing_complete(hearing=hearing, version=hearing.version, user=director)
    (row,) = by_column()
    assert row["端末と役割"] == (
        "受付PC（Outlook（クラシック版））×2台：30日後にサーバーから削除 / "
        "店長のiPhone（iPhone・iPadの「メール」）：サーバーから削除しない"
    )
    assert (row["推奨方式"], row["サーバーに残す日数"]) == ("POP", "30")
    assert row["理由"] == "複数の人で使うアドレスです"
    assert row["注意"] == "共有アドレスをスマートフォンでも読みます・容量が足りるか確かめられていません"
    assert row["送信ポート・暗号化"] == "587（STARTTLS）"
    issued = date_format(timezone.localtime(hearing.latest_issue().issued_at), "Y年n月j日")
    assert row["設定シート"] == f"{issued}発行"


def test_an_address_no_device_deletes_from_says_so_instead_of_a_number(director):
    devices = (("smartphone", "thunderbird_android", "Aさん"), ("smartphone", "thunderbird_android", "Bさん"))
    hearing_with(director, company="株式会社テスト", people=2, devices=devices)
    (row,) = by_column()
    assert (row["推奨方式"], row["サーバーに残す日数"]) == ("POP", "削除しない")
    assert "サーバーのメールを削除する端末がありません" in row["注意"].split("・")
    assert row["設定シート"] == "未発行（いまのルールで計算）"


def test_the_director_is_named_family_name_first(director):
    director.last_name, director.first_name = "田中", "一郎"
    director.save()
    hearing_with(director, company="株式会社テスト")
    (row,) = by_column()
    assert (row["担当ディレクター"], row["ヒアリング日"]) == ("田中 一郎", "2026年12月6日")
