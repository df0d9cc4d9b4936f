from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import ranking, searchable
from .images import ArticleImage, ImageVariant  # noqa: F401  pictures in articles (kb/images.py)
from .query import SearchPlan

REVIEW_INTERVAL_DAYS = 365
COMMENT_MAX_LENGTH = 500


class CategoryQuerySet(models.QuerySet):
    def with_published_counts(self):
        now = timezone.now()
        return self.annotate(
            published_count=Count(
                "articles",
                filter=Q(articles__status=Article.Status.PUBLISHED, articles__published_at__lte=now),
            )
        )


class Category(models.Model):
    name = models.CharField(_("名前"), max_length=80)
    slug = models.SlugField(_("スラッグ"), max_length=80, unique=True)
    description = models.TextField(_("説明"), blank=True)
    order = models.IntegerField(_("表示順"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("カテゴリー")
        verbose_name_plural = _("カテゴリー")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("kb:category", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Staff see drafts too; everyone else only published articles."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()

    def in_category(self, category):
        return self.filter(category=category)

    def featured(self):
        return self.filter(featured=True)

    def for_listing(self):
        """Only what cards and lists show: leaves the long body columns unread."""
        return self.select_related("category").only(
            "title", "slug", "summary", "status", "featured", "order", "published_at",
            "updated_at", "category__name", "category__slug",
        )  # fmt: skip

    def popular(self):
        """Most "helpful" votes first, then the editors' featured order.

        Only the 50 most-liked, the featured and the first 20 articles are
        candidates (three small indexed queries), so votes are never counted
        for every article.
        """
        most_liked = (
            ArticleVote.objects.filter(helpful=True)
            .values("article")
            .annotate(total=Count("pk"))
            .order_by("-total")
            .values_list("article", flat=True)[:50]
        )
        candidates = {
            *most_liked,
            *self.featured().order_by().values_list("pk", flat=True)[:50],
            *self.order_by("order", "title").values_list("pk", flat=True)[:20],
        }
        return (
            self.filter(pk__in=candidates)
            .annotate(helpful_count=Count("votes", filter=Q(votes__helpful=True)))
            .order_by("-helpful_count", "-featured", "order", "title")
        )

    def search(self, query: str | SearchPlan):
        """Articles that have every concept of the query, best first (``kb.ranking``).

        ``query`` is a ``SearchPlan`` (``kb.finder`` makes one with the
        customer vocabulary) or plain text, taken word for word.
        """
        plan = query if isinstance(query, SearchPlan) else SearchPlan.literal(query)
        return ranking.search(self, plan)

    def containing(self, plan: SearchPlan):
        """Articles whose text has every concept of the plan letter for letter."""
        return ranking.containing(self, plan)

    def overdue_for_review(self, today=None):
        """Articles whose review-by date has passed."""
        return self.filter(review_by__lt=today or timezone.localdate())


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("下書き")
        PUBLISHED = "published", _("公開")

    title = models.CharField(_("タイトル"), max_length=200)
    slug = models.SlugField(
        _("スラッグ"),
        max_length=100,
        unique=True,
        help_text=_("URL に使う半角英数字とハイフン。例: pop-imap-difference"),
    )
    summary = models.CharField(
        _("要約"), max_length=200, help_text=_("一覧・検索結果・meta description に使われます。")
    )
    body = models.TextField(_("本文 (Markdown)"))
    category = models.ForeignKey(
        Category, verbose_name=_("カテゴリー"), on_delete=models.PROTECT, related_name="articles"
    )
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    featured = models.BooleanField(_("おすすめ"), default=False, db_index=True)
    order = models.IntegerField(_("表示順"), default=0)
    related = models.ManyToManyField("self", verbose_name=_("関連記事"), blank=True, symmetrical=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("公開日時"), null=True, blank=True, db_index=True)
    checked_on = models.DateField(
        _("最終確認日"),
        null=True,
        blank=True,
        help_text=_("内容が正しいことを最後に確かめた日。記事ページに表示されます。"),
    )
    review_by = models.DateField(
        _("確認期限"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("この日までに内容を確かめ直します。空欄のまま保存すると最終確認日の1年後になります。"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True, db_index=True)
    version = models.PositiveIntegerField(_("版"), default=1, editable=False)

    # Derived from the fields above whenever the article is saved.
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    toc = models.JSONField(editable=False, default=list)
    search_title = models.CharField(max_length=200, editable=False, default="")
    search_summary = models.CharField(max_length=200, editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    # Fingerprint of the starter content last loaded into this row; the loader
    # only updates rows whose content still matches it (nobody edited them).
    source_hash = models.CharField(max_length=64, editable=False, blank=True, default="")

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("記事の履歴"),
        verbose_name_plural=_("記事の履歴"),
        excluded_fields=list(searchable.DERIVED_FIELDS),
    )

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("記事")
        verbose_name_plural = _("記事")
        indexes = [
            # Covers published(), the listing order and the id, so search can
            # rank thousands of matches without reading the article rows.
            models.Index(
                fields=["status", "published_at", "featured", "order", "title", "id"],
                name="kb_article_listing",
            ),
            models.Index(fields=["order", "title"], name="kb_article_order_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Derived columns are rendered here, once per change, so that every way
        # of saving (admin, history revert, loader) keeps them consistent and no
        # request ever renders Markdown (kb.searchable, which also indexes the
        # saved article). The version bump is the optimistic lock that the
        # admin checks to refuse stale saves.
        searchable.derive(self)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.pk:
            current = type(self).objects.filter(pk=self.pk).values_list("version", flat=True).first()
            self.version = (current or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                *searchable.DERIVED_FIELDS,
                "published_at",
                "version",
                "updated_at",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("kb:article", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


def default_review_by(checked_on):
    """The review-by date an article gets when none is given: a year after its check."""
    return checked_on + timedelta(days=REVIEW_INTERVAL_DAYS) if checked_on else None


class ArticleVoteQuerySet(models.QuerySet):
    def of(self, article, voter: str):
        """One browser's vote on an article, or None."""
        return self.filter(article=article, voter=voter).only("pk", "helpful").first()


class ArticleVote(models.Model):
    """One "was this helpful?" answer per browser and article (no login).

    A 「いいえ」 may say why (``reason``) with an optional ``comment``; both
    are for the editors only and never shown on the site.
    """

    class Reason(models.TextChoices):
        MISSING = "missing", _("情報が足りない")
        WRONG = "wrong", _("内容が間違っている")
        UNCLEAR = "unclear", _("わかりにくい")
        BROKEN_LINK = "broken_link", _("リンク切れ")
        OTHER = "other", _("その他")

    article = models.ForeignKey(
        Article, verbose_name=_("記事"), on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.CharField(_("投票者キー"), max_length=64)
    helpful = models.BooleanField(_("役に立った"))
    reason = models.CharField(_("理由"), max_length=20, choices=Reason.choices, blank=True)
    comment = models.CharField(_("コメント"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)

    objects = ArticleVoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("評価")
        verbose_name_plural = _("評価")
        constraints = [models.UniqueConstraint(fields=["article", "voter"], name="one_vote_per_browser")]

    def __str__(self) -> str:
        return f"{self.article_id}: {'yes' if self.helpful else 'no'}"


class SynonymGroup(models.Model):
    """Words customers use for one thing (パソコン, PC): search treats them as one.

    The starter groups come from ``kb/content/synonyms.toml`` (``key`` names
    them there); editors add and change groups in the admin.
    """

    words = models.TextField(
        _("言葉"),
        help_text=_(
            "同じものを指す言葉を1行に1つずつ書きます（例: パソコン、PC）。"
            "ひらがなとカタカナ、全角と半角、大文字と小文字、スペースの有無は区別せずに探します。"
        ),
    )
    note = models.CharField(_("メモ"), max_length=200, blank=True)
    key = models.SlugField(_("キー"), max_length=50, blank=True, editable=False)
    source_hash = models.CharField(max_length=64, editable=False, blank=True, default="")
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("検索の言い換え")
        verbose_name_plural = _("検索の言い換え")
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="synonym_group_key_unique")
        ]

    def __str__(self) -> str:
        return "・".join(self.word_list()[:5])

    def word_list(self) -> list[str]:
        return [word.strip() for word in self.words.splitlines() if word.strip()]


class MissedSearch(models.Model):
    """A query that found no article or only a few: what editors should write next.

    Never who searched (no IP address, user, cookie or session), and never a
    query that looks like a person's address, phone number or a private link
    (``kb.missed``). A query is known by its keyed ``digest``; its words
    (``query``) are kept only once it was searched on ``KEEP_AFTER_DAYS``
    different days, and the report counts the others without them. At most
    ``MAX_ROWS`` rows; rows not seen for 12 months are removed by ``manage.py
    purge_missed_searches``.
    """

    digest = models.CharField(max_length=64, unique=True, editable=False)
    query = models.CharField(_("検索語"), max_length=200, blank=True)
    results = models.PositiveIntegerField(_("見つかった記事の数"))
    count = models.PositiveIntegerField(_("回数"), default=1)
    days = models.PositiveSmallIntegerField(_("検索された日数"), default=1)
    last_day = models.DateField(editable=False)
    first_seen = models.DateTimeField(_("最初の検索"))
    last_seen = models.DateTimeField(_("最後の検索"), db_index=True)

    class Meta:
        ordering = ["-count", "-last_seen"]
        verbose_name = _("見つからなかった検索")
        verbose_name_plural = _("見つからなかった検索")

    def __str__(self) -> str:
        return self.query
