"""One device at a time: a QR code per device that opens its guide, the
guide's report back to the director, and the agency's contact wherever a
customer may be stuck."""

import os
import re
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from wizard.models import CustomerLink, Device, DeviceReport

from ..conftest import HTMX

QR_SVG = re.compile(r'<svg viewBox="0 0 (\d+) \1" class="qr"><title>([^<]*)</title><path [^>]*d="([^"]+)"')


def qr_codes(html: str) -> list[tuple[str, str]]:
    """(title, decoded text) of every inline QR code, read by zbarimg from a
    bitmap drawn from the SVG's own path: what a camera would decode."""
    if shutil.which("zbarimg") is None:
        if os.environ.get("CI"):
            pytest.fail("zbarimg (Debian: zbar-tools) is needed in CI")
        pytest.skip("needs zbarimg (Debian: zbar-tools)")
    codes = []
    for size, title, path in QR_SVG.findall(html):
        size, scale = int(size), 6
        grid = [[255] * size for _row in range(size)]
        x = y = 0.0
        for command, args in re.findall(r"([Mmh])([^Mmh]*)", path):
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
            if command == "M":
                x, y = numbers
            elif command == "m":
                x, y = x + numbers[0], y + numbers[1]
            else:  # a horizontal run of dark modules on row y - 0.5
                for column in range(int(x), int(x + numbers[0])):
                    grid[int(y)][column] = 0
                x += numbers[0]
        pixels = bytes(v for row in grid for _ in range(scale) for v in row for _ in range(scale))
        image = b"P5 %d %d 255\n" % (size * scale, size * scale) + pixels
        result = subprocess.run(
            ["zbarimg", "--raw", "-q", "-"], input=image, capture_output=True, check=False
        )
        codes.append((title, result.stdout.decode().strip()))
    return codes


@pytest.fixture
def two_devices(make_hearing, director):
    from wizard.services import hearing_complete

    hearing = make_hearing(devices=(("pc", "outlook_classic"), ("smartphone", "ios_mail")))
    Device.objects.filter(kind="smartphone").update(label="社長の<b>iPhone</b>")
    return hearing_complete(hearing=hearing, version=hearing.version, user=director)


# A QR code per device ---------------------------------------------------------------


def test_each_device_has_a_qr_code_that_opens_its_own_guide(client, two_devices, link_token):
    token = link_token(two_devices)
    sheet = client.get(reverse("customer:sheet", args=[token])).content.decode()
    codes = qr_codes(sheet)
    devices = list(Device.objects.filter(mailbox__hearing=two_devices).order_by("position"))
    expected = [
        f"http://testserver{reverse('customer:guide', kwargs={'token': token, 'device_id': d.pk})}"
        for d in devices
    ]
    assert [text for _title, text in codes] == expected
    # The device's name is escaped in the code's title (no markup from the hearing).
    assert codes[1][0] == "社長の&lt;b&gt;iPhone&lt;/b&gt; の設定手順を開く QR コード"
    assert "<b>iPhone</b>" not in sheet
    # The quiet zone is 4 modules on every side (ISO/IEC 18004).
    assert re.search(r'd="M4 4\.5h7', sheet)
    phone = client.get(expected[1].removeprefix("http://testserver")).content.decode()
    assert "まず、設定ファイル（構成プロファイル）を入れます" in phone
    assert phone.index("構成プロファイルをダウンロード") < phone.index("入る値")


def test_the_director_gets_every_devices_qr_with_a_new_link(director_client, two_devices):
    response = director_client.post(
        reverse("wizard:customer_link_create", kwargs={"pk": two_devices.pk}), {"days": "14"}, **HTMX
    )
    content = response.content.decode()
    codes = qr_codes(content)
    assert len(codes) == 3  # the whole sheet, then one per device
    token = re.search(r"/sheet/([A-Za-z0-9_-]{43})/", codes[0][1]).group(1)
    device = Device.objects.get(kind="smartphone")
    assert codes[2][1].endswith(reverse("customer:guide", kwargs={"token": token, "device_id": device.pk}))
    assert CustomerLink.objects.count() == 1


# Reports back to the director --------------------------------------------------------


def report_url(token, device):
    return reverse("customer:report", kwargs={"token": token, "device_id": device.pk})


def test_a_trouble_report_reaches_the_hearing_list_and_the_sheet(client, director, two_devices, link_token):
    token = link_token(two_devices)
    device = Device.objects.get(kind="smartphone")
    response = client.post(report_url(token, device), {"state": "trouble", "step": "3"})
    assert response.status_code == 302  # without JavaScript: back to the guide
    assert response["Location"].endswith(
        reverse("customer:guide", kwargs={"token": token, "device_id": device.pk}) + "#report"
    )
    guide = client.get(response["Location"]).content.decode()
    assert "ありがとうございます。担当者に伝わりました。" in guide
    assert "「うまくいかない」と担当者に伝えています" in guide

    staff = Client()
    staff.force_login(director)
    listing = staff.get(reverse("wizard:hearing_list")).content.decode()
    troubles = listing[listing.index('class="troubles"') : listing.index("</section>")]
    assert "社長の&lt;b&gt;iPhone&lt;/b&gt;" in troubles and "手順3" in troubles
    row = listing[listing.index('data-label="お客さまの報告"') :]
    assert "うまくいかない" in row[: row.index("</td>")]
    sheet = staff.get(reverse("wizard:sheet", kwargs={"pk": two_devices.pk})).content.decode()
    assert "うまくいかない（手順3）" in sheet


def test_repeated_taps_update_one_record_and_done_clears_the_alert(client, director, two_devices, link_token):
    token = link_token(two_devices)
    device = Device.objects.get(kind="smartphone")
    for _tap in range(3):
        client.post(report_url(token, device), {"state": "trouble", "step": "2"})
    client.post(report_url(token, device), {"state": "done", "step": "2"}, **HTMX)
    (report,) = DeviceReport.objects.all()
    assert (report.state, report.step, report.device_name) == ("done", None, "社長の<b>iPhone</b>")
    # Only the device and the step: nothing about the person who tapped.
    assert {f.name for f in DeviceReport._meta.get_fields()} == {
        "id", "hearing", "device_id", "device_name", "state", "step", "updated_at",
    }  # fmt: skip
    staff = Client()
    staff.force_login(director)
    listing = staff.get(reverse("wizard:hearing_list")).content.decode()
    assert 'class="troubles"' not in listing and "設定済み" in listing


def test_a_report_needs_a_state_and_a_device_of_this_sheet(client, two_devices, complete, link_token):
    token = link_token(two_devices)
    device = Device.objects.get(kind="smartphone")
    response = client.post(report_url(token, device), {"step": "3"}, follow=True)
    assert "「設定できました」か「うまくいかない」を選んでください。" in response.content.decode()
    other = complete()
    stranger = Device.objects.get(mailbox__hearing=other)
    assert client.post(report_url(token, stranger), {"state": "done"}).status_code == 404
    assert client.get(report_url(token, device)).status_code == 405
    assert DeviceReport.objects.count() == 0


# How to reach the agency ---------------------------------------------------------------


def test_the_contact_is_on_the_customer_pages_and_an_edit_shows_at_once(
    client, two_devices, link_token, contact
):
    token = link_token(two_devices)
    device = Device.objects.get(kind="smartphone")
    pages = [
        reverse("customer:sheet", args=[token]),
        reverse("customer:guide", kwargs={"token": token, "device_id": device.pk}),
    ]
    for url in pages:
        content = client.get(url).content.decode()
        assert "株式会社ウェブ工房 サポート窓口" in content
        assert 'href="tel:0520000000"' in content and "平日 9:00〜18:00" in content
        assert 'href="mailto:support@agency.example"' in content
        assert 'href="https://agency.example/contact/"' in content
    contact.phone = "052-111-1111"
    contact.save()
    assert 'href="tel:0521111111"' in client.get(pages[0]).content.decode()


def test_gone_and_unknown_links_say_how_to_reach_the_agency(client, two_devices, link_token, contact):
    token = link_token(two_devices)
    CustomerLink.objects.update(revoked_at="2026-11-27T00:00:00Z")
    revoked = client.get(reverse("customer:sheet", args=[token]))
    unknown = client.get(reverse("customer:sheet", args=["x" * 43]))
    assert (revoked.status_code, unknown.status_code) == (410, 404)
    assert "052-000-0000" in revoked.content.decode() and "052-000-0000" in unknown.content.decode()


def test_without_a_contact_the_sheet_still_says_whom_to_ask(client, two_devices, link_token):
    content = client.get(reverse("customer:sheet", args=[link_token(two_devices)])).content.decode()
    assert "ご不明な点は、担当ディレクターまでお問い合わせください。" in content


def test_the_directors_name_is_shown_only_when_chosen(client, two_devices, link_token, director):
    director.first_name, director.last_name = "一郎", "田中"
    director.save()
    url = reverse("customer:sheet", args=[link_token(two_devices)])
    assert "担当:" not in client.get(url).content.decode()
    two_devices.show_director_name = True
    two_devices.save(update_fields=["show_director_name"])
    assert "担当：田中 一郎" in client.get(url).content.decode()  # family name first
