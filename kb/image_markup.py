"""Pictures in the Markdown pipeline: ``![[image:12]]`` and ``![[diagram:pop-imap]]``.

Carried through kb/markdown.py the way slots are (kb/slots.py): the parser
turns a reference into a token, the token renders as two private-use
characters around the reference (never an attribute: those characters are
stripped from whatever editors write), nh3 sanitises the HTML around it,
and ``fill_pictures`` replaces each carrier with markup built here from the
picture's own row (escaped) or from one of our own drawings. Editors choose
which picture, never its markup.

Where a picture goes: a reference inside a paragraph is moved just after
that paragraph as a ``<figure>`` (a figure may not sit inside a ``<p>``).
Inside a list item (a step of a guide) the step's text keeps its own
paragraph and the item gets the class ``has-figure``, so the step shows its
screenshot beside the text on wide screens and below it on phones
(static/css/pictures.css). In a table cell the figure stays in the cell; in a
heading a reference is dropped.

Loading: the first picture before the first ``##`` heading may be the
largest thing on the first screen and loads at once; every other picture
loads lazily (``loading="lazy"``). Each ``<img>`` has ``width``/``height``
(no layout shift), ``srcset`` of its WebP files and ``sizes`` for where it
sits.
"""

from __future__ import annotations

import re

from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from markdown_it.token import Token

from . import diagrams

STEP_CLASS = "has-figure"
_OPEN, _CLOSE = "\ue002", "\ue003"
_WRITTEN = re.compile(r"!\[\[(image|diagram):([a-z0-9-]{1,60})\]\]")
_CARRIED = re.compile(f"{_OPEN}(image|diagram):([a-z0-9-]+):([a-z]*){_CLOSE}")

# How wide a picture is shown (static/css/pictures.css), for the browser to pick a file.
SIZES = {
    "wide": "(min-width: 48rem) 44rem, calc(100vw - 2rem)",
    "step": "(min-width: 48rem) 20rem, calc(100vw - 4rem)",
    "portrait": "(min-width: 30rem) 18rem, calc(100vw - 4rem)",
}


def strip_picture_carriers(text: str) -> str:
    """Text without picture carriers, whole or stray."""
    return _CARRIED.sub("", text or "").replace(_OPEN, "").replace(_CLOSE, "")


def written_references(source: str) -> list[tuple[str, str]]:
    """(kind, key) of every picture reference in Markdown, in order."""
    return [(kind, key) for kind, key in _WRITTEN.findall(source or "")]


# Parsing ---------------------------------------------------------------------------------


def _picture_rule(state, silent: bool) -> bool:
    if not state.src.startswith("![[", state.pos):
        return False
    match = _WRITTEN.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("kb_picture", "", 0)
        token.meta = {"kind": match.group(1), "key": match.group(2)}
    state.pos = match.end()
    return True


def _carrier(token: Token) -> str:
    flags = ("e" if token.meta.get("eager") else "") + ("s" if token.meta.get("step") else "")
    return f"{_OPEN}{token.meta['kind']}:{token.meta['key']}:{flags}{_CLOSE}"


def _render_inline(self, tokens, index, options, env) -> str:
    return _carrier(tokens[index])


def _render_block(self, tokens, index, options, env) -> str:
    return _carrier(tokens[index]) + "\n"


def _is_blank(child: Token) -> bool:
    return child.type in {"softbreak", "hardbreak"} or (child.type == "text" and not child.content.strip())


def _place_pictures(state) -> None:
    """Move each reference out of its paragraph (see the module docstring)."""
    tokens = state.tokens
    items: list[Token] = []  # the list items we are in
    seen_heading = False
    first_image = [True]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "list_item_open":
            items.append(token)
        elif token.type == "list_item_close":
            items.pop()
        elif token.type == "heading_open":
            seen_heading = seen_heading or token.tag == "h2"
            tokens[index + 1].children = [
                c for c in tokens[index + 1].children or () if c.type != "kb_picture"
            ]
        elif token.type == "inline":
            for child in token.children or ():
                if child.type == "kb_picture":
                    _mark_loading(child, seen_heading, first_image)
        if token.type == "paragraph_open" and _has_pictures(tokens[index + 1]):
            for child in tokens[index + 1].children:
                if child.type == "kb_picture":
                    _mark_loading(child, seen_heading, first_image)
            index = _move_out(tokens, index, items[-1] if items else None)
            continue
        index += 1


def _mark_loading(token: Token, seen_heading: bool, first_image: list[bool]) -> None:
    if token.meta["kind"] == "image":
        token.meta["eager"] = first_image[0] and not seen_heading
        first_image[0] = False


def _has_pictures(inline: Token) -> bool:
    return any(child.type == "kb_picture" for child in inline.children or ())


def _move_out(tokens: list[Token], start: int, item: Token | None) -> int:
    """Paragraph at ``start`` (open, inline, close) → the paragraph without its
    pictures, then one block token per picture. Returns the index after them."""
    opening, inline, closing = tokens[start : start + 3]
    pictures = [child for child in inline.children if child.type == "kb_picture"]
    children = [child for child in inline.children if child.type != "kb_picture"]
    while children and _is_blank(children[-1]):
        children.pop()
    while children and _is_blank(children[0]):
        children.pop(0)
    if children and children[-1].type == "text":
        children[-1].content = children[-1].content.rstrip()
    blocks = []
    for picture in pictures:
        block = Token("kb_figure", "", 0, block=True, level=opening.level, meta=dict(picture.meta))
        if item is not None:
            block.meta["step"] = True
        blocks.append(block)
    if item is not None and any(p.meta["kind"] == "image" for p in pictures):
        item.attrSet("class", STEP_CLASS)
    if children:
        inline.children = children
        if item is not None:
            opening.hidden = closing.hidden = False  # the step's text in a <p> of its own, beside the figure
        tokens[start + 3 : start + 3] = blocks
    else:
        tokens[start : start + 3] = blocks
        return start + len(blocks)
    return start + 3 + len(blocks)


def picture_plugin(md) -> None:
    """markdown-it plugin: parse, place and render picture references as carriers."""
    md.inline.ruler.before("image", "kb_picture", _picture_rule)
    md.core.ruler.after("inline", "kb_place_pictures", _place_pictures)
    md.add_render_rule("kb_picture", _render_inline)
    md.add_render_rule("kb_figure", _render_block)


# Filling ---------------------------------------------------------------------------------


def _image_markup(image, *, eager: bool, step: bool) -> str:
    variants = list(image.variants.all())
    if not variants:
        return ""
    largest = variants[-1]
    src = next((v for v in variants if v.width >= 720), largest)
    shape = "portrait" if image.is_portrait else "step" if step else "wide"
    srcset = ", ".join(f"{v.url()} {v.width}w" for v in variants)
    loading = "eager" if eager else "lazy"
    img = format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async">',
        src.url(), srcset, SIZES[shape], largest.width, largest.height, image.alt, loading,
    )  # fmt: skip
    caption = _caption(image)
    figcaption = format_html("<figcaption>{}</figcaption>", caption) if caption else ""
    return format_html('<figure class="kb-figure kb-figure--{}">{}{}</figure>', shape, img, figcaption)


def _caption(image) -> str:
    parts = []
    if image.caption:
        parts.append(escape(image.caption))
    if image.client_version:
        shown = (
            _("%(version)sの画面（%(date)s撮影）")
            % {"version": image.client_version, "date": date_format(image.taken_on, "Y年n月j日")}
            if image.taken_on
            else _("%(version)sの画面") % {"version": image.client_version}
        )
        parts.append(format_html('<span class="kb-figure__version">{}</span>', shown))
    return format_html("".join(["{}"] * len(parts)), *parts) if parts else ""


def _images(ids: list[int]) -> dict:
    if not ids:
        return {}
    from django.db.models import Prefetch

    from .images import ArticleImage, ImageVariant

    variants = Prefetch("variants", queryset=ImageVariant.objects.defer("data").order_by("width"))
    return ArticleImage.objects.prefetch_related(variants).in_bulk(ids)


def fill_pictures(html: str) -> str:
    """Carriers in sanitised HTML → figures (unknown pictures → nothing)."""
    if _OPEN not in html:
        return html
    ids = [int(key) for kind, key, _flags in _CARRIED.findall(html) if kind == "image" and key.isdigit()]
    images = _images(ids)
    seen: dict[str, int] = {}

    def replace(match: re.Match) -> str:
        kind, key, flags = match.groups()
        if kind == "diagram":
            seen[key] = seen.get(key, 0) + 1
            return diagrams.figure(key, occurrence=seen[key])
        image = images.get(int(key)) if key.isdigit() else None
        return _image_markup(image, eager="e" in flags, step="s" in flags) if image else ""

    return _CARRIED.sub(replace, html)
