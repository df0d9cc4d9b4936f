"""``make mailserver-check`` (scripts/mailserver_check.py) fails when a value
we hand over would not log in: shown here with throw-away changes made in the
test (never in the product), against the real test mail server."""

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tests.hearing_shapes import SHAPES
from tests.starter_articles import place_starter_articles
from wizard.handoff import files, servers

pytestmark = pytest.mark.django_db(transaction=True)  # the mailbox reads run on check threads

SHAPE = {shape.name: shape for shape in SHAPES}
SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "mailserver_check.py"


@pytest.fixture
def check(director_client, director, on_mailserver):
    place_starter_articles()
    spec = importlib.util.spec_from_file_location("mailserver_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("mailserver_check", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)

    def run(name):
        return module.run_check(
            director_client, director, on_mailserver, [SHAPE[name]], out=lambda line: None
        )

    return run


def test_a_japanese_script_domain_passes_with_every_login_and_its_mailbox_read(check):
    report = check("Japanese-script domain")
    assert (report.passed, report.summary) == (
        True,
        "mailserver-check: logins 12/12 with handed-over values, mailbox facts 1/1",
    )


def test_the_check_fails_when_the_autoconfig_gives_the_address_where_an_account_name_logs_in(
    check, monkeypatch
):
    writes = files._autoconfig_server  # the file says %EMAILADDRESS%; the sheet still says the file fits

    def address_as_username(parent, tag, kind, server):
        return writes(parent, tag, kind, replace(server, username="%EMAILADDRESS%"))

    monkeypatch.setattr(files, "_autoconfig_server", address_as_username)
    report = check("account-name login")
    failed = [line for line in report.failures if " autoconfig " in line]
    assert not report.passed and report.logins_ok == report.logins - 2
    assert len(failed) == 2 and all("sales@example-test.jp@mail.example-test.jp" in line for line in failed)
    assert report.summary.startswith(f"mailserver-check: logins {report.logins - 2}/{report.logins} ")


def test_the_check_fails_when_a_japanese_script_host_is_handed_over_without_its_ascii_form(
    check, monkeypatch
):
    monkeypatch.setattr(servers, "typed_host", lambda host: host)
    report = check("Japanese-script domain")
    assert not report.passed
    assert {line.split(": ")[1].split()[1] for line in report.failures} == {"sheet", "guide"}
    assert all(
        "'mail.名古屋精機.jp' is not a host name a mail client accepts" in line for line in report.failures
    )
