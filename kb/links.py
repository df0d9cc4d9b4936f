"""Internal links between articles that lead nowhere (``check_links``, the admin's warning).

An article links to another one with a Markdown link to ``/articles/<slug>/``
(optionally with a ``#section``). Such a link is broken when no article has
that slug, or when that article is not published (a draft, or published
later): customers would land on a 404 page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Article

# Links as they stand in the sanitised HTML (kb/markdown.py): relative to the site.
_ARTICLE_HREF = re.compile(r'<a href="/articles/([^/"#?]+)/?(?:[#?][^"]*)?"')


@dataclass(frozen=True)
class BrokenLink:
    slug: str
    problem: str  # "missing" or "unpublished"

    @property
    def explanation(self) -> str:
        if self.problem == "missing":
            return _("「%(slug)s」という記事はありません") % {"slug": self.slug}
        return _("「%(slug)s」は公開されていません") % {"slug": self.slug}


def linked_slugs(body_html: str) -> list[str]:
    """Slugs of the articles a body links to, in order, once each."""
    return list(dict.fromkeys(_ARTICLE_HREF.findall(body_html or "")))


def broken_links(articles) -> dict[Article, list[BrokenLink]]:
    """Every given article with broken internal links, and its broken links.

    One query for the linked articles, whatever the number of articles checked.
    """
    links = {article: linked_slugs(article.body_html) for article in articles}
    wanted = {slug for slugs in links.values() for slug in slugs}
    targets = Article.objects.filter(slug__in=wanted).only("slug", "status", "published_at")
    existing = {target.slug: target for target in targets}
    published = {slug for slug, target in existing.items() if target.is_published}
    report: dict[Article, list[BrokenLink]] = {}
    for article, slugs in links.items():
        broken = [
            BrokenLink(slug, "missing" if slug not in existing else "unpublished")
            for slug in slugs
            if slug not in published
        ]
        if broken:
            report[article] = broken
    return report
