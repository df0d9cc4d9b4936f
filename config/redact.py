"""Keep customer link tokens out of logs.

A customer's private link carries its token in the path (``/sheet/<token>/``).
The database stores only a hash of it, so logs must not keep it either:
Django's request log (404/410 warnings), the development server's log and
gunicorn's access log all print paths. Each goes through ``redact`` here.
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

TOKEN_IN_PATH = re.compile(r"(/sheet/)[^/\s?#\"']+")
REDACTED = r"\1[redacted]"


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(REDACTED, text)


class RedactLinkTokens(logging.Filter):
    """Logger filter: rewrite the record in place, before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


class RedactingGunicornLogger(GunicornLogger):
    """gunicorn ``--logger-class``: the access log without link tokens."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # Every text atom: request line, path, referer, and the {header}i / {environ}e ones.
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
