"""Every value we hand over logs in: hearings of five shapes, made through the
wizard's steps, then every path to the customer (the sheet and each device's
personal guide as a person types from them, the Apple profile, the domain's
autoconfig file as Thunderbird fills it in, the SRV records as an RFC 6186
client looks them up) logged in with over IMAP, POP and SMTP AUTH on the real
test mail server (tests/mailserver.py, tests/handover.py)."""

import pytest
from django.urls import reverse

from tests.handover import autoconfig_values, login, page, srv_values
from tests.hearing_shapes import SHAPES, build, read_handover
from tests.mailserver import IDN_ASCII, IDN_DOMAIN, user

# Every test here runs with the starter articles in place: loaded once for the module.
pytestmark = pytest.mark.usefixtures("starter_articles_committed")

SHAPE = {shape.name: shape for shape in SHAPES}


def failed_logins(server, handover) -> list[str]:
    return [
        f"{handed}: {why}"
        for handed in handover.handed
        if (why := login(server, handed, user(handover.logins[handed.address]).password))
    ]


@pytest.mark.parametrize("shape", SHAPES, ids=[shape.name for shape in SHAPES])
def test_every_value_handed_over_logs_in_on_the_real_mail_server(
    director_client, director, on_mailserver, starter_articles_loaded, shape
):
    hearing, token = build(director_client, director, shape)
    handover = read_handover(director_client, on_mailserver, hearing, token, shape)
    assert failed_logins(on_mailserver, handover) == []
    paths = {handed.path.split(":")[0] for handed in handover.handed}
    assert {"sheet", "guide", "profile"} <= paths


def test_the_staff_sheet_says_which_paths_each_address_of_a_mixed_domain_can_use(
    director_client, director, on_mailserver, starter_articles_loaded
):
    hearing, token = build(director_client, director, SHAPE["own servers and SMTP port"])
    handover = read_handover(
        director_client, on_mailserver, hearing, token, SHAPE["own servers and SMTP port"]
    )
    assert handover.fits == {
        ("info@example-test.jp", "autoconfig"): "fits",
        ("info@example-test.jp", "srv"): "fits",
        ("support@example-test.jp", "autoconfig"): "by_hand",
        ("support@example-test.jp", "srv"): "by_hand",
        ("sales@example-test.jp", "autoconfig"): "by_hand",
        ("sales@example-test.jp", "srv"): "by_hand",
    }
    staff = director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    assert "使えません。ドメインの設定と受信サーバー・送信サーバーが違うため、手で設定します。" in staff
    assert "使えません。ドメインの設定とユーザー名が違うため、手で設定します。" in staff


def test_the_presidents_imap_address_on_a_pop_first_domain_is_told_to_pick_imap(
    client, director_client, director, on_mailserver, starter_articles_loaded
):
    shape = SHAPE["POP and IMAP on one domain"]
    hearing, token = build(director_client, director, shape)
    handover = read_handover(director_client, on_mailserver, hearing, token, shape)
    assert (
        handover.fits[("shacho@example-test.jp", "autoconfig")],
        handover.fits[("shacho@example-test.jp", "srv")],
    ) == (
        "choose",
        "by_hand",
    )
    client.logout()
    sheet = page(client.get(reverse("customer:sheet", args=[token])).content.decode())
    told = [item.text() for item in sheet.all("li", data_address="shacho@example-test.jp")]
    assert told == [
        "shacho@example-test.jp：Thunderbirdの自動設定では「IMAP」を選んでください。"
        "SRVレコードとは受信方式が違うため、SRVレコードでは設定できません。"
    ]


def test_an_address_on_servers_and_a_port_of_its_own_is_not_published_beside_the_domains(
    client, director_client, director, on_mailserver, starter_articles_loaded
):
    hearing, token = build(director_client, director, SHAPE["own servers and SMTP port"])
    client.logout()
    records = client.get(reverse("customer:dns", args=[token])).content.decode()
    published = [line.split() for line in records.splitlines() if " IN SRV " in line]
    services = [fields[0] for fields in published]
    assert len(services) == len(set(services))  # one target per service
    assert [fields[-1] for fields in published if fields[-1] != "."] == ["mail.example-test.jp."] * 3
    assert (
        ";   support@example-test.jp: IMAP (1)（手で設定：受信方式・受信サーバー・送信サーバーが違います）"
        in records
    )


def test_an_account_name_login_is_written_literally_in_its_domains_file(
    client, director_client, director, on_mailserver, starter_articles_loaded
):
    hearing, token = build(director_client, director, SHAPE["account-name login"])
    client.logout()
    url = reverse("customer:autoconfig", kwargs={"token": token, "domain": "example-test.jp"})
    content = client.get(url).content
    handed = autoconfig_values(content, "sales@example-test.jp", "sales@example-test.jp", "pop")
    assert {h.username for h in handed} == {"kir123456.sales"}
    # What the file used to say is refused by the server: the address is not the login.
    wrong = [h.__class__(**{**h.__dict__, "username": "sales@example-test.jp"}) for h in handed]
    assert all(login(on_mailserver, h, user("kir123456.sales").password) for h in wrong)


def test_a_japanese_script_domain_gives_the_ascii_form_wherever_a_name_is_typed(
    client, director_client, director, on_mailserver, starter_articles_loaded
):
    hearing, token = build(director_client, director, SHAPE["Japanese-script domain"])
    client.logout()
    sheet = client.get(reverse("customer:sheet", args=[token])).content.decode()
    host, address = f"mail.{IDN_ASCII}", f"info@{IDN_ASCII}"
    assert f"<code>mail.{IDN_DOMAIN}</code>" in sheet
    assert sheet.count(f"入力するときは<code>{host}</code>") == 2  # incoming and outgoing
    assert f"入力するときは<code>{address}</code>" in sheet  # the username
    assert f"メールアドレスを入力するときは<code>{address}</code>" in sheet
    director_client.force_login(director)  # the staff sheet is what a director prints
    printed = director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    assert (
        printed.count(f'<span class="typed-form">入力するときは<code>{host}</code></span>') == 2
    )  # on paper too
    device = hearing.latest_issue().read().addresses[0].devices[1]  # Becky!
    guide = client.get(
        reverse("customer:guide", kwargs={"token": token, "device_id": device.id})
    ).content.decode()
    assert f"mail.{IDN_DOMAIN}（入力するときは{host}）" in guide
    assert f"info@{IDN_DOMAIN}（入力するときは{address}）" in guide
    records = client.get(reverse("customer:dns", args=[token])).content.decode()
    handed = srv_values(records, on_mailserver, IDN_ASCII, f"info@{IDN_DOMAIN}", address)
    assert [(h.service, h.host) for h in handed] == [("pop3", host), ("smtp", host)]
