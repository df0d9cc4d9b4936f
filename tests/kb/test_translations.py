"""The compiled Japanese catalogue matches its source (locale/ja/LC_MESSAGES)."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES"


def po_entries(path: Path) -> dict[str, str]:
    """msgid → msgstr (first form) of a .po file; enough for our small catalogue."""
    entries, key, current = {}, None, {}
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        match = re.match(r'(msgid|msgid_plural|msgstr(?:\[0\])?) "(.*)"$', line)
        if match:
            key = match.group(1)
            current[key] = match.group(2)
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
        elif not line.strip() and current:
            if current.get("msgid"):
                entries[current["msgid"]] = current.get("msgstr", current.get("msgstr[0]", ""))
            current, key = {}, None
    return {k.replace('\\"', '"'): v.replace('\\"', '"') for k, v in entries.items()}


def test_the_committed_mo_file_says_what_the_po_file_says():
    compiled = gettext.GNUTranslations((LOCALE / "django.mo").open("rb"))
    entries = po_entries(LOCALE / "django.po")
    assert len(entries) >= 20
    for msgid, msgstr in entries.items():
        assert compiled.gettext(msgid) == msgstr, f"recompile locale/ja: {msgid!r}"


@pytest.mark.parametrize("english", ["Choose a date from the list below to revert to a previous version of this object.",
                                     "Changed by", "Revert"])  # fmt: skip
def test_the_history_package_speaks_japanese(english):
    from django.utils import translation

    with translation.override("ja"):
        assert translation.gettext(english) != english
