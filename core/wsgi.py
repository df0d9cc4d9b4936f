"""What must be settled before Django builds a request from the WSGI environ.

Django decodes the query string and form fields with the charset that a
request's Content-Type names. Our pages are UTF-8 and browsers send their
forms back in UTF-8; any other charset is a hand-made request, and some
names (``rot13``, ``idna``, ``punycode``) make Django fail while it builds
the request, before any middleware could answer. So such a request reaches
Django without its charset, marked, and ``RequestSanityMiddleware`` answers
the styled 400 page (with every security header) instead of a 500.
"""

from __future__ import annotations

import codecs

from django.utils.http import parse_header_parameters

REFUSED_CHARSET = "mailnavi.refused_charset"
_ACCEPTED = {"utf-8", "ascii"}


def foreign_charset(content_type: str) -> str | None:
    """The charset named in ``content_type`` unless it is UTF-8 (or ASCII)."""
    charset = parse_header_parameters(content_type or "")[1].get("charset")
    if charset is None:
        return None
    try:
        name = codecs.lookup(charset).name
    except (LookupError, ValueError):  # unknown, or not even a name ("\x00")
        return charset
    return None if name in _ACCEPTED else charset


class CharsetGuard:
    """WSGI middleware around Django: see the module's docstring."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        charset = foreign_charset(environ.get("CONTENT_TYPE", ""))
        if charset is not None:
            bare = environ["CONTENT_TYPE"].split(";", 1)[0]
            environ = {**environ, "CONTENT_TYPE": bare, REFUSED_CHARSET: charset}
        return self.application(environ, start_response)
