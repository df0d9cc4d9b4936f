"""No form a customer or director sees answers with Django's stock messages
(「このフィールドは必須です。」, 「この値は 1 以上でなければなりません。」 …): every
form class the site's modules define, every form of every admin page (add,
change, list) and the wizard's steps with their tables of rows are sent
empty and bad input, and each message they give must name its field in our
own words (tests/core/stock_messages.py renders Django's under ``ja``) and
pass the writing guide's checks (kb.writing.findings)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from kb.writing import findings
from tests.core.stock_messages import is_stock

APPS = ("core", "kb", "wizard")
NOT_IMPORTED = ("migrations", "management", "wsgi", "gunicorn")

# One value for every field in each round (password fields share it, so
# their rules run); None sends nothing at all.
ROUNDS = {
    "nothing": None,
    "blank": "",
    "spaces": "   ",
    "word": "zz",
    "negative": "-5",
    "huge": "9" * 18,  # the most a database integer holds
    "long": "あ" * 3000,
    "control character": "a\x00b",
    "decimals": "1.23456789",
    "no such date": "2026-02-30",
    "no such time": "25:61",
    "short password": "1234",
    "common password": "password",
    "mismatched passwords": "correct-horse-battery-9",
}
SIZES = {"word": b"not an image", "blank": b"", "long": b"not an image", "negative": b"not an image"}


def site_modules():
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if not any(part in info.name for part in NOT_IMPORTED):
                yield importlib.import_module(info.name)


def site_form_classes() -> list[type]:
    """Every form class defined at the top of one of the site's modules."""
    found = {
        cls
        for module in site_modules()
        for cls in vars(module).values()
        if inspect.isclass(cls) and issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def admin_form_classes() -> set[type]:
    """Forms the admin builds its add and change forms on (walked through the admin)."""
    return {
        base
        for model_admin in admin.site._registry.values()
        for form in (getattr(model_admin, "form", None), getattr(model_admin, "add_form", None))
        if form is not None
        for base in form.__mro__
    }


def build(cls, data=None, files=None, **extra):
    parameters = {
        name
        for klass in cls.__mro__
        if "__init__" in vars(klass)
        for name in inspect.signature(klass.__init__).parameters
    }
    if "request" in parameters:  # a login form
        extra.setdefault("request", RequestFactory().post("/accounts/login/"))
    if "user" in parameters:
        extra.setdefault("user", extra.pop("owner"))
    extra.pop("owner", None)
    return cls(data=data, files=files, **extra)


def bad_input(form, round_name: str, value):
    """What a browser would send with ``value`` typed into every field."""
    data, files = QueryDict(mutable=True), {}
    if value is None:
        return data, files
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        typed = value
        if round_name == "mismatched passwords" and name.endswith("password2"):
            typed = "another-horse-battery-9"
        if isinstance(field, forms.FileField):
            if round_name in SIZES:
                filename = "あ" * 300 + ".png" if round_name == "long" else "picture.png"
                files[key] = SimpleUploadedFile(filename, SIZES[round_name], content_type="image/png")
                if round_name == "negative":
                    data[f"{key}-clear"] = "on"
        elif isinstance(field.widget, forms.MultiWidget):
            for suffix in field.widget.widgets_names:
                data[key + suffix] = typed
        elif isinstance(field.widget, forms.SelectMultiple | forms.CheckboxSelectMultiple):
            data.setlist(key, [typed])
        else:
            data[key] = typed
    return data, files


def as_submitted(form) -> QueryDict:
    """An unbound form's values as a browser would send them back (a duplicate)."""
    data = QueryDict(mutable=True)
    for bound in form:
        value, widget = bound.value(), bound.field.widget
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for suffix, part in zip(widget.widgets_names, parts, strict=False):
                data[bound.html_name + suffix] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            data.setlist(bound.html_name, [str(item) for item in value])
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def messages_of(form) -> list[str]:
    if isinstance(form, forms.BaseFormSet):
        rows = [message for row in form.forms for message in messages_of(row)]
        return [str(message) for message in form.non_form_errors()] + rows
    return [str(message) for errors in form.errors.values() for message in errors]


def walk(cls, owner, **extra) -> dict[str, list[str]]:
    """Every message ``cls`` gives for each round of bad input: {round: messages}."""
    probe = build(cls, owner=owner, **extra)
    given = {}
    for round_name, value in ROUNDS.items():
        data, files = bad_input(probe, round_name, value)
        given[round_name] = messages_of(build(cls, data, files, owner=owner, **extra))
    model = getattr(getattr(cls, "_meta", None), "model", None)
    if model is not None and extra.get("instance") is None and model._default_manager.exists():
        existing = model._default_manager.first()  # its twin: unique values clash
        twin = as_submitted(build(cls, owner=owner, **(extra | {"instance": existing})))
        given["duplicate"] = messages_of(build(cls, twin, owner=owner, **extra))
    return given


def problems(origin: str, given: dict[str, list[str]]) -> list[str]:
    found = []
    for round_name, messages in given.items():
        for message in messages:
            if is_stock(message):
                found.append(f"{origin} [{round_name}] Django's own: {message}")
            for finding in findings(message):
                found.append(f"{origin} [{round_name}] {finding.rule}: {message}")
    return found


@pytest.fixture
def owner(admin_user, contact, make_article):
    """A superuser, and one row of each table a form may find a twin in."""
    from django.contrib.auth.models import Group

    from kb.models import SynonymGroup
    from wizard.models import HostPreset

    make_article()
    Group.objects.create(name="編集者")
    SynonymGroup.objects.create(words="受信トレイ\n受信箱", note="")
    HostPreset.objects.create(key="example", name="見本レンタルサーバー", smtp_port="465")
    return admin_user


@pytest.fixture(autouse=True)
def _japanese():
    with translation.override("ja"):
        yield


def test_the_site_defines_forms_of_each_kind_and_the_walk_finds_them():
    names = {cls.__name__ for cls in site_form_classes()}
    assert {"SearchForm", "VoteReasonForm", "LoginForm", "CustomerForm", "DeviceRowForm"} <= names
    assert {"HearingFilterForm", "CustomerLinkForm", "DeviceReportForm", "NoticeSettingForm"} <= names
    assert {"ArticleAdminForm", "ArticleImageForm", "AgencyContactForm"} <= {
        cls.__name__ for cls in admin_form_classes()
    }


def _variants() -> dict[str, list[dict]]:
    """Forms that need what their page gives them: each way a page builds them."""
    from wizard.engine.catalogue import CLIENTS

    return {
        "DeviceReportForm": [{}, {"quantity": 3, "name": "事務所のPC"}],
        "LabelCheckForm": [{"client": CLIENTS[key]} for key in ("outlook_classic", "ios_mail", "becky")],
    }


VARIANTS = _variants()


def test_no_form_of_the_site_answers_with_djangos_own_words(owner):
    through_admin = admin_form_classes()
    found = []
    for cls in site_form_classes():
        if cls in through_admin:
            continue  # the admin builds its own class from it: walked below, as the admin uses it
        variants = VARIANTS.get(cls.__name__, [{}])
        for extra in variants:
            found += problems(cls.__qualname__, walk(cls, owner, **extra))
    assert not found, "\n".join(found)


def test_no_admin_form_answers_with_djangos_own_words(owner):
    request = RequestFactory().get("/admin/")
    request.user = owner
    found = []
    for model, model_admin in admin.site._registry.items():
        existing = model._default_manager.first()
        for obj in {None, existing}:
            form = model_admin.get_form(request, obj, change=obj is not None)
            origin = f"admin {model.__name__} {'change' if obj else 'add'}"
            found += problems(origin, walk(form, owner, instance=obj))
        if model_admin.list_editable:
            changelist = model_admin.get_changelist_form(request)
            found += problems(f"admin {model.__name__} list", walk(changelist, owner, instance=existing))
    assert not found, "\n".join(found)


@pytest.mark.templates  # reads response.context / response.templates
def test_the_admins_login_and_password_pages_answer_in_our_words(client, owner):
    refused = client.post(reverse("admin:login"), {"username": "nobody", "password": "wrong-password"})
    assert "ユーザー名またはパスワードが正しくありません。" in refused.content.decode()
    client.force_login(owner)
    page = reverse("admin:password_change")
    wrong = {"old_password": "wrong", "new_password1": "1234", "new_password2": "1235"}
    form = client.post(page, wrong).context["form"]
    assert messages_of(form) == [
        "いまのパスワードが正しくありません。もう一度入力してください。",
        "2つのパスワードが一致しません。同じパスワードを2回入力してください。",
    ]
    short = {"old_password": "correct-horse-battery", "new_password1": "1234", "new_password2": "1234"}
    assert messages_of(client.post(page, short).context["form"]) == [
        "パスワードが短すぎます。12文字以上にしてください。",
        "よく使われるパスワードのため、使えません。別のパスワードにしてください。",
        "数字だけのパスワードは使えません。英字や記号も混ぜてください。",
    ]


def test_the_wizards_steps_and_their_rows_answer_in_our_words(owner, db):
    from wizard.models import Device, Hearing, Mailbox
    from wizard.steps import STEPS, Flow

    hearing = Hearing.objects.create(company="株式会社テスト", contact_name="山田", director=owner)
    mailbox = Mailbox.objects.create(hearing=hearing, address="info@example.com", people=1)
    Device.objects.create(mailbox=mailbox, kind="pc", client="thunderbird")
    flow = Flow(hearing)
    found = []
    for step in STEPS:
        prefixes = [form.prefix for form in step.initial(flow).forms() if isinstance(form, forms.BaseFormSet)]
        overfull = QueryDict(mutable=True)
        for prefix in prefixes:
            overfull.update({f"{prefix}-TOTAL_FORMS": "5000", f"{prefix}-INITIAL_FORMS": "0"})
        for round_name, data in {"nothing": QueryDict(), "too many rows": overfull}.items():
            bundle = step.bind(flow, data)
            bundle.is_valid()
            messages = [message for form in bundle.forms() for message in messages_of(form)]
            found += problems(f"step {step.slug}", {round_name: messages})
    assert not found, "\n".join(found)


def test_a_stock_message_is_recognised_whatever_values_it_was_given():
    assert is_stock("このフィールドは必須です。")
    assert is_stock("この値は 100 文字以下でなければなりません( 101 文字になっています)。")
    assert is_stock("正しく選択してください。 zz は候補にありません。")
    assert not is_stock("「会社名」を入力してください。")


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_an_overlong_user_name_is_a_field_error_on_every_login_page(client, db, path):
    response = client.post(path, {"username": "あ" * 3000, "password": "x"})
    assert response.status_code == 200
    assert "150文字以内で入力してください" in response.content.decode()
