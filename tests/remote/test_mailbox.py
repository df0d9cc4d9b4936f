"""The mailbox reader (wizard/remote/mailbox.py) against the real Dovecot of
tests/mailserver.py: every login outcome in Japanese, and the box's numbers
(quota, count, oldest mail, mail per day, copies older than 7/30/90 days) as
the seeds make them, over IMAP and over POP alike."""

import datetime as dt
import json

import pytest

from tests.mailserver import HOST, IDN_HOST, STANDARD_INBOX, received_at, user
from wizard.handoff.servers import Endpoint
from wizard.remote.facts import MailboxReading
from wizard.remote.mailbox import read_mailbox

from .loopback import listening
from .tlsfixture import tls_server

INFO = user("info@example-test.jp")
WRONG = (
    "ユーザー名かパスワードが違うため、ログインできませんでした。"
    "サーバー会社によっては、メールアドレスではなくアカウント名 (例: kir123456.info) でログインします。"
)


def endpoint(service, username, *, host=HOST, port=None, security="ssl"):
    port = port or {"imap": 993, "pop3": 995, "smtp": 465 if security == "ssl" else 587}[service]
    return Endpoint(service=service, host=host, port=port, security=security, username=username)


def every_protocol(username, **values):
    return [endpoint(service, username, **values) for service in ("imap", "pop3", "smtp")]


def outcomes(reading):
    return [(login.service, login.code, login.message) for login in reading.logins]


def test_the_sheets_values_log_in_over_imap_pop_and_smtp(on_mailserver):
    reading = read_mailbox(every_protocol(INFO.login), INFO.password)
    assert outcomes(reading) == [(s, "ok", "ログインできました。") for s in ("imap", "pop3", "smtp")]


def test_submission_on_587_logs_in_after_starttls(on_mailserver):
    reading = read_mailbox([endpoint("smtp", INFO.login, security="starttls")], INFO.password)
    assert outcomes(reading) == [("smtp", "ok", "ログインできました。")]


def test_a_wrong_password_is_refused_on_every_protocol_with_the_account_name_hint(on_mailserver):
    reading = read_mailbox(every_protocol(INFO.login), "not-the-password")
    assert outcomes(reading) == [(s, "auth_failed", WRONG) for s in ("imap", "pop3", "smtp")]
    assert reading.facts is None


def test_a_kagoya_style_box_logs_in_with_its_account_name_not_with_its_address(on_mailserver):
    sales = user("kir123456.sales")
    by_name = read_mailbox(every_protocol(sales.login), sales.password)
    by_address = read_mailbox(every_protocol(sales.address), sales.password)
    assert [login.code for login in by_name.logins] == ["ok", "ok", "ok"]
    assert outcomes(by_address) == [(s, "auth_failed", WRONG) for s in ("imap", "pop3", "smtp")]


def test_a_japanese_script_address_logs_in_only_in_its_punycode_form(on_mailserver):
    nagoya = user("info@xn--7orpdr10a57o3uv.jp")
    ascii_login = read_mailbox(every_protocol(nagoya.login, host=IDN_HOST), nagoya.password)
    typed = read_mailbox(every_protocol(nagoya.address, host="mail.名古屋精機.jp"), nagoya.password)
    assert [login.code for login in ascii_login.logins] == ["ok", "ok", "ok"]
    assert outcomes(typed) == [
        (
            service,
            "name_not_ascii",
            "ユーザー名に日本語のドメイン名が含まれているため、ログインできませんでした。"
            "入力するときは info@xn--7orpdr10a57o3uv.jp と入れてください。",
        )
        for service in ("imap", "pop3", "smtp")
    ]


def test_a_host_name_the_certificate_does_not_cover_is_named_with_the_names_it_covers(
    on_mailserver, settings
):
    with_alias = f"alias.example-test.jp. 60 IN A {on_mailserver.address}\n"
    from tests.wizard.dnsfixture import dns_server

    with dns_server(with_alias) as dns:
        settings.MAILNAVI_DNS_SERVER = dns.address
        reading = read_mailbox([endpoint("imap", INFO.login, host="alias.example-test.jp")], INFO.password)
    assert outcomes(reading) == [
        (
            "imap",
            "cert_name",
            "証明書が alias.example-test.jp 用ではありません (mail.example-test.jp、mail.xn--7orpdr10a57o3uv.jp、"
            "mail2.example-test.jp 用)。"
            "メールソフトで証明書の警告が出ます。サーバー会社が案内するサーバー名を確かめてください。",
        )
    ]


def test_an_expired_certificate_stops_the_login_before_the_password_is_sent(local, ca):
    with tls_server(ca.issue("mail.test.example", valid_days=(-30, -1), stem="expired")) as address:
        port = int(address.rpartition(":")[2])
        reading = read_mailbox(
            [endpoint("pop3", "info@test.example", host="mail.test.example", port=port)], "pw"
        )
    assert outcomes(reading) == [
        ("pop3", "cert_expired", "証明書の有効期限が切れています。メールソフトで証明書の警告が出ます。")
    ]


@pytest.mark.parametrize(
    ("port", "code", "message"),
    [
        (110, "refused", "このポートへの接続を拒否されました。"),  # Dovecot has no plain POP listener
        (143, "refused", "このポートへの接続を拒否されました。"),
    ],
)
def test_a_port_without_a_listener_is_refused(on_mailserver, port, code, message):
    service = "pop3" if port == 110 else "imap"
    reading = read_mailbox([endpoint(service, INFO.login, port=port)], INFO.password)
    assert outcomes(reading) == [(service, code, message)]


def test_a_silent_server_is_given_up_within_the_time_limit(local, settings):
    settings.MAILNAVI_MAILBOX_TIMEOUT = 0.3
    with listening("127.0.0.1") as silent:
        started = dt.datetime.now()
        reading = read_mailbox(
            [endpoint("imap", "x@test.example", host="mail.test.example", port=silent.port)], "pw"
        )
        seconds = (dt.datetime.now() - started).total_seconds()
    assert outcomes(reading) == [("imap", "timeout", "0.3 秒以内に応答がありません。")]
    assert seconds < 0.8


def test_without_the_operator_setting_the_test_server_is_refused_like_any_internal_address(
    on_mailserver, settings
):
    settings.MAILNAVI_OUTBOUND_ALLOW = ""
    reading = read_mailbox(every_protocol(INFO.login), INFO.password)
    assert {login.code for login in reading.logins} == {"blocked"}


# The box's numbers -----------------------------------------------------------------------

IN_WINDOW = {
    1: (1, 7_000),
    2: (1, 2_500),
    3: (2, 5_000),
    5: (1, 60_000),
    10: (1, 3_000),
    20: (1, 12_000),
    25: (1, 4_000),
}


@pytest.mark.parametrize("service", ["imap", "pop3"])
def test_the_numbers_of_the_box_are_read_over_imap_and_pop_alike(on_mailserver, service):
    now = on_mailserver.started
    reading = read_mailbox([endpoint(service, INFO.login)], INFO.password, now=now)
    facts = reading.facts
    today = now.date()
    assert (facts.source, facts.message_count) == (service, 13)
    assert facts.oldest == received_at(STANDARD_INBOX[0], now)
    assert [(day.day, day.count, day.bytes) for day in facts.per_day if day.count] == [
        (today - dt.timedelta(days=age), *IN_WINDOW[age]) for age in sorted(IN_WINDOW, reverse=True)
    ]
    assert (len(facts.per_day), facts.per_day[-1].day, facts.per_day_complete) == (30, today, True)
    assert [(o.days, o.count, o.bytes) for o in facts.older] == [
        (7, 8, 502_000),
        (30, 5, 483_000),
        (90, 2, 305_000),
    ]
    assert facts.daily_mb == round(95_500 / 30 / 1024 / 1024, 2)


def test_imap_reads_the_quota_and_its_usage_pop_the_usage_only(on_mailserver):
    imap = read_mailbox([endpoint("imap", INFO.login)], INFO.password).facts
    pop = read_mailbox([endpoint("pop3", INFO.login)], INFO.password).facts
    assert (imap.used_bytes, imap.quota_bytes) == (563 * 1024, 10 * 1024 * 1024)  # Dovecot counts whole KiB
    assert (pop.used_bytes, pop.quota_bytes) == (sum(seed.size for seed in STANDARD_INBOX), None)
    assert round(imap.used_ratio, 4) == round(563 / 10240, 4)


def test_with_imap_and_pop_both_logged_in_the_numbers_come_from_imap(on_mailserver):
    reading = read_mailbox(every_protocol(INFO.login), INFO.password)
    assert reading.facts.source == "imap"


def test_an_empty_box_reads_as_empty(on_mailserver):
    empty = user("empty@example-test.jp")
    for service in ("imap", "pop3"):
        facts = read_mailbox([endpoint(service, empty.login)], empty.password).facts
        assert (facts.message_count, facts.oldest, facts.daily_mb) == (0, None, 0)
        assert [(o.count, o.bytes) for o in facts.older] == [(0, 0)] * 3


def test_a_box_larger_than_the_cap_is_counted_by_search_and_says_its_daily_figures_are_partial(
    on_mailserver, settings
):
    settings.MAILNAVI_MAILBOX_FETCH_MAX = 5
    settings.MAILNAVI_MAILBOX_TOP_MAX = 5
    now = on_mailserver.started
    for service in ("imap", "pop3"):
        facts = read_mailbox([endpoint(service, INFO.login)], INFO.password, now=now).facts
        assert (facts.message_count, facts.per_day_complete) == (13, False), service
        assert [(o.days, o.count, o.bytes) for o in facts.older] == [
            (7, 8, None),
            (30, 5, None),
            (90, 2, None),
        ]
        assert sum(day.count for day in facts.per_day) == 5, service  # the newest five only
        assert facts.oldest == received_at(STANDARD_INBOX[0], now), service


def test_a_reading_holds_no_password_and_survives_its_json(on_mailserver):
    reading = read_mailbox(every_protocol(INFO.login), INFO.password)
    stored = json.dumps(reading.as_json())
    assert INFO.password not in stored and INFO.password not in repr(reading)
    assert MailboxReading.from_json(json.loads(stored)) == reading
