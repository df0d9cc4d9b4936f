"""Reports from a personal guide: a short form per step, which of a ×N row,
what happened (for the director alone), one report per device updated in
place, and a mail to the director through a real SMTP server, retried after
an outage without losing the report."""

import io
import re
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AgencyContact
from wizard.models import Device, DeviceReport, NoticeSetting, ReportNotice
from wizard.notices import send_pending

from ..seiki import six_device_hearing
from ..smtpfixture import LocalSmtpServer
from .test_customer_guides import guide_url

# Every test here runs with the starter articles in place: loaded once for the module.
pytestmark = pytest.mark.usefixtures("starter_articles_committed")


def subject(mail) -> str:
    """As a mail program shows it (Python reads a folded encoded header with a leading space)."""
    return str(mail["Subject"]).strip()


def report_url(token, device, step=None):
    url = reverse("customer:report", kwargs={"token": token, "device_id": device.pk})
    return f"{url}?step={step}" if step else url


@pytest.fixture
def smtp(settings):
    server = LocalSmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 3
    settings.MAILNAVI_NOTICE_RETRY_SECONDS = 1
    yield server
    server.stop()


@pytest.fixture
def seiki_live(transactional_db, director):
    """The 6-device hearing, committed for real (so a report's mail goes out after its commit)."""
    from tests.starter_articles import load_starter_articles
    from wizard.services import customer_link_create

    load_starter_articles()
    director.email = "tanaka@agency.example"
    director.save()
    hearing = six_device_hearing(director)
    _link, token = customer_link_create(hearing=hearing, user=director)
    return hearing, token


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


# The director hears of it ------------------------------------------------------------------


def test_a_trouble_report_reaches_the_director_by_smtp_within_seconds(client, seiki_live, smtp):
    hearing, token = seiki_live
    AgencyContact.objects.create(name="ウェブ工房", email="support@agency.example")
    client.post(
        report_url(token, the_pcs(hearing)),
        {"state": "trouble", "step": 7, "unit": 2, "text": "エラー 0x800CCC0E が出ます"},
    )
    (mail,) = smtp.inbox.wait_for(1, seconds=3)
    assert mail["X-Envelope-To"] == "tanaka@agency.example, support@agency.example"
    assert subject(mail) == "【うまくいかない】名古屋精機株式会社：事務所のPC（2台目） 手順7"
    body = mail.get_content()
    for line in (
        "会社：名古屋精機株式会社",
        "端末：事務所のPC（2台目）（Outlook（クラシック版））",
        "メールアドレス：info@seiki.example",
        "手順：手順7「「接続」をクリックします。」",
        "  エラー 0x800CCC0E が出ます",
        f"http://testserver/wizard/{hearing.pk}/sheet/",
    ):
        assert line in body
    assert token not in body and "/sheet/" + token[:8] not in body
    assert ReportNotice.objects.get().sent_at is not None


def test_with_the_smtp_server_down_the_report_waits_on_the_list_and_goes_out_when_it_is_back(
    client, seiki_live, smtp, director, settings
):
    settings.MAILNAVI_NOTICE_RETRY_SECONDS = 0.2  # the pause after a failure (the test waits it out)
    hearing, token = seiki_live
    smtp.stop()
    response = client.post(report_url(token, the_pcs(hearing)), {"state": "trouble", "step": 7, "unit": 3})
    assert response.status_code == 302  # the customer is thanked all the same
    notice = ReportNotice.objects.get()
    assert (notice.sent_at, notice.attempts) == (None, 1) and "Connection" in notice.last_error

    staff = Client()
    staff.force_login(director)
    listing = staff.get(reverse("wizard:hearing_list")).content.decode()
    troubles = listing[listing.index('class="troubles"') : listing.index("</section>")]
    assert "事務所のPC" in troubles and "3台目" in troubles and "手順7" in troubles
    assert "通知メール未送信" in troubles
    sheet = staff.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    assert "通知メール：未送信（1回失敗" in sheet

    smtp.start()
    # Not due before its time: the worker waits before it tries again.
    assert send_pending(now=notice.next_attempt_at - timedelta(milliseconds=1)) == (0, 0)
    time.sleep(max(0.0, (notice.next_attempt_at - timezone.now()).total_seconds()) + 0.05)
    call_command("send_notices", stdout=io.StringIO())  # one pass of the worker
    (mail,) = smtp.inbox.wait_for(1)
    assert "事務所のPC（3台目）" in subject(mail)
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.attempts == 2
    listing = staff.get(reverse("wizard:hearing_list")).content.decode()
    assert "通知メール未送信" not in listing


def test_a_director_who_turned_notices_off_gets_none_and_done_reports_only_if_wanted(
    client, seiki_live, smtp, director
):
    hearing, token = seiki_live
    iphone = Device.objects.get(mailbox__hearing=hearing, client="ios_mail")
    client.post(report_url(token, iphone), {"state": "done"})
    NoticeSetting.objects.create(user=director, on_trouble=False, on_done=True)
    client.post(report_url(token, the_pcs(hearing)), {"state": "trouble", "step": 1, "unit": 1})
    client.post(report_url(token, iphone), {"state": "done"})
    (mail,) = smtp.inbox.wait_for(1)
    assert subject(mail) == "【設定できました】名古屋精機株式会社：社長のiPhone"
    assert ReportNotice.objects.count() == 1  # nobody wanted the first two


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
