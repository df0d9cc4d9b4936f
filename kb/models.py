from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import search_index
from .markdown import render_markdown
from .search import normalize, split_terms


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

    def search(self, query: str):
        """Articles containing every term; title matches rank above summary, then body.

        Matching is on text normalised with NFKC + casefold, so ＰＯＰ, pop
        and POP find the same articles. On SQLite a bigram FTS5 index finds
        the candidates (kb/search_index.py); elsewhere a substring scan does.
        """
        terms = split_terms(query)
        if not terms:
            return self.none()
        expressions = [search_index.term_expression(term) for term in terms]
        if search_index.available(self.db) and all(expressions):
            return self._search_indexed(expressions)
        queryset = self
        for term in terms:
            queryset = queryset.filter(search_text__has=term)
        rank = Value(0, output_field=IntegerField())
        for term in terms:
            rank = rank + Case(
                When(search_title__has=term, then=Value(100)),
                When(search_summary__has=term, then=Value(10)),
                default=Value(1),
                output_field=IntegerField(),
            )
        return queryset.annotate(rank=rank).order_by("-rank", "-featured", "order", "title")

    def _search_indexed(self, expressions: list[str]):
        def matching(expression: str) -> RawSQL:
            return RawSQL(
                f"SELECT rowid FROM {search_index.TABLE} WHERE {search_index.TABLE} MATCH %s", [expression]
            )

        queryset = self.filter(pk__in=matching(" AND ".join(f"({e})" for e in expressions)))
        rank = Value(0, output_field=IntegerField())
        for expression in expressions:
            rank = rank + Case(
                When(pk__in=matching(f"{{title}} : ({expression})"), then=Value(100)),
                When(pk__in=matching(f"{{summary}} : ({expression})"), then=Value(10)),
                default=Value(1),
                output_field=IntegerField(),
            )
        return queryset.annotate(rank=rank).order_by("-rank", "-featured", "order", "title")


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
        excluded_fields=["body_html", "body_text", "toc", "search_title", "search_summary", "search_text"]
    )

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("記事")
        verbose_name_plural = _("記事")
        indexes = [
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["order", "title"], name="kb_article_order_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Derived columns are rendered here, once per change, so that every way
        # of saving (admin, history revert, loader) keeps them consistent and no
        # request ever renders Markdown. The version bump is the optimistic lock
        # that the admin checks to refuse stale saves.
        rendered = render_markdown(self.body)
        self.body_html = rendered.html
        self.body_text = rendered.text
        self.toc = rendered.toc
        self.search_title = normalize(self.title)
        self.search_summary = normalize(self.summary)
        self.search_text = normalize(f"{self.title}\n{self.summary}\n{rendered.text}")
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.pk:
            current = type(self).objects.filter(pk=self.pk).values_list("version", flat=True).first()
            self.version = (current or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {
                "body_html", "body_text", "toc", "search_title", "search_summary",
                "search_text", "published_at", "version", "updated_at",
            }  # fmt: skip
        super().save(*args, **kwargs)
        search_index.update(self, kwargs.get("using") or self._state.db or "default")

    def get_absolute_url(self) -> str:
        return reverse("kb:article", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class ArticleVote(models.Model):
    """One "was this helpful?" answer per browser and article (no login)."""

    article = models.ForeignKey(
        Article, verbose_name=_("記事"), on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.CharField(_("投票者キー"), max_length=64)
    helpful = models.BooleanField(_("役に立った"))
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("評価")
        verbose_name_plural = _("評価")
        constraints = [models.UniqueConstraint(fields=["article", "voter"], name="one_vote_per_browser")]

    def __str__(self) -> str:
        return f"{self.article_id}: {'yes' if self.helpful else 'no'}"
