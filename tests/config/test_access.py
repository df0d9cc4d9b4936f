"""Access control by inventory: every URL of the project is classified."""

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wizard.models import Hearing
from wizard.roles import ensure_director_group

PUBLIC = {
    "kb:home", "kb:search", "kb:category", "kb:article", "kb:vote", "kb:vote_reason", "kb:image", "sitemap", "robots_txt", "favicon",
    "healthz", "livez", "login", "logout", "customer:sheet", "customer:profile", "customer:autoconfig", "customer:dns", "customer:guide", "customer:report", "admin:login",
}  # fmt: skip
STAFF = {
    "wizard:hearing_list", "wizard:hearing_new", "wizard:hearing_export", "wizard:resume", "wizard:sheet",
    "wizard:delete", "wizard:step", "wizard:profile", "wizard:autoconfig", "wizard:dns", "wizard:guide",
    "wizard:customer_link_create", "wizard:customer_link_revoke", "wizard:rules_changelog", "wizard:rules_impact",
    "wizard:reissue", "wizard:detect", "session_renew", "wizard:drafts_delete", "wizard:hearing_duplicates",
    "wizard:notice_settings", "wizard:label_record", "wizard:field_screenshot", "wizard:remote_check",
}  # fmt: skip
POST_ONLY = {  # customer:report answers GET with its form (a step's 「ここでうまくいかない」) and changes nothing then
    "wizard:customer_link_create",
    "wizard:customer_link_revoke",
    "wizard:label_record",
    "kb:vote",
    "logout",
    "admin:logout",
    "admin:kb_article_preview",
}
SAMPLE = {"uuid": str(uuid.uuid4()), "slug": "sample", "str": "sample", "int": "1", "path": "1"}


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def url_for(name: str, pattern: URLPattern) -> str:
    regex = getattr(pattern.pattern, "regex", None)
    converters = getattr(pattern.pattern, "converters", {})
    if converters or not regex or not regex.groups:
        kwargs = {key: SAMPLE.get(type(conv).__name__.replace("Converter", "").lower(), "1")
                  for key, conv in converters.items()}  # fmt: skip
        if "step" in kwargs:
            kwargs["step"] = "customer"
        return reverse(name, kwargs=kwargs)
    if regex.groupindex:  # admin's app_list
        return reverse(name, kwargs=dict.fromkeys(regex.groupindex, "kb"))
    return reverse(name, args=["1"] * regex.groups)


ALL = sorted(set(walk(get_resolver().url_patterns)), key=lambda item: item[0])


def test_every_url_is_classified():
    unclassified = [name for name, _ in ALL if name not in PUBLIC | STAFF and not name.startswith("admin:")]
    assert unclassified == [], "classify these URLs as PUBLIC or STAFF in tests/config/test_access.py"


@pytest.mark.parametrize("name, pattern", [(n, p) for n, p in ALL if n in STAFF], ids=lambda v: str(v))
def test_staff_urls_send_anonymous_visitors_to_login(client, db, name, pattern):
    url = url_for(name, pattern)
    if name in POST_ONLY:
        # A POST (from a session that ended) gets the login page, carrying it (core/sessions.py).
        response = client.post(url)
        assert response.status_code == 200
        assert f'name="next" value="{url}"' in response.content.decode()
        return
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(
    "name, pattern",
    [(n, p) for n, p in ALL if n.startswith("admin:") and n not in PUBLIC | POST_ONLY],
    ids=lambda v: str(v),
)
def test_admin_urls_send_anonymous_visitors_to_the_admin_login(client, db, name, pattern):
    response = client.get(url_for(name, pattern))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.fixture
def director(db, django_user_model):
    user = django_user_model.objects.create_user(username="tanaka", password="x" * 16, is_staff=True)
    user.groups.add(ensure_director_group())
    return user


def test_hearings_cannot_be_reached_by_guessing(client, director):
    hearing = Hearing.objects.create(company="秘密の会社", director=director)
    assert hearing.pk.version == 4  # random, 122 bits
    client.force_login(director)
    assert client.get(reverse("wizard:sheet", kwargs={"pk": uuid.uuid4()})).status_code == 404
    anonymous = Client()
    assert anonymous.get(reverse("customer:sheet", args=["a" * 32])).status_code == 404


def test_a_director_cannot_reach_user_management(client, director):
    client.force_login(director)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.get(reverse("admin:kb_article_changelist")).status_code == 403


STATE_CHANGING = [
    ("kb:vote", {"slug": "x"}),
    ("kb:vote_reason", {"slug": "x"}),
    ("login", {}),
    ("logout", {}),
    ("wizard:hearing_new", {}),
    ("wizard:delete", {"pk": uuid.uuid4()}),
    ("wizard:step", {"pk": uuid.uuid4(), "step": "customer"}),
    ("wizard:customer_link_create", {"pk": uuid.uuid4()}),
    ("wizard:customer_link_revoke", {"pk": uuid.uuid4(), "link_id": 1}),
    ("wizard:label_record", {"pk": uuid.uuid4(), "device_id": 1}),
    ("admin:kb_article_preview", {}),
]


@pytest.mark.parametrize("name, kwargs", STATE_CHANGING)
@pytest.mark.parametrize("htmx", [False, True])
def test_every_post_needs_the_csrf_token(director, name, kwargs, htmx):
    client = Client(enforce_csrf_checks=True)
    client.force_login(director)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(reverse(name, kwargs=kwargs), {}, **headers)
    assert response.status_code == 403


@pytest.mark.parametrize("name, kwargs", [(n, k) for n, k in STATE_CHANGING if n in POST_ONLY])
def test_state_changing_urls_refuse_get(director, name, kwargs):
    client = Client()
    client.force_login(director)
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 405


def test_a_missing_csrf_token_shows_a_japanese_page(db):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "フォームの有効期限が切れました" in response.content.decode()
