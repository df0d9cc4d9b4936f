"""The test mail server itself (tests/mailserver.py): a real Dovecot that the
other remote tests rely on, reached only through the site's own outbound
function, on the ports the sheet gives."""

import pytest

from tests.mailserver import HOST, HOSTS, STANDARD_INBOX
from wizard.remote import net, smtp


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize(("port", "greeting"), [(993, b"* OK"), (995, b"+OK"), (465, b"220 ")])
def test_every_mail_port_answers_over_tls_with_a_certificate_for_each_host_name(
    on_mailserver, host, port, greeting
):
    deadline = net.Deadline(5)
    with net.connect(net.vet(host, port, deadline=deadline), deadline=deadline, tls=True) as conn:
        assert conn.readline().startswith(greeting)


def test_587_offers_starttls_before_authentication(on_mailserver):
    deadline = net.Deadline(5)
    with net.connect(net.vet(HOST, 587, deadline=deadline), deadline=deadline, tls=False) as conn:
        smtp.starttls(conn, net.tls_context())
        assert "AUTH=PLAIN" in smtp.hello(conn)


def test_the_seeded_inbox_holds_the_known_sizes_and_read_flags(mailserver):
    fetched = mailserver.doveadm(
        "fetch", "-u", "info@example-test.jp", "size.virtual flags", "mailbox", "INBOX"
    )
    sizes = [int(line.split()[1]) for line in fetched.splitlines() if line.startswith("size.virtual:")]
    seen = ["\\Seen" in line for line in fetched.splitlines() if line.startswith("flags:")]
    assert sizes == [seed.size for seed in STANDARD_INBOX]
    assert seen == [seed.seen for seed in STANDARD_INBOX]
