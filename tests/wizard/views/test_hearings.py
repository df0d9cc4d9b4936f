import pytest
from django.urls import reverse

from wizard.models import Device, Hearing, Mailbox

from ..conftest import HTMX, completed, step_url


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("wizard:hearing_list", {}),
        ("wizard:hearing_export", {}),
        ("wizard:resume", {"pk": "00000000-0000-0000-0000-000000000000"}),
        ("wizard:sheet", {"pk": "00000000-0000-0000-0000-000000000000"}),
        ("wizard:delete", {"pk": "00000000-0000-0000-0000-000000000000"}),
        ("wizard:step", {"pk": "00000000-0000-0000-0000-000000000000", "step": "customer"}),
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page_and_back(client, db, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_the_login_page_is_styled_japanese_and_returns_to_the_wizard(client, director):
    page = client.get(reverse("login") + "?next=/wizard/").content.decode()
    assert "スタッフ用ログイン" in page and 'lang="ja"' in page
    response = client.post(
        reverse("login"), {"username": "tanaka", "password": "x" * 16, "next": reverse("wizard:hearing_list")}
    )
    assert response["Location"] == reverse("wizard:hearing_list")


def test_a_wrong_password_shows_a_japanese_error(client, director):
    response = client.post(reverse("login"), {"username": "tanaka", "password": "wrong"})
    assert "ユーザー名またはパスワードが正しくありません" in response.content.decode()


def test_logout_is_post_only(director_client):
    assert director_client.get(reverse("logout")).status_code == 405
    assert director_client.post(reverse("logout")).status_code == 302
    assert director_client.get(reverse("wizard:hearing_list")).status_code == 302


def test_staff_without_the_director_role_gets_403(client, django_user_model, make_hearing):
    user = django_user_model.objects.create_user(username="editor", password="x" * 16, is_staff=True)
    client.force_login(user)
    assert client.get(reverse("wizard:hearing_list")).status_code == 403


def test_starting_a_hearing_saves_nothing_until_its_first_step_is_saved(director_client, director):
    page = director_client.get(reverse("wizard:hearing_new"))
    assert page.status_code == 200 and "新しいヒアリング" in page.content.decode()
    assert not Hearing.objects.exists()
    refused = director_client.post(
        reverse("wizard:hearing_new"), {"c-company": "", "version": 1, "action": "next"}
    )
    assert "「会社名」を入力してください。" in refused.content.decode()
    assert not Hearing.objects.exists()
    data = {"c-company": "株式会社あおば", "c-contact_name": "青葉", "c-consulted_on": "2026-11-27",
            "c-director": director.pk, "version": 1, "action": "next"}  # fmt: skip
    response = director_client.post(reverse("wizard:hearing_new"), data)
    hearing = Hearing.objects.get()
    assert response["Location"] == step_url(hearing, "addresses")
    assert (hearing.company, hearing.director, hearing.last_saved_by) == (
        "株式会社あおば",
        director,
        director,
    )


def test_unknown_hearing_is_404(director_client):
    url = step_url(Hearing(pk="11111111-1111-1111-1111-111111111111"), "customer")
    assert director_client.get(url).status_code == 404


def test_resume_opens_the_first_incomplete_step(director_client, make_hearing):
    hearing = make_hearing(hosts=False)
    response = director_client.get(reverse("wizard:resume", kwargs={"pk": hearing.pk}))
    assert response["Location"] == step_url(hearing, "server")


def test_list_is_newest_first_searchable_and_filterable(
    director_client, make_hearing, director, django_user_model
):
    other = django_user_model.objects.create_user(username="suzuki", password="x" * 16, is_staff=True)
    make_hearing(company="古い会社")
    make_hearing(company="新しい会社", director=other)
    content = director_client.get(reverse("wizard:hearing_list")).content.decode()
    assert content.index("新しい会社") < content.index("古い会社")
    found = director_client.get(reverse("wizard:hearing_list"), {"q": "user0@"}).content.decode()
    assert "古い会社" in found
    mine = director_client.get(reverse("wizard:hearing_list"), {"mine": "on"}).content.decode()
    assert "古い会社" in mine and "新しい会社" not in mine
    by_director = director_client.get(reverse("wizard:hearing_list"), {"director": other.pk}).content.decode()
    assert "新しい会社" in by_director and "古い会社" not in by_director
    none = director_client.get(reverse("wizard:hearing_list"), {"q": "該当なし"}, **HTMX).content.decode()
    assert "<html" not in none and "条件に合うヒアリングはありません" in none


def test_list_empty_state_invites_to_start(director_client):
    assert (
        "まだヒアリングがありません" in director_client.get(reverse("wizard:hearing_list")).content.decode()
    )


@pytest.mark.parametrize("count", [3, 30])
def test_list_queries_do_not_grow_with_hearings(
    director_client, make_hearing, django_assert_max_num_queries, count
):
    for _ in range(count):
        make_hearing()
    # Session, user, permissions, count, page, the page's device reports, the
    # reported troubles, directors, session save: the same at any size.
    with django_assert_max_num_queries(12):
        director_client.get(reverse("wizard:hearing_list"))


def test_delete_asks_first_then_removes_every_row(director_client, make_hearing):
    hearing = make_hearing(mailboxes=2, devices=(("pc", "thunderbird"), ("smartphone", "ios_mail")))
    confirm = director_client.get(reverse("wizard:delete", kwargs={"pk": hearing.pk})).content.decode()
    assert "削除しますか" in confirm and Hearing.objects.exists()
    response = director_client.post(reverse("wizard:delete", kwargs={"pk": hearing.pk}), follow=True)
    assert "すべての情報を削除しました" in response.content.decode()
    assert not Hearing.objects.exists() and not Mailbox.objects.exists() and not Device.objects.exists()


def test_csv_export_has_a_bom_and_one_row_per_address(director_client, make_hearing, director):
    completed(make_hearing, director, mailboxes=2, company="=HYPERLINK(1)")
    response = director_client.get(reverse("wizard:hearing_export"))
    body = response.content.decode("utf-8")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    assert body.startswith("\ufeff会社名,")
    lines = body.strip().splitlines()
    assert len(lines) == 3
    assert "'=HYPERLINK(1)" in lines[1] and "user0@example.com" in lines[1] and ",POP,30," in lines[1]


@pytest.mark.parametrize(
    "query", [{"mine": "on", "q": "x" * 101}, {"status": "nope"}, {"director": "999999"}]
)
def test_an_invalid_filter_lists_and_exports_no_hearing_instead_of_all(director_client, make_hearing, query):
    hearing = make_hearing(company="見えてはいけない会社")
    listing = director_client.get(reverse("wizard:hearing_list"), query).content.decode()
    assert str(hearing.pk) not in listing
    export = director_client.get(reverse("wizard:hearing_export"), query).content.decode("utf-8")
    assert "見えてはいけない会社" not in export and len(export.strip().splitlines()) == 1


# The list is cached per director in each process's memory (core/cache_pages.py) -----------


def test_the_cached_list_follows_saves_deletes_and_permissions(
    client, director_client, make_hearing, director
):
    from django.contrib.auth.models import Permission

    hearing = make_hearing(company="最初の会社")
    assert "最初の会社" in director_client.get(reverse("wizard:hearing_list")).content.decode()
    hearing.company = "直した会社"
    hearing.save()
    page = director_client.get(reverse("wizard:hearing_list")).content.decode()
    assert "直した会社" in page and "最初の会社" not in page and "削除" in page
    director.user_permissions.add(Permission.objects.get(codename="view_hearing"))
    director.groups.clear()  # only viewing now: no delete link, no new-hearing button
    page = director_client.get(reverse("wizard:hearing_list")).content.decode()
    assert "直した会社" in page and 'class="link-danger"' not in page
    response = director_client.post(reverse("wizard:delete", kwargs={"pk": hearing.pk}))
    assert response.status_code == 403


def test_a_deleted_hearing_leaves_the_cached_list_and_the_message_is_shown(director_client, make_hearing):
    hearing = make_hearing(company="消す会社")
    assert "消す会社" in director_client.get(reverse("wizard:hearing_list")).content.decode()
    page = director_client.post(
        reverse("wizard:delete", kwargs={"pk": hearing.pk}), follow=True
    ).content.decode()
    assert "すべての情報を削除しました" in page and "消す会社」のヒアリング" in page
    assert "/wizard/" + str(hearing.pk) not in page


def test_each_browser_gets_its_own_csrf_token_from_the_cached_list(director, make_hearing):
    from django.test import Client

    make_hearing()
    for _ in range(2):  # the second browser gets the page from the cache
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(director)
        page = browser.get(reverse("wizard:hearing_list")).content.decode()
        token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        response = browser.post(reverse("wizard:hearing_new"), {"csrfmiddlewaretoken": token})
        # The CSRF check passed (403 otherwise): the empty step 1 is refused with its own message.
        assert response.status_code == 200 and "「会社名」を入力してください。" in response.content.decode()


def test_a_cached_list_costs_only_the_session_and_user_look_ups(
    director_client, make_hearing, django_assert_num_queries
):
    make_hearing()
    url = reverse("wizard:hearing_list")
    director_client.get(url)  # rendered, and this director's permissions read once
    with django_assert_num_queries(2):  # the session and the user; permissions are known
        page = director_client.get(url)
    assert page.status_code == 200 and "株式会社テスト" in page.content.decode()


def test_a_permission_taken_from_the_director_group_refuses_the_next_request(director_client, director):
    from django.contrib.auth.models import Permission

    url = reverse("wizard:hearing_list")
    assert director_client.get(url).status_code == 200
    group = director.groups.get()
    group.permissions.remove(Permission.objects.get(codename="view_hearing"))
    assert director_client.get(url).status_code == 403
    group.permissions.add(Permission.objects.get(codename="view_hearing"))
    assert director_client.get(url).status_code == 200


def test_staff_without_the_role_are_told_which_role_they_need(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("sato", password="x" * 16, is_staff=True))
    response = client.get(reverse("wizard:hearing_list"))
    page = response.content.decode()
    assert response.status_code == 403
    assert (
        "このページを使う権限がありません" in page
        and "(sato)" in page
        and "「ディレクター」の役割が必要" in page
    )


@pytest.mark.django_db(transaction=True)
def test_a_director_removed_from_the_group_by_another_process_is_refused_within_two_seconds(
    director_client, director, quick_board
):
    from tests.kb.test_cache import in_another_process, served_within

    url = reverse("wizard:hearing_list")
    assert director_client.get(url).status_code == 200
    in_another_process(
        f"from django.contrib.auth.models import User\nUser.objects.get(pk={director.pk}).groups.clear()"
    )
    assert served_within(director_client, url, 2, lambda r: r.status_code == 403)


@pytest.mark.django_db(transaction=True)
def test_a_hearing_saved_by_another_process_is_listed_within_two_seconds(
    director_client, make_hearing, quick_board
):
    from tests.kb.test_cache import in_another_process, served_within

    hearing = make_hearing(company="古い会社名")
    url = reverse("wizard:hearing_list")
    assert "古い会社名" in director_client.get(url).content.decode()
    in_another_process(
        f"from wizard.models import Hearing\nh = Hearing.objects.get(pk='{hearing.pk}')\n"
        "h.company = '新しい会社名'\nh.save()"
    )
    assert served_within(director_client, url, 2, lambda r: "新しい会社名" in r.content.decode())
