"""The director hears of a report from a personal guide: a mail through a
real SMTP server after the report is committed, retried after an outage
without losing the report, and only the notices each director wants."""

import io
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AgencyContact
from wizard.models import Device, NoticeSetting, ReportNotice
from wizard.notices import send_pending

from ..seiki import six_device_hearing
from ..smtpfixture import LocalSmtpServer
from .test_customer_reports import report_url, the_pcs


def subject(mail) -> str:
    """As a mail program shows it (Python reads a folded encoded header with a leading space)."""
    return str(mail["Subject"]).strip()


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
    from tests.starter_articles import place_starter_articles
    from wizard.services import customer_link_create

    place_starter_articles()
    director.email = "tanaka@agency.example"
    director.save()
    hearing = six_device_hearing(director)
    _link, token = customer_link_create(hearing=hearing, user=director)
    return hearing, token


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
