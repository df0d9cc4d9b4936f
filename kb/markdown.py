"""Markdown → safe HTML for articles.

markdown-it-py renders (raw HTML in the source is escaped, never passed
through) and nh3 sanitises the result with an allow-list, so even a bug in
the renderer cannot let script, event handlers, styles, frames, forms or
``hx-*`` attributes reach a page. Headings get ids and a table of contents is
built from the same tokens.

Setup guides mark the parts that apply to one receiving protocol with
``::: pop`` … ``:::`` and ``::: imap`` … ``:::`` (mdit-py-plugins' container
plugin); kb/protocol_blocks.py says how they look and filters them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

from .image_markup import STEP_CLASS, fill_pictures, picture_plugin, strip_picture_carriers
from .protocol_blocks import BLOCK_CLASS, CLOSING_HTML, LABEL_CLASS, PROTOCOLS, opening_html
from .slots import carry_slots, general_text, mark_slots, strip_carriers

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark",
    "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "code": {"class"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "div": {"class", "data-protocol"},  # a protocol block (kb/protocol_blocks.py), nothing else
    "p": {"class"},  # only a protocol block's label
    "li": {"class"},  # only a guide step with a picture (kb/image_markup.py)
}
_BLOCK_CLASSES = {f"{BLOCK_CLASS} {BLOCK_CLASS}--{protocol}" for protocol in PROTOCOLS}
URL_SCHEMES = {"http", "https", "mailto"}
TOC_LEVELS = (2, 3)


def _is_own_site_url(value: str) -> bool:
    """Images may only come from our own site: a path, never another host."""
    return value.startswith("/") and not value.startswith("//") and "\\" not in value


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _is_own_site_url(value) else None
    if tag == "code" and attribute == "class":
        return value if value.startswith("language-") and value.replace("-", "").isalnum() else None
    if tag == "div":
        allowed = _BLOCK_CLASSES if attribute == "class" else set(PROTOCOLS)
        return value if value in allowed else None
    if tag == "p":
        return value if value == LABEL_CLASS else None
    if tag == "li":
        return value if value == STEP_CLASS else None
    return value


def clean_html(dirty: str) -> str:
    """Sanitise HTML with the article allow-list."""
    return nh3.clean(
        dirty,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_attribute_filter,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    text = html.unescape(nh3.clean(fragment, tags=set()))
    return " ".join(text.split())


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: list[dict]  # [{"level": 2, "id": "sec-1", "text": "..."}]
    text: str  # plain text of the body, for search and snippets


def _render_protocol_block(self, tokens, index, options, env) -> str:
    token = tokens[index]
    if token.meta.get("nested"):
        return ""
    return opening_html(token.info.strip().split()[0]) if token.nesting == 1 else CLOSING_HTML


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )
    for protocol in PROTOCOLS:
        md.use(container_plugin, name=protocol, render=_render_protocol_block)
    md.use(picture_plugin)  # ![[image:12]], ![[diagram:pop-imap]]: kb/image_markup.py
    return md


def _flatten_nested_blocks(tokens) -> None:
    """A protocol block inside another one is not a block: only its content is
    rendered, so blocks never nest and a filter can find each one whole."""
    depth = 0
    for token in tokens:
        if not token.type.startswith("container_"):
            continue
        if token.nesting == 1:
            depth += 1
            token.meta["nested"] = depth > 1
        else:
            token.meta["nested"] = depth > 1
            depth -= 1


def _strip(text: str) -> str:
    return strip_picture_carriers(strip_carriers(text))


def _strip_carriers(tokens) -> None:
    """Slot and picture carriers only come from our own rules: drop any that
    character references (``&#xE000;``) put into text, titles or alt texts."""
    for token in tokens:
        token.content = _strip(token.content)
        token.attrs = {name: _strip(value) if isinstance(value, str) else value
                       for name, value in token.attrs.items()}  # fmt: skip
        _strip_carriers(token.children or ())


def render_markdown(source: str) -> Rendered:
    md = _parser()
    env: dict = {}
    tokens = md.parse(source or "", env)
    _strip_carriers(tokens)
    _flatten_nested_blocks(tokens)
    toc = []
    counter = 0
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        counter += 1
        anchor = f"sec-{counter}"
        token.attrSet("id", anchor)
        level = int(token.tag[1])
        inline = tokens[index + 1]
        text = "".join(
            child.content for child in (inline.children or []) if child.type in {"text", "code_inline"}
        ).strip()
        if level in TOC_LEVELS and text:
            toc.append({"level": level, "id": anchor, "text": general_text(text)})
    for token in tokens:
        for child in token.children or ():
            if child.type in {"text", "code_inline"}:
                child.content = carry_slots(child.content)
    raw = md.renderer.render(tokens, md.options, env)
    safe = mark_slots(clean_html(raw))
    text = html_to_text(strip_picture_carriers(safe))
    return Rendered(html=fill_pictures(safe), toc=toc, text=text)
