"""The agency's contact (core.AgencyContact): customers never see the sample
seed_demo writes; until an admin has set the real one they are told to ask
their director, and every staff page says it is missing and where to set
it. A phone number typed in 全角 still makes a link a phone can dial."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from core.models import AgencyContact
from wizard.models import Hearing
from wizard.services import customer_link_create, customer_link_revoke

FALLBACK = "ご不明な点は、担当ディレクターまでお問い合わせください。"
WARNING = "お客さまに見せるお問い合わせ先が、まだ設定されていません。"


@pytest.fixture
def seeded(db, settings, make_article):
    """`manage.py seed_demo` on a new site: demo accounts, a completed hearing
    and the sample contact; a published article to vote on and search."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    make_article(title="容量の記事")
    return Hearing.objects.get()


def customer_pages(client, hearing) -> dict[str, str]:
    """Every page a customer may reach, rendered as they would get it."""
    director = hearing.director
    _link, token = customer_link_create(hearing=hearing, user=director)
    device = hearing.mailboxes.first().devices.first()
    pages = {
        "sheet": client.get(reverse("customer:sheet", args=[token])),
        "guide": client.get(reverse("customer:guide", kwargs={"token": token, "device_id": device.pk})),
        "report": client.get(reverse("customer:report", kwargs={"token": token, "device_id": device.pk})),
        "search with no result": client.get(reverse("kb:search"), {"q": "存在しない言葉"}),
        "vote no": client.post(reverse("kb:vote", args=["article-1"]), {"helpful": "no"}),
    }
    revoked, revoked_token = customer_link_create(hearing=hearing, user=director)
    customer_link_revoke(link=revoked, user=director)
    pages["closed link"] = client.get(reverse("customer:sheet", args=[revoked_token]))
    return {name: response.content.decode() for name, response in pages.items()}


def test_no_customer_page_shows_any_of_the_seeded_sample_contact(client, seeded):
    sample = AgencyContact.objects.get()
    for name, content in customer_pages(client, seeded).items():
        for value in (sample.name, "見本の窓口", sample.email, sample.form_url, sample.hours):
            assert value not in content, (name, value)


def test_until_the_contact_is_set_the_sheet_and_guides_say_to_ask_the_director(client, seeded):
    pages = customer_pages(client, seeded)
    for name in ("sheet", "guide", "report", "closed link"):
        assert FALLBACK in pages[name], name


def test_every_staff_page_warns_while_the_contact_is_the_sample_and_links_to_it(client, seeded):
    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    where = reverse("admin:core_agencycontact_changelist")
    for url in (reverse("wizard:hearing_list"), reverse("wizard:notice_settings"), reverse("admin:index")):
        content = client.get(url).content.decode()
        assert WARNING in content and f'href="{where}"' in content, url


def test_a_director_who_cannot_set_it_is_told_to_ask_an_administrator(client, seeded):
    client.force_login(get_user_model().objects.get(username="director"))
    content = client.get(reverse("wizard:hearing_list")).content.decode()
    assert WARNING in content and "管理者に依頼してください" in content
    assert reverse("admin:core_agencycontact_changelist") not in content


def test_once_an_admin_saves_the_contact_customers_see_it_and_staff_are_not_warned(client, seeded):
    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    contact = AgencyContact.objects.get()
    form = {"name": "株式会社ウェブ工房 サポート窓口", "phone": "０５２－０００－００００ 内線１２", "email": "help@agency.example",
            "hours": "平日 9:00〜18:00", "form_url": ""}  # fmt: skip
    response = client.post(reverse("admin:core_agencycontact_change", args=[contact.pk]), form)
    assert response.status_code == 302
    assert WARNING not in client.get(reverse("wizard:hearing_list")).content.decode()
    client.logout()
    sheet = customer_pages(client, seeded)["sheet"]
    assert "株式会社ウェブ工房 サポート窓口" in sheet and FALLBACK not in sheet
    assert '<a href="tel:0520000000">052-000-0000 内線12</a>' in sheet


def test_the_admin_refuses_to_keep_the_sample_name(client, seeded):
    client.force_login(get_user_model().objects.get(username="admin"))
    contact = AgencyContact.objects.get()
    form = {"name": AgencyContact.SAMPLE_NAME, "phone": "", "email": "", "hours": "", "form_url": ""}
    content = client.post(
        reverse("admin:core_agencycontact_change", args=[contact.pk]), form
    ).content.decode()
    assert "「会社名・窓口名」が見本のままです。" in content
    assert AgencyContact.objects.get().placeholder


@pytest.mark.parametrize(
    "phone, link",
    [
        ("０５２－０００－００００", "tel:0520000000"),
        ("052-000-0000 内線12", "tel:0520000000"),
        ("＋８１ ５２－０００－００００", "tel:+81520000000"),
        ("(052) 000-0000", "tel:0520000000"),
    ],
)
def test_a_phone_number_typed_any_way_makes_a_link_a_phone_can_dial(
    client, make_article, contact, phone, link
):
    make_article()
    contact.phone = phone
    contact.save()
    content = client.get(reverse("kb:search"), {"q": "存在しない言葉"}).content.decode()
    assert f'href="{link}"' in content
