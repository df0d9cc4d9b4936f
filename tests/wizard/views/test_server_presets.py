"""Issue 23, item 4: a hosting firm whose hosts carry the contract's server name
asks for that name once, beside the firm, and fills every host of the domain
block from it; detection says whether DNS could not be reached, found no firm,
or found one, each with a retry. Over HTTP, with and without htmx."""

import re

import pytest
from django.urls import reverse

from wizard.models import Mailbox
from wizard.presets import presets_load

from ..conftest import HTMX, step_url
from ..dnsfixture import local_dns_server, silent_dns_server


@pytest.fixture
def presets(db):
    presets_load()


@pytest.fixture
def minato(make_hearing, presets):
    """Two addresses on one domain hosted at XServer ビジネス, no servers yet."""
    hearing = make_hearing(mailboxes=2, hosts=False)
    for mailbox, local in zip(hearing.mailboxes.all(), ("info", "sekkei"), strict=True):
        mailbox.address = f"{local}@minato-sekkei.co.jp"
        mailbox.save()
    return hearing


def _post(client, hearing, data, **headers):
    fields = {"version": hearing.version}
    for mailbox in hearing.mailboxes.all():
        fields.update({f"srv{mailbox.pk}-quota_mb": "", f"srv{mailbox.pk}-daily_mb": ""})
    return client.post(step_url(hearing, "server"), {**fields, **data}, **headers)


def _input(content, name):
    """The rendered <input> of a field, as one string."""
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', content)
    assert match, f"no input {name}"
    return match.group(0)


def _value(content, name):
    match = re.search(r'value="([^"]*)"', _input(content, name))
    return match.group(1) if match else ""


def _status(content):
    match = re.search(r'hx-swap-oob="innerHTML:#status-region"><p>(.*?)</p>', content, re.S)
    return match.group(1) if match else ""


def test_choosing_a_firm_that_needs_the_server_name_asks_for_it_beside_the_firms_and_focuses_it(
    director_client, minato
):
    content = _post(
        director_client, minato, {"dom0-preset": "xserver_business", "action": "preset:0"}, **HTMX
    ).content.decode()
    server = _input(content, "dom0-server")
    assert "data-focus" in server and 'placeholder="sv123.xbiz.ne.jp"' in server
    # beside the firms: after them and before the hosts it fills
    assert content.rindex('name="dom0-preset"') < content.index('name="dom0-server"')
    assert content.index('name="dom0-server"') < content.index('name="dom0-incoming_host"')
    assert (
        "設定完了通知メールの「メールサーバー名」。例：sv123.xbiz.ne.jp。入力すると受信サーバー・送信サーバーに入ります。"
        in content
    )
    for host in ("dom0-incoming_host", "dom0-outgoing_host"):
        assert "readonly" in _input(content, host) and _value(content, host) == ""
    assert _status(content) == "「XServer ビジネス」を選びました。契約のサーバー名を入力してください。"
    assert "field-error" not in content  # asked, not judged yet


def test_a_plain_post_of_the_firm_with_one_server_name_fills_every_host_and_saves_nothing(
    director_client, minato
):
    data = {"dom0-preset": "xserver_business", "dom0-server": "sv123.xbiz.ne.jp", "action": "preset:0"}
    response = _post(director_client, minato, data)
    content = response.content.decode()
    assert response.status_code == 200 and "<html" in content
    assert (_value(content, "dom0-incoming_host"), _value(content, "dom0-outgoing_host")) == (
        "sv123.xbiz.ne.jp",
        "sv123.xbiz.ne.jp",
    )
    assert "「XServer ビジネス」の設定を入れました。内容を確かめてから保存してください。" in content
    assert not Mailbox.objects.exclude(incoming_host="").exists()


def test_the_server_name_alone_saves_every_host_of_every_address(director_client, minato):
    data = {"dom0-preset": "xserver_business", "dom0-server": "ＳＶ123.xbiz.ne.jp", "dom0-smtp_port": "465",
            "action": "next"}  # fmt: skip
    response = _post(director_client, minato, data)
    assert response["Location"] == step_url(minato, "review")
    assert set(Mailbox.objects.values_list("incoming_host", "outgoing_host", "host_preset")) == {
        ("sv123.xbiz.ne.jp", "sv123.xbiz.ne.jp", "xserver_business")
    }
    page = director_client.get(step_url(minato, "server")).content.decode()
    assert _value(page, "dom0-server") == "sv123.xbiz.ne.jp"  # read back from the stored hosts


def test_a_firm_that_needs_the_server_name_is_not_saved_without_it(director_client, minato):
    data = {"dom0-preset": "xserver_business", "dom0-server": "", "dom0-smtp_port": "465", "action": "next"}
    content = _post(director_client, minato, data).content.decode()
    assert "「契約のサーバー名」を入力してください。" in content
    assert 'href="#id_dom0-server"' in content  # the error summary leads to the one field asked
    assert content.count('class="field-error"') == 1
    assert not Mailbox.objects.exclude(incoming_host="").exists()


def test_a_server_name_that_is_not_a_host_name_is_refused_at_the_name_not_at_the_hosts(
    director_client, minato
):
    data = {
        "dom0-preset": "conoha_wing",
        "dom0-server": "mail 1234",
        "dom0-smtp_port": "587",
        "action": "next",
    }
    content = _post(director_client, minato, data).content.decode()
    assert content.count('class="field-error"') == 1
    assert 'id="id_dom0-server_error"' in content


def test_kagoya_fills_the_incoming_host_from_the_server_name_and_keeps_its_fixed_hosts(
    director_client, minato
):
    data = {"dom0-preset": "kagoya", "dom0-server": "mas12.kagoya.net", "action": "preset:0"}
    content = _post(director_client, minato, data, **HTMX).content.decode()
    assert "readonly" in _input(content, "dom0-incoming_host")
    assert "readonly" not in _input(content, "dom0-outgoing_host")
    assert [_value(content, f"dom0-{name}") for name in ("incoming_host", "outgoing_host", "imap_host")] == [
        "mas12.kagoya.net",
        "smtp.kagoya.net",
        "imap.kagoya.net",
    ]
    assert "入力すると受信サーバーに入ります。" in content


def test_a_firm_with_fixed_hosts_asks_no_server_name_and_focus_stays_on_the_firm(director_client, minato):
    content = _post(director_client, minato, {"dom0-preset": "lolipop", "action": "preset:0"}, **HTMX)
    content = content.content.decode()
    assert 'name="dom0-server"' not in content
    assert re.search(
        r'<input type="radio" name="dom0-preset" value="lolipop"[^>]* checked data-focus>', content
    )
    assert _status(content) == "「ロリポップ!」の設定を入れました。内容を確かめてから保存してください。"


def test_a_suggestion_without_the_server_name_asks_for_it_when_used(director_client, minato, settings):
    with local_dns_server("minato-sekkei.co.jp. 300 IN NS ns2.xbiz.ne.jp.") as address:
        settings.MAILNAVI_DNS_SERVER = address
        lazy = director_client.get(reverse("wizard:detect", kwargs={"pk": minato.pk, "index": 0}), **HTMX)
    lazy = lazy.content.decode()
    assert _status(lazy) == "自動判定：XServer ビジネス（契約のサーバー名はDNSからわかりませんでした）"
    assert 'value="apply:0:xserver_business:"' in lazy
    used = _post(director_client, minato, {"action": "apply:0:xserver_business:"}, **HTMX).content.decode()
    assert "data-focus" in _input(used, "dom0-server")
    assert _status(used).startswith("「XServer ビジネス」を選びました。契約のサーバー名を入力してください。")


def test_a_suggestion_with_the_server_name_fills_the_name_and_every_host(director_client, minato):
    content = _post(director_client, minato, {"action": "apply:0:xserver_business:sv567.xbiz.ne.jp"}, **HTMX)
    content = content.content.decode()
    assert [_value(content, f"dom0-{name}") for name in ("server", "incoming_host", "outgoing_host")] == [
        "sv567.xbiz.ne.jp"
    ] * 3
    assert "data-focus" not in _input(content, "dom0-server")  # focus goes to the message (data-focus-after)


@pytest.mark.parametrize(
    ("zone", "said"),
    [
        ("minato-sekkei.co.jp. 300 IN TXT \"v=spf1 +a:sv567.xbiz.ne.jp ~all\"",
         "自動判定：XServer ビジネス（sv567.xbiz.ne.jp）"),
        ("minato-sekkei.co.jp. 300 IN MX 10 minato-sekkei.co.jp.",
         "該当するサーバー会社が見つかりません。サーバー会社を選ぶか、サーバー名を入力してください。"),
    ],
    ids=["found", "no_match"],
)  # fmt: skip
def test_detection_says_what_it_found_and_offers_a_retry(director_client, minato, settings, zone, said):
    with local_dns_server(zone) as address:
        settings.MAILNAVI_DNS_SERVER = address
        content = _post(director_client, minato, {"action": "detect:0"}, **HTMX).content.decode()
    assert _status(content) == said
    assert (
        '<button class="button button--secondary button--small" type="submit" name="action" value="detect:0"'
        in content
    )
    assert "もう一度判定する" in content


def test_detection_says_dns_could_not_be_reached_and_a_retry_finds_the_firm(
    director_client, minato, settings
):
    settings.MAILNAVI_DNS_TIMEOUT = 0.2  # what a silent server costs the test
    with silent_dns_server() as address:
        settings.MAILNAVI_DNS_SERVER = address
        lazy = director_client.get(reverse("wizard:detect", kwargs={"pk": minato.pk, "index": 0}), **HTMX)
    lazy = lazy.content.decode()
    assert _status(lazy).startswith("DNSに接続できません。")
    assert 'value="detect:0"' in lazy and "もう一度判定する" in lazy
    settings.MAILNAVI_DNS_TIMEOUT = 0.5
    with local_dns_server('minato-sekkei.co.jp. 300 IN TXT "v=spf1 +a:sv567.xbiz.ne.jp ~all"') as address:
        settings.MAILNAVI_DNS_SERVER = address
        retried = _post(
            director_client, minato, {"action": "detect:0"}
        ).content.decode()  # without JavaScript
    assert "自動判定：XServer ビジネス（sv567.xbiz.ne.jp）" in retried


def test_the_domain_blocks_messages_follow_the_writing_guide(director_client, minato, settings):
    from kb.writing import findings

    settings.MAILNAVI_DNS_TIMEOUT = 0.5
    said = []
    for zone in (XBIZ_SPF, "minato-sekkei.co.jp. 300 IN NS ns1.xbiz.ne.jp.", NO_FIRM):
        with local_dns_server(zone) as address:
            settings.MAILNAVI_DNS_SERVER = address
            said.append(_detect_block(_post(director_client, minato, {"action": "detect:0"}, **HTMX)))
    settings.MAILNAVI_DNS_TIMEOUT = 0.2  # what a silent server costs the test
    with silent_dns_server() as address:
        settings.MAILNAVI_DNS_SERVER = address
        said.append(_detect_block(_post(director_client, minato, {"action": "detect:0"}, **HTMX)))
    for data in (
        {"dom0-preset": "xserver_business"},
        {"dom0-preset": "kagoya", "dom0-server": "mas1.kagoya.net"},
    ):
        content = _post(director_client, minato, {**data, "action": "preset:0"}, **HTMX).content.decode()
        said += [
            _detect_block(content),
            re.search(r'id="id_dom0-server_helptext">(.*?)</p>', content).group(1),
        ]
    text = "\n".join(said).replace(
        "XServer ビジネス", "会社"
    )  # the firm's own name is written as it writes it
    assert findings(text) == []
    assert len(said) == 8 and all(said)


XBIZ_SPF = 'minato-sekkei.co.jp. 300 IN TXT "v=spf1 +a:sv567.xbiz.ne.jp ~all"'
NO_FIRM = "minato-sekkei.co.jp. 300 IN MX 10 minato-sekkei.co.jp."


def _detect_block(response):
    content = response.content.decode() if hasattr(response, "content") else response
    block = content.split('<div class="detect" id="detect-0">')[1].split("</div>")[0]
    return re.sub(r"<[^>]+>", "", block).strip()
