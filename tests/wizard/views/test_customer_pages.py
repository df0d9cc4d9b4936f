"""Every page a customer can reach through a link, with a hearing full of what
only staff may read: none of it reaches the customer. The templates those
pages render are listed, so a new one is looked at before it ships."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kb.models import Article
from wizard.models import CustomerLink, Device, DeviceReport, Mailbox, ReportNotice
from wizard.services import customer_link_create, hearing_complete

# Every test here runs with the starter articles in place: loaded once for the module.
pytestmark = pytest.mark.usefixtures("starter_articles_committed")

STAFF_ONLY = {
    "notes": "社内メモ: 値引き交渉中",
    "contact_name": "山田太郎",
    "contact_email": "yamada@customer.example",
    "contact_phone": "03-1234-5678",
}
FORBIDDEN = (
    *STAFF_ONLY.values(),
    "一郎", "田中", "tanaka",  # the director (not chosen to be named)
    "社長宛のリンク",  # the link's note
    "お客さまだけのメモ", "通知メール", "ConnectionRefused",  # reports and their mail
    "未確認", "お客さまには", "ルールの版", "現在のルールでは", "プレビュー",  # staff notes on the sheet
    "当社用",  # which hand-over paths each address can use
    "ヒアリング一覧", "回答を修正する", "お客さま用リンク", "送付先メモ", "/wizard/", "/admin/",
)  # fmt: skip
# Every template a customer's page is drawn from (besides base.html and includes/).
CUSTOMER_TEMPLATES = {
    "wizard/base.html", "wizard/sheet.html", "wizard/personal_guide.html", "wizard/device_report.html",
    "wizard/link_unavailable.html", "wizard/file_unavailable.html", "message_page.html",
    "wizard/partials/mailbox_sheet.html", "wizard/partials/server_rows.html",
    "wizard/partials/device_rows.html", "wizard/partials/device_notes.html",
    "wizard/partials/manual_steps.html", "wizard/partials/profile_install.html",
    "wizard/partials/guide_steps.html", "wizard/partials/device_report.html",
    "wizard/partials/sheet_update.html", "wizard/partials/device_settings.html",
    "wizard/partials/timeline.html", "wizard/partials/typed.html", "wizard/partials/set_by_hand.html",
}  # fmt: skip


@pytest.fixture
def heavy(seiki, director):
    """The 6-device hearing with notes, the customer's contact, a director with
    a name, a report with the customer's words whose mail failed, advice
    issued under older rules (the staff sheet notes it) and a device whose
    guide is not published (its values in a table)."""
    hearing, token = seiki
    director.first_name, director.last_name, director.email = "一郎", "田中", "tanaka@agency.example"
    director.save()
    for field, value in STAFF_ONLY.items():
        setattr(hearing, field, value)
    hearing.save()
    CustomerLink.objects.update(note="社長宛のリンク")
    issue = hearing.latest_issue()
    issue.rules_version = "2026-11-27.1"  # policy v1: the iPhone deleted after 7 days
    issue.data["mailboxes"][0]["advice"]["devices"][2] = {"role": "deletes", "delete_after_days": 7}
    issue.save()
    Article.objects.filter(slug="guide-becky").update(status=Article.Status.DRAFT)  # a guide not published
    pcs = Device.objects.get(mailbox__hearing=hearing, client="outlook_classic")
    report = DeviceReport.objects.create(
        hearing=hearing, device_id=pcs.pk, unit=2, device_name="事務所のPC", state="trouble", step=7,
        step_text="「接続」をクリックします。", text="お客さまだけのメモ",
    )  # fmt: skip
    ReportNotice.objects.create(
        report=report, attempts=1, last_error="ConnectionRefusedError", next_attempt_at=timezone.now()
    )
    return hearing, token


def customer_pages(client, hearing, token):
    """(name, response) for every kind of page behind a link."""
    devices = Device.objects.filter(mailbox__hearing=hearing)
    report = reverse("customer:report", kwargs={"token": token, "device_id": devices[0].pk})
    pages = [("sheet", client.get(reverse("customer:sheet", args=[token])))]
    pages += [
        (
            f"guide {d.label}",
            client.get(reverse("customer:guide", kwargs={"token": token, "device_id": d.pk})),
        )
        for d in devices
    ]
    pages += [
        ("report form", client.get(report + "?step=7")),
        ("report form without a step", client.get(report)),
        ("report refused", client.post(report, {"state": "trouble", "step": 7, "text": "x" * 501})),
        ("report sent", client.post(report, {"state": "trouble", "step": 7, "unit": 1}, follow=True)),
        ("unknown link", client.get(reverse("customer:sheet", args=["x" * 43]))),
    ]
    return pages


@pytest.mark.templates  # reads response.context / response.templates
def test_no_page_behind_a_link_shows_anything_only_staff_may_read(client, heavy):
    hearing, token = heavy
    reached = set()
    for name, response in customer_pages(client, hearing, token):
        assert response.status_code in (200, 400, 404), name
        body = response.content.decode()
        assert [word for word in FORBIDDEN if word in body] == [], name
        reached |= {t.name for t in response.templates}
    # A link that has ended, and a file the sheet cannot be made into.
    mailbox = hearing.mailboxes.first()
    Mailbox.objects.filter(pk=mailbox.pk).update(incoming_host="mail server.example")
    hearing_complete(hearing=hearing, version=hearing.version, user=hearing.director)
    _link, fresh = customer_link_create(hearing=hearing, user=hearing.director)
    unusable = client.get(reverse("customer:profile", kwargs={"token": fresh, "mailbox_id": mailbox.pk}))
    assert unusable.status_code == 409
    CustomerLink.objects.update(revoked_at=timezone.now())
    gone = client.get(reverse("customer:sheet", args=[token]))
    assert gone.status_code == 410
    for name, response in (("file unavailable", unusable), ("gone", gone)):
        assert [word for word in FORBIDDEN if word in response.content.decode()] == [], name
        reached |= {t.name for t in response.templates}
    pages = {
        name
        for name in reached
        if not name.startswith(("includes/", "django/forms/")) and name != "base.html"
    }
    assert pages == CUSTOMER_TEMPLATES


def test_the_staff_sheet_does_show_what_the_customer_pages_hide(director_client, heavy):
    """The words above are really on the staff side: the test above could not pass by accident."""
    hearing, _token = heavy
    staff = director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    for word in (
        "お客さまだけのメモ",
        "通知メール",
        "未確認",
        "お客さまには",
        "ルールの版",
        "社長宛のリンク",
        "当社用",
    ):
        assert word in staff, word
