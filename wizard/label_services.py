"""Writes of field confirmations of vendor labels (wizard/models/confirmations.py),
each keyword-only: a director's record (with its screenshot), an editor
closing the tasks of labels reported different, and an editor publishing a
screenshot as an article picture. Also where a label is quoted, for the
editors' task list.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from PIL import Image

from kb.image_processing import Processed, process
from kb.image_services import article_image_save
from kb.images import ArticleImage
from kb.models import Article
from kb.screenshots import GUIDE_PREFIX, major_of

from .engine.catalogue import Client
from .handoff.labels import VendorLabel, quoting_clients, search_words
from .models import FieldScreenshot, Hearing, LabelConfirmation


@dataclass(frozen=True)
class Answer:
    """What a director saw of one label: ``outcome`` same or different, and the words shown."""

    label: VendorLabel
    outcome: str
    shown: str


@transaction.atomic
def label_confirmations_record(
    *,
    hearing: Hearing,
    client: Client,
    answers: list[Answer],
    client_version: str,
    os_version: str,
    seen_on: date,
    user,
    screenshot: Processed | None = None,
) -> list[LabelConfirmation]:
    """One record per label answered, sharing the screenshot (kept at its
    widest re-encoded width, tied to the hearing)."""
    shot = None
    if screenshot is not None:
        widest = screenshot.variants[-1]
        shot = FieldScreenshot.objects.create(
            hearing=hearing,
            data=widest.data,
            width=widest.width,
            height=widest.height,
            source_format=screenshot.source_format,
            taken_by=user,
        )
    rows = [
        LabelConfirmation(
            client=client.key,
            label_key=answer.label.key,
            quoted=answer.label.words,
            outcome=answer.outcome,
            shown=answer.shown if answer.outcome == LabelConfirmation.Outcome.DIFFERENT else "",
            client_version=client_version,
            os_version=os_version,
            major=major_of(client_version),
            seen_on=seen_on,
            confirmed_by=user,
            screenshot=shot,
        )
        for answer in answers
    ]
    return LabelConfirmation.objects.bulk_create(rows)


@transaction.atomic
def label_tasks_close(*, pks: Iterable[int], user) -> int:
    """Close the open tasks among ``pks`` (labels reported different); how many."""
    return (
        LabelConfirmation.objects.open_tasks()
        .filter(pk__in=list(pks))
        .update(task_closed_at=timezone.now(), task_closed_by=user)
    )


@dataclass(frozen=True)
class Quoted:
    """Where a label reported different is quoted: guides and catalogue entries."""

    guides: list[Article]
    catalogue: list[VendorLabel]


def published_guides() -> list[Article]:
    return list(
        Article.objects.published().filter(slug__startswith=GUIDE_PREFIX).only("pk", "slug", "title", "body")
    )


def quoted_in(words: str, guides: list[Article]) -> Quoted:
    """The published guides whose Markdown quotes ``words`` (the catalogue's
    label as it was reported), and every catalogue entry that quotes them."""
    needle = search_words(words)
    return Quoted(
        guides=[guide for guide in guides if needle and needle in guide.body],
        catalogue=quoting_clients(words),
    )


def _for_publishing(screenshot: FieldScreenshot) -> bytes:
    """The stored WebP, as a PNG when the upload was one: a screenshot stays lossless."""
    data = bytes(screenshot.data)
    if screenshot.source_format != "PNG":
        return data
    out = io.BytesIO()
    with Image.open(io.BytesIO(data)) as image:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


@transaction.atomic
def field_screenshot_publish(
    *, screenshot: FieldScreenshot, alt: str, caption: str, client_version: str, taken_on: date | None
) -> ArticleImage:
    """Make a staff-only screenshot an article picture (kb/images.py) that editors
    may place in a guide; raises ``kb.image_processing.ImageRefused``."""
    processed = process(_for_publishing(screenshot))
    image = ArticleImage(alt=alt, caption=caption, client_version=client_version, taken_on=taken_on)
    article_image_save(image=image, processed=processed, original_name=f"field-screenshot-{screenshot.pk}")
    screenshot.published_as = image
    screenshot.save(update_fields=["published_as"])
    return image
