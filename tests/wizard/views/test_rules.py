"""Dated rules: the changelog, the 「ルール変更の影響」 page, re-issuing a sheet
under today's rules, and what the customer then sees."""

import dataclasses

import pytest
from django.urls import reverse

from wizard.engine import recommendations
from wizard.engine.catalogue import CLIENTS
from wizard.engine.changelog import CHANGELOG
from wizard.models import Device, Mailbox, SheetIssue
from wizard.services import hearing_complete


@pytest.fixture
def shared_with_iphone(make_hearing, director):
    """info@ read by three people on a Thunderbird PC and an iPhone, issued today."""
    hearing = make_hearing(
        devices=(("pc", "thunderbird"), ("smartphone", "ios_mail")), company="株式会社影響"
    )
    Mailbox.objects.update(address="info@example.com", people=3)
    Device.objects.filter(client="thunderbird").update(label="事務所のPC")
    Device.objects.filter(client="ios_mail").update(label="社長のiPhone")
    return hearing_complete(hearing=hearing, version=hearing.version, user=director)


@pytest.fixture
def rules_change(monkeypatch):
    """A new rules version under which Thunderbird can no longer delete by days:
    the iPhone becomes the device that deletes (7 days)."""
    thunderbird = CLIENTS["thunderbird"]
    monkeypatch.setitem(CLIENTS, "thunderbird", dataclasses.replace(thunderbird, delete_after=None))
    monkeypatch.setattr(recommendations, "RULES_VERSION", "2099-01-01.1")


def test_the_newest_changelog_entry_is_the_current_rules_version():
    assert CHANGELOG[0].version == recommendations.RULES_VERSION
    assert [c.version for c in CHANGELOG] == sorted((c.version for c in CHANGELOG), reverse=True)


def test_staff_read_the_changelog_with_what_changed_and_why(director_client):
    content = director_client.get(reverse("wizard:rules_changelog")).content.decode()
    assert "ポリシー v2" in content and "現在の版" in content
    assert "30 日残すはずのアドレスが 7 日で消え" in content


def test_nothing_is_listed_while_the_issued_advice_is_todays(director_client, shared_with_iphone):
    content = director_client.get(reverse("wizard:rules_impact")).content.decode()
    assert "現在のルールで推奨が変わる設定シートはありません。" in content


def test_a_rules_change_moves_a_stored_hearing_onto_the_impact_page(
    director_client, shared_with_iphone, rules_change
):
    content = director_client.get(reverse("wizard:rules_impact")).content.decode()
    assert "株式会社影響" in content
    assert (
        "info@example.comを読む社長のiPhone（iPhone・iPadの「メール」）：<strong>POP: しない → POP: 7日後</strong>"
        in content
    )
    assert (
        "info@example.comを読む事務所のPC（Thunderbird）：<strong>POP: 30日後に削除 → POP: 削除しない</strong>"
        in content
    )
    assert reverse("wizard:reissue", kwargs={"pk": shared_with_iphone.pk}) in content


def test_re_issuing_updates_the_stored_advice_and_shows_the_customer_only_the_changes(
    client, director_client, shared_with_iphone, rules_change, link_token
):
    hearing = shared_with_iphone
    token = link_token(hearing)
    before = hearing.latest_issue()
    review = director_client.get(reverse("wizard:reissue", kwargs={"pk": hearing.pk})).content.decode()
    assert "POP: しない → POP: 7日後" in review

    response = director_client.post(
        reverse("wizard:reissue", kwargs={"pk": hearing.pk}), {"issue": before.pk}
    )
    assert response.status_code == 302
    latest = hearing.latest_issue()
    assert latest.pk != before.pk and latest.rules_version == "2099-01-01.1"
    assert latest.kind == SheetIssue.Kind.REISSUED

    customer = client.get(reverse("customer:sheet", args=[token])).content.decode()
    changes = customer.split('class="sheet-changes"')[1].split("</section>")[0]
    assert "前回からの変更点" in changes
    assert "社長のiPhone" in changes and "「サーバから削除」で「7日後」を選びます" in changes
    assert changes.count("<li>") == 2  # the iPhone and the PC: nothing else
    # The impact page is empty again.
    assert "株式会社影響" not in director_client.get(reverse("wizard:rules_impact")).content.decode()


def test_a_second_re_issue_of_the_same_review_is_refused(director_client, shared_with_iphone, rules_change):
    hearing = shared_with_iphone
    issue = hearing.latest_issue()
    url = reverse("wizard:reissue", kwargs={"pk": hearing.pk})
    director_client.post(url, {"issue": issue.pk})
    response = director_client.post(url, {"issue": issue.pk}, follow=True)
    assert "すでにほかの人が再発行しています" in response.content.decode()
    assert hearing.issues.count() == 2


def test_re_issuing_needs_the_change_permission(client, django_user_model, shared_with_iphone, rules_change):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user(username="viewer", password="x" * 16, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_hearing"))
    client.force_login(viewer)
    issue = shared_with_iphone.latest_issue()
    response = client.post(
        reverse("wizard:reissue", kwargs={"pk": shared_with_iphone.pk}), {"issue": issue.pk}
    )
    assert response.status_code == 403
    assert shared_with_iphone.issues.count() == 1


def test_advice_issued_under_policy_v1_shows_the_iphone_change(director_client, shared_with_iphone):
    """A sheet issued before v2 told the iPhone to pick 「7日後」; the impact page says so."""
    issue = shared_with_iphone.latest_issue()
    issue.rules_version = "2026-11-27.1"
    issue.data["mailboxes"][0]["advice"]["devices"][1] = {"role": "deletes", "delete_after_days": 7}
    issue.save()
    content = director_client.get(reverse("wizard:rules_impact")).content.decode()
    assert (
        "info@example.comを読む社長のiPhone（iPhone・iPadの「メール」）：<strong>POP: 7日後 → POP: しない</strong>"
        in content
    )


def test_reopening_tells_the_director_the_customer_keeps_the_last_sheet(director_client, shared_with_iphone):
    step = reverse("wizard:step", kwargs={"pk": shared_with_iphone.pk, "step": "customer"})
    content = director_client.get(step).content.decode()
    assert "お客さま用リンクでは" in content and "表示され続けます" in content
