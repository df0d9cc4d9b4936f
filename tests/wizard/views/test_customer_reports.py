"""Reports from a personal guide: a short form per step, which of a ×N row,
what happened (for the director alone), one report per device updated in
place, and each staff member's choice of notices (the mail itself:
test_report_notices.py)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from wizard.models import Device, DeviceReport, NoticeSetting

from .test_customer_guides import guide_url

# Every test here runs with the starter articles in place: loaded once for the module.
pytestmark = pytest.mark.usefixtures("starter_articles_committed")


def report_url(token, device, step=None):
    url = reverse("customer:report", kwargs={"token": token, "device_id": device.pk})
    return f"{url}?step={step}" if step else url


def the_pcs(hearing):
    return Device.objects.get(mailbox__hearing=hearing, client="outlook_classic")


# The form per step ------------------------------------------------------------------------


def test_the_report_form_quotes_the_step_and_asks_which_of_the_three_pcs(client, seiki):
    hearing, token = seiki
    page = client.get(report_url(token, the_pcs(hearing), step=7)).content.decode()
    assert "手順7でうまくいかないことを伝える" in page
    assert "手順7：「接続」をクリックします。" in page
    assert list(re.findall(r'<label class="radio">.*? (事務所のPCの\d台目)</label>', page)) == [
        "事務所のPCの1台目", "事務所のPCの2台目", "事務所のPCの3台目",
    ]  # fmt: skip
    assert 'maxlength="500"' in page and "公開されません" in page


def test_a_single_device_is_not_asked_which_one(client, seiki):
    hearing, token = seiki
    iphone = Device.objects.get(mailbox__hearing=hearing, client="ios_mail")
    page = client.get(report_url(token, iphone, step=2)).content.decode()
    assert "どの端末ですか" not in page and 'type="radio"' not in page


def test_repeated_reports_of_one_pc_update_one_record_and_the_pcs_are_told_apart(client, seiki):
    hearing, token = seiki
    pcs = the_pcs(hearing)
    for step, text in ((3, "最初のメモ"), (7, "「接続」を押すとエラーが出ます")):
        response = client.post(
            report_url(token, pcs), {"state": "trouble", "step": step, "unit": 2, "text": text}
        )
        assert response.status_code == 302 and response["Location"].endswith(f"#step-{step}")
    client.post(report_url(token, pcs), {"state": "done", "unit": 1})
    reports = {r.unit: r for r in DeviceReport.objects.filter(device_id=pcs.pk)}
    assert set(reports) == {1, 2}
    assert (reports[2].state, reports[2].step, reports[2].text) == (
        "trouble",
        7,
        "「接続」を押すとエラーが出ます",
    )
    assert reports[2].step_text == "「接続」をクリックします。"
    assert (reports[1].state, reports[1].step) == ("done", None)
    assert reports[2].device_label == "事務所のPC（2台目）"
    guide = client.get(guide_url(token, pcs)).content.decode()
    assert "事務所のPCの2台目：手順7で「うまくいかない」と担当者に伝えています。" in guide
    assert "事務所のPCの1台目：「設定できました」と担当者に伝えています。" in guide
    assert "「接続」を押すとエラーが出ます" not in guide  # the customer's words are for the director alone


def test_a_report_of_a_row_of_three_must_say_which_pc(client, seiki):
    hearing, token = seiki
    response = client.post(report_url(token, the_pcs(hearing)), {"state": "trouble", "step": 7})
    assert response.status_code == 400
    assert "どの端末のことか選んでください。" in response.content.decode()
    assert not DeviceReport.objects.exists()


def test_the_text_is_at_most_500_characters(client, seiki):
    hearing, token = seiki
    iphone = Device.objects.get(mailbox__hearing=hearing, client="ios_mail")
    response = client.post(report_url(token, iphone), {"state": "trouble", "step": 2, "text": "あ" * 501})
    assert (
        response.status_code == 400
        and "500文字以内で入力してください（いまは501文字です）。" in response.content.decode()
    )
    client.post(report_url(token, iphone), {"state": "trouble", "step": 2, "text": "あ" * 500})
    assert len(DeviceReport.objects.get().text) == 500


def test_each_staff_member_turns_their_own_notices_on_and_off(director_client, director):
    url = reverse("wizard:notice_settings")
    page = director_client.get(url).content.decode()
    # Without an address on the account, the page says why nothing arrives.
    assert "このアカウントにメールアドレスが登録されていないため" in page
    assert 'name="on_trouble" checked' in page.replace(' id="id_on_trouble"', "")
    response = director_client.post(url, {"on_done": "on"})
    assert response.status_code == 302
    setting = NoticeSetting.objects.get(user=director)
    assert (setting.on_trouble, setting.on_done) == (False, True)
    assert Client().get(url).status_code == 302  # staff only: the login page
