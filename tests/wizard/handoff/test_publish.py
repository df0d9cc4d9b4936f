"""What one domain's shared files publish, and for whom (wizard/handoff/publish.py):
the username each file carries is true for the most readers, the domain's own
servers are published, and an address they do not fit is named."""

from dataclasses import replace

from wizard.engine.recommendations import Recommendation
from wizard.handoff.publish import BY_HAND, CHOOSE, FITS, domain_plans, resolve
from wizard.handoff.record import IssuedAddress, IssuedDevice

PLACEHOLDER = Recommendation("pop", True, 30, False, (), ())


def address(local, *, domain="example.jp", people=1, username="", host="mail.example.jp", imap=False, **rest):
    """An address as issued, with today's advice for its devices (one PC; a phone too when ``imap``)."""
    devices = (IssuedDevice(1, "pc", "thunderbird"),) + (
        (IssuedDevice(2, "smartphone", "ios_mail"),) if imap else ()
    )
    issued = IssuedAddress(
        id=len(local), address=f"{local}@{domain}", advice=PLACEHOLDER, devices=devices, people=people,
        username=username, incoming_host=host, outgoing_host=host, **rest,
    )  # fmt: skip
    return replace(issued, advice=issued.todays_advice())


def plan(*addresses):
    (only,) = domain_plans(list(addresses))
    return only


def test_thunderbird_fills_in_the_first_occurrence_of_each_variable():
    assert resolve("kir123456.%EMAILLOCALPART%", "sales@example.jp") == "kir123456.sales"
    assert (
        resolve("%EMAILLOCALPART%@xn--7orpdr10a57o3uv.jp", "info@名古屋精機.jp")
        == "info@xn--7orpdr10a57o3uv.jp"
    )


def test_account_names_sharing_a_prefix_are_written_as_one_pattern():
    shared = plan(address("sales", username="kir123456.sales"), address("info", username="kir123456.info"))
    assert [server.username for _protocol, server in shared.incoming] == ["kir123456.%EMAILLOCALPART%"]
    assert {shared.autoconfig_fit(a).state for a in shared.addresses} == {FITS}


def test_a_lone_account_name_is_written_as_it_is():
    alone = plan(address("sales", username="kir123456.sales"))
    assert alone.outgoing.username == "kir123456.sales"


def test_account_names_that_share_nothing_give_the_file_to_the_most_readers_and_name_the_other():
    mixed = plan(address("info", people=3, username="acct-one"), address("sales", username="acct-two"))
    assert mixed.outgoing.username == "acct-one"
    info, sales = mixed.addresses
    assert (mixed.autoconfig_fit(info).state, mixed.autoconfig_fit(sales).differs) == (FITS, ("ユーザー名",))


def test_a_japanese_script_domain_gets_a_username_true_for_either_form_of_the_address():
    idn = plan(address("info", domain="名古屋精機.jp", host="mail.名古屋精機.jp"))
    assert idn.outgoing.username == "%EMAILLOCALPART%@xn--7orpdr10a57o3uv.jp"


def test_the_imap_address_on_a_pop_first_domain_picks_imap_in_thunderbird_and_is_set_by_hand_for_srv():
    domain = plan(address("info", people=3), address("shacho", imap=True))
    shacho = domain.addresses[1]
    assert [protocol for protocol, _server in domain.incoming] == ["pop", "imap"]
    assert (domain.autoconfig_fit(shacho).state, domain.autoconfig_fit(shacho).protocol_label) == (
        CHOOSE,
        "IMAP",
    )
    assert (domain.srv_fit(shacho).state, domain.srv_fit(shacho).differs) == (BY_HAND, ("受信方式",))


def test_an_address_with_its_own_smtp_port_is_told_the_port_cannot_be_published():
    domain = plan(address("info", people=2), address("support", smtp_port="587"))
    fit = domain.autoconfig_fit(domain.addresses[1])
    assert (fit.state, fit.differs) == (BY_HAND, ("送信ポート",))
    assert domain.outgoing.endpoint.port == 465
