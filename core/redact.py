"""Keep customer-link tokens out of logs.

A customer link carries its token in the path (``/sheet/<token>/``; the
prefix is ``settings.CUSTOMER_LINK_PREFIX``, written only there). The database
stores only a hash of it, so logs must not keep it either: Django's request
log (404/410 warnings), the development server's log and gunicorn's access
log all print paths. Each goes through ``redact`` here.
"""

from __future__ import annotations

import functools
import logging
import re

from django.conf import settings
from gunicorn.glogging import Logger as GunicornLogger

REDACTED = r"\1[redacted]"


@functools.cache
def _token_in_path() -> re.Pattern:
    prefix = "/" + settings.CUSTOMER_LINK_PREFIX.strip("/") + "/"
    return re.compile("(" + re.escape(prefix) + r")[^/\s?#\"']+")


def redact(text: str) -> str:
    return _token_in_path().sub(REDACTED, text)


class RedactCustomerLinkTokens(logging.Filter):
    """Logger filter: rewrite the record in place, before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


class RedactingGunicornLogger(GunicornLogger):
    """gunicorn ``--logger-class``: the access log without customer-link tokens."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # Every text atom: request line, path, referer, and the {header}i / {environ}e ones.
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
