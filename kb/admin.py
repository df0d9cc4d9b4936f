from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from .markdown import render_markdown
from .models import Article, ArticleVote, Category
from .slots import SLOTS, unknown_slots


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


class ArticleAdminForm(forms.ModelForm):
    """Carries the version the editor started from, to refuse stale saves."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "title", "slug", "category", "status", "featured", "order",
            "summary", "body", "related", "published_at", "author",
        ]  # fmt: skip
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_body_help()
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
        return body

    def clean(self):
        cleaned = super().clean()
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
            who = latest.history_user.get_username() if latest and latest.history_user else _("別の編集者")
            when = date_format(timezone.localtime(latest.history_date), "Y年n月j日 H:i") if latest else ""
            raise forms.ValidationError(
                _(
                    "この記事は、あなたが編集を始めた後に %(who)s さんが %(when)s に保存しています。"
                    "上書きを防ぐため、あなたの変更はまだ保存していません。入力した内容を控えてから"
                    "ページを再読み込みし、最新の版に反映してください。"
                ),
                code="stale",
                params={"who": who, "when": when},
            )
        return cleaned


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/kb/article/change_form.html"
    list_display = [
        "title", "category", "status", "featured", "updated_at", "helpful_yes", "helpful_no",
    ]  # fmt: skip
    list_filter = ["status", "category", "featured"]
    search_fields = ["title", "slug", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related"]
    raw_id_fields = ["author"]
    date_hierarchy = "updated_at"
    actions = ["publish", "unpublish"]
    history_list_display = ["status"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "body", "loaded_version"]}),
        (_("公開設定"), {"fields": ["status", "published_at", "featured", "order"]}),
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
    def helpful_no(self, article: Article) -> int:
        return article.no_count

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

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
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        return [path("preview/", preview, name="kb_article_preview"), *super().get_urls()]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        rendered = render_markdown(request.POST.get("body", ""))
        return render(request, "admin/kb/article/preview.html", {"rendered": rendered})


@admin.register(ArticleVote)
class ArticleVoteAdmin(admin.ModelAdmin):
    list_display = ["article", "helpful", "created_at"]
    list_filter = ["helpful", "created_at"]
    search_fields = ["article__title"]
    list_select_related = ["article"]
    readonly_fields = ["article", "voter", "helpful", "created_at"]

    def has_add_permission(self, request):
        return False
