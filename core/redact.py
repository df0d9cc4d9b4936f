"""What logs must never hold, and the one filter that keeps it out.

``LogRedactionFilter`` sits on every handler (settings.LOGGING, root
included, and gunicorn's access and error logs through
``RedactingGunicornLogger``), so it sees each line whichever logger wrote
it: Django's request and CSRF logs, the security log, the development
server, gunicorn. It rewrites the line it is about to print:

- **Customer-link tokens.** A link carries its token in the path
  (``/sheet/<token>/``; the prefix is ``settings.CUSTOMER_LINK_PREFIX``).
  The database keeps only a hash, so logs keep ``/sheet/[redacted]/``, also
  when the path was percent-encoded by the client (``/sheet%2F<token>/``,
  ``/%73heet/…``, encoded twice): gunicorn logs the raw request line. Paths
  that only look like a link and answer 404 (``/SHEET/<token>/``,
  ``/sheet;x/<token>/``, ``/sheet\\<token>/``, ``/sheet/%2e/<token>/``)
  lose every token-shaped run (16 or more URL-safe characters) after the
  prefix's name, in any case, after any separator; and a ``token`` value
  printed as a keyword (``{'token': '…'}`` in a ``NoReverseMatch``,
  ``token=…``) loses its value.
- **What staff searched for.** Query strings under the staff pages
  (``/wizard/?q=山田``, the admin's searches, ``/accounts/login/?next=…``)
  name customers: ``?[redacted]``. So do the public search's
  (``settings.PUBLIC_SEARCH_PREFIXES``): a customer may type an address or
  paste a link into the box.
- **Forged lines.** Control characters (CR, LF, ESC, …) and invisible
  format characters in the message are escaped (``\\x0a``), so no value a
  visitor typed (a user name, a header) can start a line of its own.

It also keeps refusals from looking like faults: Django logs a 403 raised as
``PermissionDenied`` with the exception's traceback; a 4xx of
``django.request`` keeps its one line (the security log has who and where)
and only a 5xx keeps its traceback.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import unicodedata

from django.conf import settings
from gunicorn.glogging import Logger as GunicornLogger

REDACTED = "[redacted]"


def _encoded(text: str) -> str:
    """A regex for ``text`` as it may appear in a raw request line: each
    character literally or percent-encoded, once or more (``%2F``, ``%252F``)."""
    return "".join(f"(?:{re.escape(char)}|%(?:25)*(?i:{ord(char):02x}))" for char in text)


_NOT_ENCODED_SLASH = r"(?!%(?:25)*(?i:2f))"


# A character of a token (base64url), as it may appear in a raw request line.
_TOKEN_CHAR = r"(?:[A-Za-z0-9_-]|%(?:25)*[0-9A-Fa-f]{2})"
TOKEN_RUN = re.compile(rf"(?<![A-Za-z0-9_-]){_TOKEN_CHAR}{{16,}}")
# A path separator, as typed or percent-encoded: / \\ (gunicorn logs either).
_SEPARATOR = r"(?:/|\\|%(?:25)*(?i:2f|5c))"


def _any_case(text: str) -> str:
    """A regex for ``text`` in any case, each letter literal or percent-encoded."""
    return "".join(
        f"(?:[{char.lower()}{char.upper()}]|%(?:25)*(?i:{ord(char.lower()):02x}|{ord(char.upper()):02x}))"
        if char.isalpha()
        else _encoded(char)
        for char in text
    )


@functools.cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    link_prefix = "/" + settings.CUSTOMER_LINK_PREFIX.strip("/") + "/"
    token = re.compile("(" + _encoded(link_prefix) + ")" + rf"(?:{_NOT_ENCODED_SLASH}[^/\s?#\"'])+")
    name = _any_case(settings.CUSTOMER_LINK_PREFIX.strip("/"))
    lookalike = re.compile(rf"({_SEPARATOR}{name})(?![A-Za-z0-9])([^\s\"']*)")
    keyword = re.compile(r"""(\btoken['"]?\s*[:=]\s*['"]?)[^\s'"&,;)}\]]+""", re.IGNORECASE)
    prefixes = (*settings.STAFF_URL_PREFIXES, *settings.PUBLIC_SEARCH_PREFIXES)
    staff = "|".join(_encoded("/" + prefix.strip("/") + "/") for prefix in prefixes)
    staff_query = re.compile(rf"((?:{staff})[^\s?#\"']*\?)[^\s#\"']+")
    return token, lookalike, keyword, staff_query


def _hide_runs(match: re.Match) -> str:
    return match.group(1) + TOKEN_RUN.sub(REDACTED, match.group(2))


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}


def redact(text: str) -> str:
    """``text`` without link tokens or staff queries (see the module's docstring)."""
    token, lookalike, keyword, staff_query = _patterns()
    text = token.sub(rf"\1{REDACTED}", text)
    text = lookalike.sub(_hide_runs, text)
    text = keyword.sub(rf"\1{REDACTED}", text)
    return staff_query.sub(rf"\1{REDACTED}", text)


def clean_line(text: str) -> str:
    """``redact(text)`` with control and format characters escaped: one line."""
    text = redact(text)
    if text.isprintable():  # the usual case, checked in C
        return text
    return "".join(_escape(char) if _is_control(char) else char for char in text)


class LogRedactionFilter(logging.Filter):
    """Handler filter: the record's final message, redacted and on one line.
    A traceback (``exc_text``) keeps its lines but loses any token."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = clean_line(record.getMessage())
        record.args = ()
        if record.name == "django.request" and getattr(record, "status_code", 500) < 500:
            record.exc_info, record.exc_text = None, None  # a refusal, not a fault
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class RedactingGunicornLogger(GunicornLogger):
    """gunicorn ``--logger-class``: its access and error logs through the same filter."""

    def setup(self, cfg):
        # The filter reads two settings; gunicorn's master process logs before
        # any worker has loaded config.wsgi, which names the settings module.
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            for handler in log.handlers:
                handler.addFilter(LogRedactionFilter())
