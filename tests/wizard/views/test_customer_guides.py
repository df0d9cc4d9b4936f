"""Personal guides behind a customer link, each one device's alone: its
protocol, its values once where they are typed, its steps numbered through
the whole guide, and a report link at every step."""

import re

import pytest
from django.urls import reverse

from wizard.models import Device

from ..seiki import OTHER_PROTOCOL, PROTOCOL

# Every test here runs with the starter articles in place: loaded once for the module.
pytestmark = pytest.mark.usefixtures("starter_articles_committed")


def guide_url(token, device):
    return reverse("customer:guide", kwargs={"token": token, "device_id": device.pk})


def visible_text(html: str) -> str:
    """The page's text as read: no tags, no QR titles."""
    return re.sub(r"<[^>]+>", " ", html)


def test_the_six_device_hearing_is_what_the_tests_say_it_is(seiki):
    hearing, _token = seiki
    issued = hearing.latest_issue().read()
    assert {a.address: a.advice.protocol for a in issued.addresses} == PROTOCOL
    assert sum(d.quantity for a in issued.addresses for d in a.devices) == 8
    assert len([d for a in issued.addresses for d in a.devices]) == 6


def test_each_guide_shows_only_its_own_protocol_and_values(client, seiki):
    hearing, token = seiki
    for device in Device.objects.filter(mailbox__hearing=hearing).select_related("mailbox"):
        html = client.get(guide_url(token, device)).content.decode()
        body = html.split('personal-guide__body"')[1].split('id="report"')[0]
        text = visible_text(html.split("<main")[1].split("</main>")[0])
        protocol = PROTOCOL[device.mailbox.address]
        assert [word for word in OTHER_PROTOCOL[protocol] if word in text] == [], device.label
        assert "data-protocol" not in body and "POPの場合" not in body and "IMAPの場合" not in body
        assert "@example." not in html  # the real address, never an example
        assert device.mailbox.address in text
        assert "設定シートの受信サーバー名" not in text  # a value wherever there is one
        # Each value once where it is typed: no separate table of values above the steps.
        assert 'class="personal-guide__values"' not in html, device.label


def test_steps_are_numbered_once_through_the_guide_each_with_its_report_link(client, seiki):
    hearing, token = seiki
    for device in Device.objects.filter(mailbox__hearing=hearing):
        html = client.get(guide_url(token, device)).content.decode()
        starts = [int(n) for n in re.findall(r'<ol class="steps" start="(\d+)">', html)]
        anchors = [int(n) for n in re.findall(r'<li id="step-(\d+)" class="step">', html)]
        assert anchors == list(range(1, len(anchors) + 1)), device.label  # 1…n, no restart
        assert len(anchors) >= 8 and starts[0] == 1 and len(starts) >= 2
        report = reverse("customer:report", kwargs={"token": token, "device_id": device.pk})
        links = [int(n) for n in re.findall(rf'href="{re.escape(report)}\?step=(\d+)"', html)]
        assert links == anchors, device.label


def test_an_apple_devices_profile_steps_come_first_in_the_numbering(client, seiki):
    hearing, token = seiki
    mac = Device.objects.get(mailbox__hearing=hearing, client="apple_mail")
    html = client.get(guide_url(token, mac)).content.decode()
    profile = html.split('class="profile-install"')[1].split("</section>")[0]
    assert re.findall(r'<li id="step-(\d+)"', profile) == ["1", "2", "3", "4", "5"]
    body = html.split('personal-guide__body"')[1]
    assert re.search(r'<ol class="steps" start="6">', body)


def test_the_outlook_pc_guide_has_its_days_where_it_types_them_and_nothing_of_imap(client, seiki):
    hearing, token = seiki
    outlook = Device.objects.get(mailbox__hearing=hearing, client="outlook_classic")
    html = client.get(guide_url(token, outlook)).content.decode()
    days = re.search(
        r'<li id="step-(\d+)" class="step">日数の欄に<strong[^>]*data-slot="days">30</strong>', html
    )
    assert days, "the step that types the days carries them"
    assert html.count('data-slot="days">30<') == 1
