"""Which setup guides show screenshots that need a new look.

A guide (an article whose slug starts with ``guide-``) names the version it
shows and the date it was checked in its 対象 line (docs/writing-guide.md:
「対象：Thunderbird 140 ESR（確認日：2026年12月6日）」; the date is also the
article's ``checked_on``). Each picture it places (kb/images.py) carries the
client version it shows and the date it was taken. A guide is listed for
editors when one of its pictures

- was taken before the guide's check date (the screen may have changed
  since), or has no date;
- shows another major version than the guide names, or does not say which.

The major version of a picture is the first whole number of its version
(「Thunderbird 140.5」→ 140, 「iOS 26.1」→ 26). The versions a guide names are
the whole numbers of its 対象 line up to the check date, dates left out; a
number followed by 以降 (「バージョン22以降」) takes that version and later
ones. A guide whose 対象 line names no number (「2026年12月時点で配信されている…」)
is checked by date only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .images import ArticleImage, image_ids_in
from .models import Article

GUIDE_PREFIX = "guide-"
_TARGET = re.compile(r"^対象：(.*)$", re.MULTILINE)
_DATE = re.compile(r"\d+年(?:\d+月)?(?:\d+日)?")
_NUMBER = re.compile(r"(?<!\d)(?<!\d\.)(\d+)(?:\.\d+x?)*(以降)?")


def named_versions(body: str) -> tuple[str, set[int], set[int]]:
    """The guide's 対象 text, the major versions it names and those it names with 以降."""
    match = _TARGET.search(body or "")
    if not match:
        return "", set(), set()
    target = re.split(r"（確認日|。", match.group(1))[0]
    exact, later = set(), set()
    for number, onwards in _NUMBER.findall(_DATE.sub(" ", target)):
        (later if onwards else exact).add(int(number))
    return target, exact, later


def major_of(version: str) -> int | None:
    match = re.search(r"\d+", version or "")
    return int(match.group()) if match else None


def _day(value) -> str:
    return date_format(value, "Y年n月j日")


def screenshot_problems(
    image: ArticleImage, *, checked_on, target: str, exact: set[int], later: set[int]
) -> list[str]:
    """Why one picture of a guide needs a new look (empty: it is fine)."""
    problems = []
    if image.taken_on is None:
        problems.append(_("撮影日が書かれていません。"))
    elif checked_on and image.taken_on < checked_on:
        problems.append(
            _("撮影日（%(taken)s）が、ガイドの確認日（%(checked)s）より前です。")
            % {"taken": _day(image.taken_on), "checked": _day(checked_on)}
        )
    major = major_of(image.client_version)
    if not image.client_version:
        problems.append(_("写っているメールソフトの版が書かれていません。"))
    elif (exact or later) and (major is None or (major not in exact and not any(major >= n for n in later))):
        problems.append(
            _("写っている版（%(version)s）が、ガイドの対象（%(target)s）と違います。")
            % {"version": image.client_version, "target": target}
        )
    return problems


@dataclass(frozen=True)
class StaleScreenshot:
    image: ArticleImage
    problems: list[str]


@dataclass(frozen=True)
class StaleGuide:
    article: Article
    target: str
    screenshots: list[StaleScreenshot] = field(default_factory=list)


def stale_guides() -> list[StaleGuide]:
    """Every guide with at least one picture to look at again, in the articles' order."""
    guides = Article.objects.filter(slug__startswith=GUIDE_PREFIX, body__contains="![[image:").only(
        "pk", "title", "slug", "body", "checked_on", "status"
    )
    guides = list(guides)
    images = ArticleImage.objects.in_bulk({pk for guide in guides for pk in image_ids_in(guide.body)})
    found = []
    for guide in guides:
        target, exact, later = named_versions(guide.body)
        stale = []
        for pk in image_ids_in(guide.body):
            if pk in images:
                problems = screenshot_problems(
                    images[pk], checked_on=guide.checked_on, target=target, exact=exact, later=later
                )
                if problems:
                    stale.append(StaleScreenshot(images[pk], problems))
        if stale:
            found.append(StaleGuide(guide, target, stale))
    return found
