"""The request guard (core.security.RequestSanityMiddleware) reads Content-Length
with the site's one number parser (core.parsing)."""

import pytest
from django.test import Client


@pytest.mark.parametrize("length", ["²", "٣", "-1", "9" * 19, "1e3"])
def test_a_content_length_that_is_not_a_whole_number_is_refused(db, length):
    response = Client(raise_request_exception=False).generic("POST", "/search/", b"", CONTENT_LENGTH=length)
    assert response.status_code == 400


def test_a_body_over_the_limit_is_refused_and_one_within_it_reaches_the_view(db, settings):
    client = Client(raise_request_exception=False)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert client.generic("POST", "/search/", b"", CONTENT_LENGTH=str(limit + 1)).status_code == 400
    assert client.generic("POST", "/search/", b"", CONTENT_LENGTH="0").status_code == 405  # GET only
