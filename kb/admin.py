from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, Sum
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from core.times import staff_time

from . import admin_views, image_admin, missed  # noqa: F401  image_admin registers the pictures' admin
from .image_services import unknown_pictures
from .links import broken_links
from .models import Article, ArticleVote, Category, MissedSearch, SynonymGroup, default_review_by
from .slots import SLOTS, unknown_slots

REVIEW_SOON_DAYS = 30


class MarkdownEditor(forms.Textarea):
    """The body's textarea with the live preview beside it (below it on narrow screens)."""

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        return render_to_string(
            "admin/kb/widgets/markdown_editor.html",
            {"textarea": textarea, "id": (attrs or {}).get("id", f"id_{name}"),
             "preview_url": reverse("admin:kb_article_preview")},
        )  # fmt: skip


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


class ArticleAdminForm(forms.ModelForm):
    """Carries the version the editor started from, to refuse stale saves."""

    loaded_version = forms.IntegerField(label=_("編集を始めた版"), widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "title", "slug", "category", "status", "featured", "order",
            "summary", "body", "related", "published_at", "author", "checked_on", "review_by",
        ]  # fmt: skip
        widgets = {"body": MarkdownEditor(attrs={"rows": 28, "class": "vLargeTextField md-editor__textarea"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_body_help()
        # The admin's date and time boxes share one label: name each for screen readers.
        published = self.fields.get("published_at")
        if published is not None and hasattr(published.widget, "widgets"):
            published.widget.widgets[0].attrs["aria-label"] = _("公開日")
            published.widget.widgets[1].attrs["aria-label"] = _("公開時刻")
        if self.instance.pk:
            # The version in the database now, not the instance's: when the
            # history view restores an old revision, its instance is old.
            self.fields["loaded_version"].initial = (
                Article.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            )
            self.fields["related"].queryset = Article.objects.exclude(pk=self.instance.pk)

    def _set_body_help(self):
        names = "、".join(f"{{{{{name}}}}}" for name in SLOTS)
        self.fields["body"].help_text = _(
            "Markdown で書きます。設定手順の記事では、次の差し込み項目が使えます。"
            "記事ページでは一般的な言葉で表示され、お客さま専用の手順ページではその端末の値に置き換わります: %(names)s"
        ) % {"names": names}

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        unknown = unknown_slots(body)
        if unknown:
            raise forms.ValidationError(
                _("使えない差し込み項目があります: %(unknown)s。使える項目: %(known)s")
                % {
                    "unknown": "、".join(f"{{{{{name}}}}}" for name in unknown),
                    "known": "、".join(f"{{{{{name}}}}}" for name in SLOTS),
                }
            )
        missing = unknown_pictures(body)
        if missing:
            raise forms.ValidationError(
                _(
                    "存在しない画像や図の参照があります：%(missing)s。画像の参照は「記事の画像」の画面からコピーしてください。"
                )
                % {"missing": "、".join(missing)}
            )
        return body

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("checked_on") and not cleaned.get("review_by"):
            cleaned["review_by"] = default_review_by(cleaned["checked_on"])
        if not self.instance.pk:
            return cleaned
        loaded = cleaned.get("loaded_version")
        # Lock the row until this save commits (the admin view is atomic), so
        # two simultaneous saves cannot both pass the check.
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if loaded is not None and current is not None and loaded != current:
            latest = self.instance.history.select_related("history_user").first()
            when = staff_time(latest.history_date) if latest else ""
            editor = getattr(self, "editor", None)  # ArticleAdmin.get_form
            if latest and editor is not None and latest.history_user_id == editor.pk:
                raise forms.ValidationError(
                    _(
                        "この記事は、編集を始めたあとに、ご自身が別のタブ（またはウィンドウ）で%(when)sに保存しています。"
                        "上書きを防ぐため、このタブの変更はまだ保存していません。"
                        "入力した内容を控えてからページを再読み込みし、最新の版に反映してください。"
                    ),
                    code="stale",
                    params={"when": when},
                )
            user = latest.history_user if latest else None
            who = _("%(name)sさん") % {"name": user.get_username()} if user else _("別の編集者")
            raise forms.ValidationError(
                _(
                    "この記事は、編集を始めたあとに%(who)sが%(when)sに保存しています。"
                    "上書きを防ぐため、変更はまだ保存していません。入力した内容を控えてから"
                    "ページを再読み込みし、最新の版に反映してください。"
                ),
                code="stale",
                params={"who": who, "when": when},
            )
        return cleaned


class ReviewFilter(admin.SimpleListFilter):
    title = _("確認期限")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("期限切れ")),
            ("soon", _("%(days)d日以内") % {"days": REVIEW_SOON_DAYS}),
            ("none", _("未設定")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue_for_review(today)
        if self.value() == "soon":
            return queryset.filter(
                review_by__gte=today, review_by__lte=today + timedelta(days=REVIEW_SOON_DAYS)
            )
        if self.value() == "none":
            return queryset.filter(review_by__isnull=True)
        return queryset


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/kb/article/change_form.html"
    change_list_template = "admin/kb/article/change_list.html"
    object_history_template = "admin/kb/article/object_history.html"
    object_history_list_template = "admin/kb/article/object_history_list.html"
    object_history_form_template = "admin/kb/article/object_history_form.html"
    list_display = [
        "title", "category", "status", "featured", "updated_at", "checked_on", "review_state",
        "helpful_yes", "helpful_no",
    ]  # fmt: skip
    list_filter = [ReviewFilter, "status", "category", "featured"]
    search_fields = ["title", "slug", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related"]
    raw_id_fields = ["author"]
    date_hierarchy = "updated_at"
    actions = ["publish", "unpublish"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user  # the stale-save warning tells "you, in another tab" from someone else
        return form

    history_list_display = ["status"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "body", "loaded_version"]}),
        (_("公開設定"), {"fields": ["status", "published_at", "featured", "order"]}),
        (_("内容の確認"), {"fields": ["checked_on", "review_by"]}),
        (_("関連"), {"fields": ["related", "author"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("category")
            .annotate(
                yes_count=Count("votes", filter=Q(votes__helpful=True)),
                no_count=Count("votes", filter=Q(votes__helpful=False)),
            )
        )

    @admin.display(description=_("役に立った"), ordering="yes_count")
    def helpful_yes(self, article: Article) -> int:
        return article.yes_count

    @admin.display(description=_("役に立たなかった"), ordering="no_count")
    def helpful_no(self, article: Article):
        if not article.no_count:
            return 0
        url = reverse("admin:kb_article_feedback", args=[article.pk])
        return format_html('<a href="{}">{}</a>', url, article.no_count)

    @admin.display(description=_("確認期限"), ordering="review_by")
    def review_state(self, article: Article):
        if article.review_by is None:
            return "—"
        shown = date_format(article.review_by, "Y年n月j日")
        if article.review_by < timezone.localdate():
            return format_html('<strong class="kb-overdue">{}（{}）</strong>', shown, _("期限切れ"))
        return shown

    def changelist_view(self, request, extra_context=None):
        overdue = Article.objects.overdue_for_review().count()
        return super().changelist_view(request, {**(extra_context or {}), "overdue_count": overdue})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        broken = broken_links([article]).get(article, []) if article else []
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "broken_links": broken}
        )

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
        for link in broken_links([obj]).get(obj, []):
            self.message_user(
                request,
                _("リンク切れ: /articles/%(slug)s/ （%(why)s）")
                % {"slug": link.slug, "why": link.explanation},
                messages.WARNING,
            )

    def _set_status(self, request: HttpRequest, queryset, status: str, done: str) -> None:
        count = 0
        for article in queryset.exclude(status=status):  # save(): history, search index, cache
            article.status = status
            article.save()
            count += 1
        self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("選択した記事を公開する"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset):
        self._set_status(request, queryset, Article.Status.PUBLISHED, _("%(count)d 件の記事を公開しました。"))

    @admin.action(description=_("選択した記事を下書きに戻す"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset):
        self._set_status(
            request, queryset, Article.Status.DRAFT, _("%(count)d 件の記事を下書きに戻しました。")
        )

    def get_urls(self):
        def view(function, *decorators):
            def bound(request, *args, **kwargs):
                return function(self, request, *args, **kwargs)

            for decorator in decorators:
                bound = decorator(bound)
            return self.admin_site.admin_view(bound)

        return [
            path("preview/", view(admin_views.preview, require_POST), name="kb_article_preview"),
            path("<path:object_id>/feedback/", view(admin_views.feedback), name="kb_article_feedback"),
            path(
                "<path:object_id>/history/<int:history_id>/compare/",
                view(admin_views.compare),
                name="kb_article_compare",
            ),
            *super().get_urls(),
        ]

    def history_view_title(self, request, obj):
        return _("「%(title)s」の変更履歴") % {"title": obj}

    def history_form_view_title(self, request, obj):
        return _("この版に戻す: %(title)s") % {"title": obj}


@admin.register(ArticleVote)
class ArticleVoteAdmin(admin.ModelAdmin):
    list_display = ["article", "helpful", "reason", "comment", "created_at"]
    list_filter = ["helpful", "reason", "created_at"]
    search_fields = ["article__title", "comment"]
    list_select_related = ["article"]
    readonly_fields = ["article", "voter", "helpful", "reason", "comment", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["words", "note"]
    fields = ["words", "note"]


class ResultsFilter(admin.SimpleListFilter):
    title = _("見つかった記事")
    parameter_name = "found"

    def lookups(self, request, model_admin):
        return [("none", _("0件")), ("few", _("1〜2件"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(results=0)
        if self.value() == "few":
            return queryset.filter(results__gt=0)
        return queryset


@admin.register(MissedSearch)
class MissedSearchAdmin(admin.ModelAdmin):
    """What customers searched for in vain: a report, read only. It lists the
    queries searched on ``KEEP_AFTER_DAYS`` different days or more, and counts
    the others without their words (``kb.missed``)."""

    change_list_template = "admin/kb/missedsearch/change_list.html"
    list_display = ["query", "results", "count", "days", "first_seen", "last_seen", "search_link"]
    list_filter = [ResultsFilter, "last_seen"]
    search_fields = ["query"]
    date_hierarchy = "last_seen"

    @admin.display(description=_("サイトで検索"))
    def search_link(self, row: MissedSearch):
        url = f"{reverse('kb:search')}?{urlencode({'q': row.query})}"
        return format_html('<a href="{}">{}</a>', url, _("いまの結果を見る"))

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(query="")

    def changelist_view(self, request, extra_context=None):
        unnamed = MissedSearch.objects.filter(query="").aggregate(kinds=Count("pk"), searches=Sum("count"))
        context = {
            "keep_after_days": missed.KEEP_AFTER_DAYS,
            "unnamed_kinds": unnamed["kinds"],
            "unnamed_searches": unnamed["searches"] or 0,
        }
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
