"""What the missed-search report may keep of a query (``kb.MissedSearch``): pure rules.

Customers type more than search words into the box: their mail address,
their phone number, a link to their settings sheet. The report must never
keep those, so a query is dropped before anything is stored when it
``looks_private``:

- a mail address (``yamada.taro@example.co.jp``, also with ``＠``);
- a Japanese phone number, however it is written: ``090-1234-5678``,
  ``03(1234)5678``, ``0312345678``, ``+81 90 1234 5678``, full-width digits
  and dashes (``０９０ー１２３４ー５６７８``), ``0120`` numbers;
- a postal code (``〒460-0008``, ``460-0008``);
- a link (``https://…``, ``www.…``), anything naming this site's host or the
  customer-link prefix (``/sheet/``);
- a token-shaped run of letters and digits (a customer link's token is 43 of
  them), which casefolding would not make safe.

A query that passes is stored as a keyed digest (``digest``) until it has
been seen on ``KEEP_AFTER_DAYS`` different days; only then does the report
hold its words (``kb.services.missed_search_record``).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.crypto import salted_hmac

KEEP_AFTER_DAYS = 3  # a query's words are kept once it was searched on this many different days
MAX_ROWS = 10_000  # the report's size; the rows seen longest ago make room

_ADDRESS = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@.]+")
# Whatever separates the groups of a Japanese number as people type it (after NFKC):
# hyphens and dashes of every width, the long-vowel mark, brackets, dots, spaces.
_SEPARATORS = r"\-‐‑‒–—―−ー()（）.\s"
_NUMBER_RUN = re.compile(rf"\+?\d[\d{_SEPARATORS}]*\d")
_POSTAL_CODE = re.compile(r"〒\s*\d{3}|(?<!\d)\d{3}[\-‐‑–—―−ー]\d{4}(?!\d)")
_LINK = re.compile(r"[a-z][a-z0-9+.\-]*://|www\.", re.IGNORECASE)
_TOKEN_LIKE = re.compile(r"[A-Za-z0-9_\-]{20,}")


_COUNTRY_CODE = re.compile(rf"\+[{_SEPARATORS}]*81[{_SEPARATORS}]*")


def _has_phone(text: str) -> bool:
    """Some consecutive groups of digits, separated as people separate them, make
    a Japanese number: 0 and nine or ten more digits (+81 stands for the 0)."""
    for run in _NUMBER_RUN.findall(_COUNTRY_CODE.sub(" 0", text)):
        groups = re.findall(r"\d+", run)
        for start in range(len(groups)):
            digits = ""
            for group in groups[start:]:
                digits += group
                if digits.startswith("0") and 10 <= len(digits) <= 11:
                    return True
                if len(digits) > 11:
                    break
    return False


def _token_shaped(run: str) -> bool:
    letters = sum(char.isalpha() for char in run)
    digits = sum(char.isdigit() for char in run)
    return len(run) >= 32 or (letters and digits >= 2)


def looks_private(query: str) -> bool:
    """True when ``query`` (as typed or cleaned) may hold something about a person
    or a private link (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", query or "")
    folded = text.casefold()
    site = urlsplit(settings.SITE_URL).hostname or ""
    private_paths = ("/" + settings.CUSTOMER_LINK_PREFIX.strip("/") + "/",)
    return bool(
        _ADDRESS.search(text)
        or _has_phone(text)
        or _POSTAL_CODE.search(text)
        or _LINK.search(text)
        or (site and site.casefold() in folded)
        or any(path in folded for path in private_paths)
        or any(_token_shaped(run) for run in _TOKEN_LIKE.findall(text))
    )


def digest(query: str) -> str:
    """The query's keyed fingerprint (HMAC-SHA256 with the secret key): the same
    words give the same digest in every process, and nobody without the key
    can tell which words they were."""
    return salted_hmac("kb.missed-search", query, algorithm="sha256").hexdigest()
