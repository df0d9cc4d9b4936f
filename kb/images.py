"""Pictures in articles: what an editor uploads, and the files the site serves.

An ``ArticleImage`` is what an editor manages in the admin: its alt text
(required, Japanese), an optional caption and, for a screenshot in a setup
guide, the version of the mail client it shows and the date it was taken.
An article places it with ``![[image:12]]`` (``REFERENCE``): the number
never changes when the picture is renamed, replaced or described anew, and
editors copy it from the admin instead of typing it.

Each picture is served as a few WebP files of different widths
(``ImageVariant``), under URLs that contain its content's digest, so a
browser may keep them for a year; a replaced picture gets new URLs, and the
old ones redirect to the new files (``kb.image_views``).

Where the files live: in the database by default, which every app server
already reads (no extra service); when ``STORAGES`` has a ``kb-images``
entry (an S3-compatible bucket through django-storages, docs/images.md),
new files are written there and the database keeps only their names. Either
way the site serves them from its own address, so pages never ask another
host for anything.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

REFERENCE = "![[image:{id}]]"
REFERENCE_PATTERN = re.compile(r"!\[\[image:(\d{1,12})\]\]")
STORAGE_ALIAS = "kb-images"
CONTENT_TYPE = "image/webp"


def image_ids_in(text: str) -> list[int]:
    """The picture numbers an article's Markdown refers to, in order, once each."""
    return list(dict.fromkeys(int(match) for match in REFERENCE_PATTERN.findall(text or "")))


def external_storage():
    """The storage for new files, or None to keep them in the database."""
    return storages[STORAGE_ALIAS] if STORAGE_ALIAS in settings.STORAGES else None


class ArticleImage(models.Model):
    alt = models.CharField(
        _("代替テキスト"),
        max_length=200,
        help_text=_(
            "画像が見えない方に読み上げられる説明です。画像に写っている内容を日本語の文で書きます"
            "（例：Thunderbirdの「サーバー設定」の画面。「ダウンロード後もサーバーにメッセージを残す」にチェックが入っています。）。"
        ),
    )
    caption = models.CharField(
        _("キャプション"), max_length=200, blank=True, help_text=_("画像の下に表示します（任意）。")
    )
    client_version = models.CharField(
        _("写っているメールソフトの版"),
        max_length=80,
        blank=True,
        help_text=_("設定手順の画面写真の場合に書きます。例：Thunderbird 140.5、iOS 26.1"),
    )
    taken_on = models.DateField(_("撮影日"), null=True, blank=True, help_text=_("画面写真を撮った日です。"))
    original_name = models.CharField(_("元のファイル名"), max_length=200, editable=False, default="")
    source_format = models.CharField(_("元の形式"), max_length=10, editable=False, default="")
    width = models.PositiveIntegerField(_("幅"), editable=False, default=0)
    height = models.PositiveIntegerField(_("高さ"), editable=False, default=0)
    digest = models.CharField(max_length=64, editable=False, default="")
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("記事の画像")
        verbose_name_plural = _("記事の画像")

    def __str__(self) -> str:
        return f"{self.reference} {self.alt[:40]}"

    @property
    def reference(self) -> str:
        """What an editor puts in an article's Markdown."""
        return REFERENCE.format(id=self.pk)

    @property
    def short_digest(self) -> str:
        return self.digest[:16]

    @property
    def is_portrait(self) -> bool:
        return self.height > self.width

    def replace_files(self, processed) -> None:
        """Store the files of a (new) picture and drop the old ones. Saves the row."""
        storage = external_storage()
        old_names = (
            list(self.variants.exclude(stored_in="").values_list("stored_in", flat=True)) if self.pk else []
        )
        self.width, self.height = processed.width, processed.height
        self.digest = processed.digest
        self.source_format = processed.source_format
        self.save()
        self.variants.all().delete()
        for variant in processed.variants:
            row = ImageVariant(image=self, width=variant.width, height=variant.height, size=len(variant.data))
            if storage is None:
                row.data = variant.data
            else:
                row.stored_in = storage.save(f"kb-images/{self.pk}-{self.short_digest}-{variant.width}.webp",
                                             ContentFile(variant.data))  # fmt: skip
            row.save()
        if storage is not None and old_names:
            transaction.on_commit(lambda: [storage.delete(name) for name in old_names])


class ImageVariant(models.Model):
    """One served file of a picture: a WebP of one width."""

    image = models.ForeignKey(ArticleImage, on_delete=models.CASCADE, related_name="variants")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    data = models.BinaryField(default=b"", editable=False)
    stored_in = models.CharField(max_length=200, blank=True, default="", editable=False)

    class Meta:
        ordering = ["image", "width"]
        verbose_name = _("画像のファイル")
        verbose_name_plural = _("画像のファイル")
        constraints = [models.UniqueConstraint(fields=["image", "width"], name="one_variant_per_width")]

    def __str__(self) -> str:
        return f"{self.image_id}-{self.width}"

    def url(self) -> str:
        return reverse(
            "kb:image",
            kwargs={"pk": self.image_id, "digest": self.image.short_digest, "width": self.width},
        )

    def read(self) -> bytes:
        if self.stored_in:
            with storages[STORAGE_ALIAS].open(self.stored_in, "rb") as file:
                return file.read()
        return bytes(self.data)
