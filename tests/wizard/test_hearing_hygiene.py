"""Keeping the hearing list tidy: kana-insensitive search, the same-company
warning, deleting abandoned drafts, and a delete confirmation that says what goes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wizard.kana import company_key, spellings
from wizard.models import CustomerLink, DeviceReport, Hearing
from wizard.services import customer_link_create

from .conftest import HTMX


@pytest.mark.parametrize("query", ["トウカイ", "ﾄｳｶｲ", "とうかい"])
def test_kana_searches_find_the_same_company_in_each_spelling(director_client, make_hearing, query):
    katakana = make_hearing(company="トウカイ商事")
    hiragana = make_hearing(company="とうかい工房")
    other = make_hearing(company="北陸物産")
    content = director_client.get(reverse("wizard:hearing_list"), {"q": query}, **HTMX).content.decode()
    assert str(katakana) in content and str(hiragana) in content
    assert str(other) not in content


def test_the_three_kana_spellings_are_one_word():
    assert set(spellings("とうかい")) == set(spellings("トウカイ")) == {"とうかい", "トウカイ", "ﾄｳｶｲ"}
    assert "ｶﾞｽ" in spellings("ガス")  # a voiced letter is two half-width ones


def test_a_company_written_another_way_is_the_same_company():
    assert company_key("株式会社 東海精工") == company_key("東海精工㈱") == company_key("東海精工")
    assert company_key("東海精工") != company_key("東海精機")


def test_a_new_hearing_for_a_company_that_has_one_is_warned_with_a_link(director_client, make_hearing):
    earlier = make_hearing(company="株式会社 東海精工")
    make_hearing(company="東海精機")
    response = director_client.get(reverse("wizard:hearing_duplicates"), {"c-company": "東海精工"}, **HTMX)
    content = response.content.decode()
    assert "<html" not in content
    assert "すでに1件あります" in content
    assert reverse("wizard:resume", args=[earlier.pk]) in content
    assert 'hx-swap-oob="innerHTML:#status-region"' in content


def test_a_company_with_no_hearing_gets_no_warning(director_client, make_hearing):
    make_hearing(company="東海精機")
    content = director_client.get(reverse("wizard:hearing_duplicates"), {"c-company": "東海精工"}, **HTMX)
    assert "すでに" not in content.content.decode()


def test_the_same_company_page_works_without_javascript(director_client, make_hearing):
    make_hearing(company="東海精工")
    content = director_client.get(
        reverse("wizard:hearing_duplicates"), {"company": "東海精工"}
    ).content.decode()
    assert "<html" in content and "すでに1件あります" in content


def test_the_new_hearing_form_asks_about_the_company_as_it_is_typed(director_client):
    content = director_client.get(reverse("wizard:hearing_new")).content.decode()
    assert f'hx-get="{reverse("wizard:hearing_duplicates")}"' in content


def aged(hearing, days):
    Hearing.objects.filter(pk=hearing.pk).update(updated_at=timezone.now() - timedelta(days=days))
    return hearing


def test_old_drafts_are_listed_then_deleted_but_never_an_issued_or_recent_one(
    director_client, make_hearing, complete
):
    old = aged(make_hearing(company="放置された下書き"), 40)
    recent = aged(make_hearing(company="最近の下書き"), 3)
    issued = complete(company="お渡し済み")
    issued.status = Hearing.Status.DRAFT  # reopened for a change: its links still work
    issued.save()
    aged(issued, 60)
    page = director_client.get(reverse("wizard:drafts_delete"), {"days": 30}).content.decode()
    assert "放置された下書き" in page and "最近の下書き" not in page and "お渡し済み" not in page
    before = (timezone.now() - timedelta(days=30)).isoformat()
    response = director_client.post(reverse("wizard:drafts_delete"), {"days": 30, "before": before})
    assert response.status_code == 302
    assert set(Hearing.objects.values_list("pk", flat=True)) == {recent.pk, issued.pk}
    assert old.pk not in set(Hearing.objects.values_list("pk", flat=True))


def test_a_draft_saved_after_the_confirmation_is_kept(director_client, make_hearing):
    shown_at = timezone.now() - timedelta(days=30)
    draft = aged(make_hearing(company="あとで保存"), 40)
    Hearing.objects.filter(pk=draft.pk).update(updated_at=timezone.now())  # saved after the list was shown
    director_client.post(reverse("wizard:drafts_delete"), {"days": 30, "before": shown_at.isoformat()})
    assert Hearing.objects.filter(pk=draft.pk).exists()


def test_deleting_drafts_needs_the_delete_right(client, django_user_model, make_hearing):
    from django.contrib.auth.models import Permission

    from wizard.roles import ensure_director_group

    user = django_user_model.objects.create_user(username="nodelete", password="x" * 16, is_staff=True)
    group = ensure_director_group()
    user.user_permissions.add(*group.permissions.exclude(codename="delete_hearing"))
    assert not Permission.objects.filter(user=user, codename="delete_hearing").exists()
    client.force_login(user)
    aged(make_hearing(company="残る下書き"), 40)
    before = timezone.now().isoformat()
    assert client.post(reverse("wizard:drafts_delete"), {"days": 30, "before": before}).status_code == 403
    assert Hearing.objects.filter(company="残る下書き").exists()


def test_deleting_a_completed_hearing_names_its_sheets_live_links_and_reports(
    director_client, complete, director
):
    hearing = complete(company="完了商事")
    customer_link_create(hearing=hearing, user=director, days=7, note="")
    device = hearing.mailboxes.first().devices.first()
    DeviceReport.objects.create(hearing=hearing, device_id=device.pk, state=DeviceReport.State.TROUBLE)
    page = director_client.get(reverse("wizard:delete", args=[hearing.pk])).content.decode()
    assert "発行した設定シート：1版" in page
    assert "有効なお客さま用リンク：1件" in page
    assert "お客さまからの報告（「設定できました」「うまくいかない」）：1件" in page
    assert "設定シートとリンクごと削除する" in page
    assert CustomerLink.objects.filter(hearing=hearing).count() == 1


def test_deleting_a_junk_draft_asks_a_plainer_question(director_client, make_hearing):
    draft = make_hearing(company="試し入力")
    page = director_client.get(reverse("wizard:delete", args=[draft.pk])).content.decode()
    assert "下書き「試し入力」を削除しますか？" in page and "下書きを削除する" in page
    assert "お渡しした設定シート" not in page
