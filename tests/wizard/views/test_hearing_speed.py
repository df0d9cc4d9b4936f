"""Issue 12: a hearing without repeated typing — presets, detection, one
server block per domain, device quantities and copies, big customers, and
the small things seen on the way."""

import pytest
from django.urls import reverse

from wizard.models import Device, Hearing, Mailbox
from wizard.presets import presets_load
from wizard.services import hearing_save_customer

from ..conftest import HTMX, customer_data, rows_data, step_url
from ..dnsfixture import local_dns_server


@pytest.fixture
def presets(db):
    presets_load()


@pytest.fixture
def nagoya(make_hearing):
    """Three addresses on one domain, no servers yet."""
    hearing = make_hearing(mailboxes=3, hosts=False)
    for mailbox, local in zip(hearing.mailboxes.all(), ("info", "shacho", "eigyo"), strict=True):
        mailbox.address = f"{local}@nagoya-seiki.co.jp"
        mailbox.save()
    return hearing


def _post(client, hearing, data, **headers):
    return client.post(step_url(hearing, "server"), {"version": hearing.version, **data}, **headers)


def _address_fields(hearing, **per_address):
    data = {}
    for mailbox in hearing.mailboxes.all():
        data.update({f"srv{mailbox.pk}-quota_mb": "", f"srv{mailbox.pk}-daily_mb": ""})
        data.update({f"srv{mailbox.pk}-{k}": v for k, v in per_address.get(mailbox.address, {}).items()})
    return data


def test_addresses_of_one_domain_share_one_server_block(director_client, nagoya):
    content = director_client.get(step_url(nagoya, "server")).content.decode()
    assert content.count('class="domain-block"') == 1
    assert "nagoya-seiki.co.jpのサーバー" in content
    data = {"dom0-incoming_host": "sv1234.xserver.jp", "dom0-outgoing_host": "sv1234.xserver.jp",
            "dom0-smtp_port": "465", "action": "next", **_address_fields(nagoya)}  # fmt: skip
    response = _post(director_client, nagoya, data)
    assert response["Location"] == step_url(nagoya, "review")
    assert set(Mailbox.objects.values_list("incoming_host", "outgoing_host")) == {("sv1234.xserver.jp",) * 2}


def test_one_address_can_use_its_own_server(director_client, nagoya):
    own = {"own_server": "on", "incoming_host": "mail.other.example", "outgoing_host": "mail.other.example",
           "smtp_port": "587"}  # fmt: skip
    data = {"dom0-incoming_host": "sv1234.xserver.jp", "dom0-outgoing_host": "sv1234.xserver.jp",
            "dom0-smtp_port": "465", "action": "next",
            **_address_fields(nagoya, **{"eigyo@nagoya-seiki.co.jp": own})}  # fmt: skip
    _post(director_client, nagoya, data)
    eigyo = Mailbox.objects.get(address__startswith="eigyo")
    assert (eigyo.incoming_host, eigyo.smtp_port) == ("mail.other.example", "587")
    assert Mailbox.objects.filter(incoming_host="sv1234.xserver.jp").count() == 2
    page = director_client.get(step_url(nagoya, "server")).content.decode()
    assert page.count('<details class="own-server" open>') == 1  # shown as its own on the way back


def test_detection_suggests_xserver_and_nothing_is_saved_until_the_director_applies_it(
    director_client, nagoya, presets, settings
):
    with local_dns_server() as address:
        settings.MAILNAVI_DNS_SERVER = address
        lazy = director_client.get(reverse("wizard:detect", kwargs={"pk": nagoya.pk, "index": 0}), **HTMX)
        detected = _post(director_client, nagoya, {"action": "detect:0", **_address_fields(nagoya)}, **HTMX)
    for content in (lazy.content.decode(), detected.content.decode()):
        assert "自動判定：エックスサーバー（Xserver）" in content and "sv1234.xserver.jp" in content
        assert 'value="apply:0:xserver:sv1234.xserver.jp"' in content
    assert not Mailbox.objects.exclude(incoming_host="").exists()
    applied = _post(
        director_client,
        nagoya,
        {"action": "apply:0:xserver:sv1234.xserver.jp", **_address_fields(nagoya)},
        **HTMX,
    ).content.decode()
    assert 'name="dom0-incoming_host"' in applied and 'value="sv1234.xserver.jp"' in applied
    assert "field-error" not in applied  # an applied preset is not judged yet
    assert not Mailbox.objects.exclude(incoming_host="").exists()  # still nothing saved


def test_a_domain_no_preset_matches_says_so_and_leaves_manual_entry(
    director_client, make_hearing, presets, settings
):
    hearing = make_hearing(hosts=False)
    Mailbox.objects.update(address="info@nomatch.example")
    with local_dns_server() as address:
        settings.MAILNAVI_DNS_SERVER = address
        content = director_client.get(reverse("wizard:detect", kwargs={"pk": hearing.pk, "index": 0})).content
    assert "該当するサーバー会社が見つかりません。" in content.decode()


def test_choosing_a_preset_fills_fixed_hosts_and_port(director_client, make_hearing, presets):
    hearing = make_hearing(hosts=False)
    Mailbox.objects.update(address="info@lolipop-customer.example")
    data = {"dom0-preset": "lolipop", "action": "preset:0", **_address_fields(hearing)}
    content = _post(director_client, hearing, data, **HTMX).content.decode()
    assert 'value="pop.lolipop.jp"' in content and 'value="smtp.lolipop.jp"' in content
    assert 'value="imap.lolipop.jp"' in content


def test_kagoya_needs_the_account_name_for_every_address(director_client, make_hearing, presets):
    hearing = make_hearing(hosts=False)
    mailbox = hearing.mailboxes.get()
    data = {"dom0-preset": "kagoya", "dom0-incoming_host": "mas12.kagoya.net", "dom0-outgoing_host": "smtp.kagoya.net",
            "dom0-smtp_port": "587", "action": "next", **_address_fields(hearing)}  # fmt: skip
    refused = _post(director_client, hearing, data).content.decode()
    assert "KAGOYA では、ユーザー名にアカウント名を入力してください。" in refused
    data[f"srv{mailbox.pk}-username"] = "kir123456.info"
    _post(director_client, hearing, data)
    mailbox.refresh_from_db()
    assert (mailbox.username, mailbox.host_preset) == ("kir123456.info", "kagoya")
    assert mailbox.server_settings("pop").incoming.username == "kir123456.info"


def test_a_row_can_stand_for_several_identical_devices_and_be_copied(director_client, make_hearing):
    hearing = make_hearing(devices=())
    mailbox = hearing.mailboxes.get()
    Mailbox.objects.update(people=3)
    rows = [{"kind": "pc", "client": "outlook_classic", "label": "スタッフのPC", "quantity": "3"}]
    copied = director_client.post(
        step_url(hearing, "devices"),
        {**rows_data(f"dev{mailbox.pk}", rows), "version": 1, "action": f"copy:{mailbox.pk}:0"},
    ).content.decode()
    assert copied.count(f'name="dev{mailbox.pk}-1-client"') == 1  # the copy is a second row
    assert not Device.objects.exists()
    director_client.post(step_url(hearing, "devices"), {**rows_data(f"dev{mailbox.pk}", rows), "version": 1})
    device = Device.objects.get()
    assert (device.client, device.quantity) == ("outlook_classic", 3)
    assert len(mailbox.answers().devices) == 3  # the engine sees three PCs


def test_changing_a_kind_refreshes_only_that_rows_client_list(director_client, make_hearing):
    hearing = make_hearing(devices=())
    mailbox = hearing.mailboxes.get()
    page = director_client.get(step_url(hearing, "devices")).content.decode()
    kind = page.split(f'name="dev{mailbox.pk}-0-kind"')[1].split(">")[0]
    assert 'hx-trigger="kind-chosen"' in kind and f'hx-target="#id_dev{mailbox.pk}-0-client-field"' in kind
    assert 'hx-trigger="change"' not in kind  # arrow keys alone never reload (static/js/wizard.js)


def test_a_big_customer_with_30_addresses_and_30_devices_each_saves_every_step(director_client, make_hearing):
    hearing = make_hearing(mailboxes=30, devices=(("pc", "thunderbird"),) * 30)
    data = {"version": hearing.version, "action": "next"}
    for mailbox in hearing.mailboxes.all():
        rows = [{"id": d.pk, "kind": "pc", "client": "thunderbird", "label": f"PC{i}", "quantity": 1}
                for i, d in enumerate(mailbox.devices.all())]  # fmt: skip
        data.update(rows_data(f"dev{mailbox.pk}", rows))
    assert len(data) > 1000  # over Django's default limit of 1,000 fields
    response = director_client.post(step_url(hearing, "devices"), data)
    assert response.status_code == 302 and Device.objects.count() == 900


def test_the_breadcrumb_shows_the_company_and_a_new_hearing_says_so(director_client, make_hearing):
    assert "新しいヒアリング" in director_client.get(reverse("wizard:hearing_new")).content.decode()
    hearing = make_hearing(company="株式会社パンくず")
    crumbs = (
        director_client.get(step_url(hearing, "addresses")).content.decode().split('class="breadcrumbs"')[1]
    )
    assert "株式会社パンくず" in crumbs.split("</nav>")[0]
    fragment = director_client.get(step_url(hearing, "addresses"), **HTMX).content.decode()
    assert 'id="step-breadcrumbs" aria-label="パンくずリスト" hx-swap-oob="true"' in fragment  # swapped too


def test_the_login_page_calls_the_site_by_its_name_not_its_host(client, db):
    content = client.get(reverse("login"), HTTP_HOST="localhost").content.decode()
    assert "スタッフ用ログイン | メール設定ナビ</title>" in content


def test_a_stale_save_from_your_own_other_tab_says_so(director_client, make_hearing, director):
    hearing = make_hearing(company="元の会社")
    hearing_save_customer(hearing=hearing, version=1, data={"company": "別タブの入力"}, user=director)
    content = director_client.post(step_url(hearing, "customer"), customer_data(hearing)).content.decode()
    assert "別のタブ（またはウィンドウ）で、先に保存されています" in content
    assert "ほかの人が先に保存しています" not in content
    assert Hearing.objects.get().company == "別タブの入力"
