"""Two revisions of an article side by side, for the admin's comparison page.

The body is compared paragraph by paragraph (blocks of Markdown between
blank lines): a changed paragraph is shown whole, before and after, with the
changed characters marked; added and removed paragraphs are shown whole;
unchanged ones are counted, not repeated. Short fields are shown whole too.
Nothing is cut short.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# The fields an editor changes, in the order of the form (body apart).
COMPARED_FIELDS = (
    "title", "slug", "category", "summary", "status", "published_at", "featured", "order",
    "checked_on", "review_by", "author",
)  # fmt: skip


@dataclass(frozen=True)
class Block:
    kind: str  # "same", "changed", "added" or "removed"
    old: SafeString = mark_safe("")
    new: SafeString = mark_safe("")
    unchanged: int = 0  # for "same": how many paragraphs


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


def paragraphs(markdown: str) -> list[str]:
    """The blocks of Markdown between blank lines, trailing spaces trimmed."""
    blocks = re.split(r"\n[ \t]*\n", (markdown or "").replace("\r\n", "\n"))
    return [
        "\n".join(line.rstrip() for line in block.strip("\n").split("\n"))
        for block in blocks
        if block.strip()
    ]


def _marked(text: str, spans: list[tuple[int, int]], tag: str) -> SafeString:
    out, cursor = [], 0
    for start, end in spans:
        out.append(escape(text[cursor:start]))
        out.append(f"<{tag}>{escape(text[start:end])}</{tag}>")
        cursor = end
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))  # every piece of text is escaped


def inline_changes(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both paragraphs whole, the characters only one of them has marked (del / ins)."""
    removed, added = [], []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed.append((i1, i2))
        if tag in ("replace", "insert"):
            added.append((j1, j2))
    return _marked(old, removed, "del"), _marked(new, added, "ins")


def compare_text(old: str, new: str) -> list[Block]:
    before, after = paragraphs(old), paragraphs(new)
    blocks: list[Block] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            blocks.append(Block("same", unchanged=i2 - i1))
            continue
        removed, added = before[i1:i2], after[j1:j2]
        for index in range(max(len(removed), len(added))):
            if index < len(removed) and index < len(added):
                old_html, new_html = inline_changes(removed[index], added[index])
                blocks.append(Block("changed", old=old_html, new=new_html))
            elif index < len(removed):
                blocks.append(Block("removed", old=escape(removed[index])))
            else:
                blocks.append(Block("added", new=escape(added[index])))
    return blocks


def _shown(record, name: str) -> str:
    if hasattr(record, f"get_{name}_display"):
        return str(getattr(record, f"get_{name}_display")())
    try:
        value = getattr(record, name)
    except ObjectDoesNotExist:  # a category or author deleted since
        return str(getattr(record, f"{name}_id"))
    if isinstance(value, bool):
        return str(_("はい") if value else _("いいえ"))
    return "" if value is None else str(value)


def field_changes(old, new) -> list[FieldChange]:
    """The fields (other than the body) whose values differ, whole."""
    changes = []
    for name in COMPARED_FIELDS:
        before, after = _shown(old, name), _shown(new, name)
        if before != after:
            changes.append(FieldChange(str(new._meta.get_field(name).verbose_name), before, after))
    return changes
