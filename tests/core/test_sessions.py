"""A staff session that ends mid-hearing loses nothing (core/sessions.py)."""

import re

import pytest
from django.urls import reverse

from tests.wizard.conftest import customer_data
from wizard.models import Hearing
from wizard.roles import ensure_director_group

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def director(db, django_user_model):
    user = django_user_model.objects.create_user(username="tanaka", password=PASSWORD, is_staff=True)
    user.groups.add(ensure_director_group())
    return user


def hidden_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def test_a_save_after_the_session_ended_shows_the_login_page_carrying_the_input(client, director):
    hearing = Hearing.objects.create(company="旧社名", contact_name="担当", director=director)
    url = reverse("wizard:step", args=[hearing.pk, "customer"])
    data = {"version": "1", "action": "next", "c-company": "新社名", "c-contact_name": "佐藤"}
    response = client.post(url, data)  # nobody is logged in: the session has ended
    assert response.status_code == 200
    html = response.content.decode()
    assert "ログインの有効期限が切れたため、まだ保存していません" in html
    fields = hidden_fields(html)
    assert fields["carry:c-company"] == "新社名" and fields["next"] == url
    assert not any("csrfmiddlewaretoken" in name for name in fields if name.startswith("carry:"))


def test_an_htmx_save_after_the_session_ended_puts_the_login_in_place_of_the_page(client, director):
    hearing = Hearing.objects.create(company="旧社名", director=director)
    url = reverse("wizard:step", args=[hearing.pk, "customer"])
    response = client.post(url, {"c-company": "新社名"}, HTTP_HX_REQUEST="true")
    assert (response["HX-Retarget"], response["HX-Reswap"], response["HX-Reselect"]) == (
        "#main", "innerHTML", "#login",
    )  # fmt: skip


def test_logging_in_again_sends_the_carried_input_on_and_the_save_happens(client, director):
    hearing = Hearing.objects.create(company="旧社名", contact_name="担当", director=director)
    url = reverse("wizard:step", args=[hearing.pk, "customer"])
    login = {"username": "tanaka", "password": PASSWORD, "next": url}
    carried = {
        f"carry:{name}": value for name, value in customer_data(hearing, **{"c-company": "新社名"}).items()
    }
    page = client.post(reverse("login"), login | carried).content.decode()
    assert "data-autosubmit" in page and f'action="{url}"' in page
    fields = hidden_fields(page)
    assert fields["c-company"] == "新社名" and "password" not in fields
    response = client.post(url, fields)
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.company == "新社名"


def test_a_password_is_never_carried(client, director):
    response = client.post(reverse("wizard:hearing_new"), {"c-company": "社名", "password": "secret-1"})
    fields = hidden_fields(response.content.decode())
    assert "carry:c-company" in fields and not any(
        "password" in name for name in fields if name != "password"
    )
    assert "secret-1" not in response.content.decode()


def test_the_renew_link_renews_and_goes_back_without_javascript(client, director):
    client.force_login(director)
    back = reverse("wizard:hearing_list")
    response = client.get(reverse("session_renew"), {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert "sessionid" in response.cookies  # saved again: a fresh 30 minutes


def test_the_renew_link_does_not_send_anyone_to_another_site(client, director):
    client.force_login(director)
    response = client.get(reverse("session_renew"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("wizard:hearing_list")


def test_the_script_is_told_how_long_the_login_may_still_last(client, director):
    client.force_login(director)
    data = client.get(reverse("session_renew"), HTTP_ACCEPT="application/json").json()
    assert data["renewed"] is True and data["idle"] == 30 * 60
    assert 8 * 60 * 60 - 5 <= data["absolute_left"] <= 8 * 60 * 60


def test_logged_in_again_in_another_tab_the_carried_input_still_goes_on(client, director):
    hearing = Hearing.objects.create(company="旧社名", contact_name="担当", director=director)
    url = reverse("wizard:step", args=[hearing.pk, "customer"])
    client.force_login(director)  # the other tab
    carried = {
        f"carry:{name}": value for name, value in customer_data(hearing, **{"c-company": "新社名"}).items()
    }
    page = client.post(reverse("login"), {"username": "", "password": "", "next": url} | carried)
    assert page.status_code == 200 and "data-autosubmit" in page.content.decode()
    assert hidden_fields(page.content.decode())["c-company"] == "新社名"


def test_a_carried_input_is_never_sent_to_another_site(client, director):
    page = client.post(
        reverse("login"),
        {"username": "tanaka", "password": PASSWORD, "next": "https://evil.example/", "carry:x": "1"},
    )
    assert page.status_code == 302 and "evil.example" not in page["Location"]
