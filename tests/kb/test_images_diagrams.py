"""Our drawings (static/diagrams/, kb/diagrams.py) in the basics articles."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings

from kb.diagrams import DIAGRAMS, figure
from kb.markdown import render_markdown
from kb.services import CONTENT_DIR
from kb.writing import findings

SVG = "{http://www.w3.org/2000/svg}"
STATIC = Path(settings.BASE_DIR) / "static"
TOKENS = set(re.findall(r"#[0-9a-f]{6}", (STATIC / "css" / "tokens.css").read_text().lower()))
PLACED = {
    "how-mail-arrives": "how-mail-arrives",
    "pop-imap-difference": "pop-imap",
    "shared-address-pop": "shared-pop-days",
}


def drawing(key: str) -> ET.Element:
    return ET.parse(STATIC / DIAGRAMS[key]).getroot()


@pytest.mark.parametrize("slug, key", PLACED.items())
def test_each_basics_article_shows_its_drawing(slug, key):
    body = (CONTENT_DIR / f"{slug}.md").read_text(encoding="utf-8").split("+++", 2)[2]
    html = render_markdown(body).html
    assert html.count('<figure class="kb-diagram">') == 1
    assert f'aria-labelledby="dg-{key}-title"' in html


@pytest.mark.parametrize("key", DIAGRAMS)
def test_each_drawing_names_its_title_and_description_for_screen_readers(key):
    root = drawing(key)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == title.get("id") == f"dg-{key}-title"
    assert root.get("aria-describedby") == desc.get("id") == f"dg-{key}-desc"
    assert len(desc.text) > 60  # says in sentences what the drawing shows


@pytest.mark.parametrize("key", DIAGRAMS)
def test_each_drawings_words_follow_the_house_style(key):
    root = drawing(key)
    words = [root.find(f"{SVG}title").text, root.find(f"{SVG}desc").text]
    words += ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]
    assert [f"{line} — {f}" for line in words for f in findings(line)] == []


@pytest.mark.parametrize("key", DIAGRAMS)
def test_each_drawing_uses_only_the_sites_colours(key):
    source = (STATIC / DIAGRAMS[key]).read_text().lower()
    colours = set(re.findall(r"#[0-9a-f]{6}\b", source))
    assert colours and colours <= TOKENS, colours - TOKENS


@pytest.mark.parametrize("key", DIAGRAMS)
def test_no_drawing_needs_an_inline_style_or_script(key):
    source = (STATIC / DIAGRAMS[key]).read_text()
    assert re.findall(r"style=|<style|<script|on\w+=|href=\"http", source) == []


def test_a_drawing_placed_twice_gets_ids_of_its_own():
    html = render_markdown("![[diagram:pop-imap]]\n\n本文です。\n\n![[diagram:pop-imap]]\n").html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)) == 6
    assert 'aria-labelledby="dg-pop-imap-2-title"' in html


def test_a_drawing_shows_its_title_as_the_caption():
    assert "<figcaption>POPとIMAP：メールがある場所と、1台で削除したとき</figcaption>" in figure("pop-imap")


def test_an_unknown_drawing_shows_nothing():
    assert render_markdown("![[diagram:nothing-here]]").html.strip() == ""


@pytest.mark.django_db
def test_the_article_page_serves_the_drawing_in_the_page(client):
    from tests.starter_articles import place_starter_articles

    place_starter_articles()
    page = client.get("/articles/pop-imap-difference/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 560"' in page
    assert "Aで削除すると、サーバーからもBからも消える" in page
