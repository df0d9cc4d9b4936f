"""The tests' own set-up (tests/conftest.py): Django's per-template signals,
on which the test client keeps each template's context, are on only for
tests marked ``templates``; every other test renders as the site does."""

import pytest


def test_a_page_rendered_in_an_unmarked_test_keeps_no_templates(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert response.templates == [] and response.context is None


@pytest.mark.templates
def test_a_test_marked_templates_sees_what_was_rendered_and_with_what(client):
    response = client.get("/accounts/login/")
    assert "registration/login.html" in [template.name for template in response.templates]
    assert "form" in response.context
