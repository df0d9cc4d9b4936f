"""Browser tests: Playwright driving Debian's Chromium against live_server.

Never use Playwright's own browser installer: it downloads a browser, which fails here. With
CI=true a missing Chromium fails the run instead of skipping it.
"""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                "Chromium is not installed: CI must run the browser tests (apt-get install chromium)."
            )
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def console_errors(page):
    """Every console error, uncaught page error and CSP violation of the test's page."""
    page.add_init_script(CSP_LISTENER)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def articles(transactional_db):
    from kb.services import starter_articles_load

    starter_articles_load()


PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def director(transactional_db, django_user_model):
    """A ディレクター who logs in with PASSWORD (see test_wizard_browser.login)."""
    from wizard.roles import ensure_director_group

    user = django_user_model.objects.create_user(username="tanaka", password=PASSWORD, is_staff=True)
    user.groups.add(ensure_director_group())
    return user


@pytest.fixture(autouse=True)
def _site_url_is_the_live_server(request, settings):
    """Customer links and printed links name DJANGO_SITE_URL: here, the live server."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url
