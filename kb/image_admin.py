"""The admin of article pictures (kb/images.py), registered from kb/admin.py.

An editor uploads a PNG, JPEG or WebP with its alt text; the form checks the
file by its content and re-encodes it (kb/image_processing.py) before
anything is saved, so a refused file leaves nothing behind. The change page
shows the reference to paste into an article (with a copy button when
JavaScript runs; without it the field can be selected and copied), the
articles that place the picture, and its files. A picture that an article
places cannot be deleted: the confirmation page lists those articles.
Replacing the file keeps the picture's number, so every article keeps
showing it (with the new file) and old file URLs redirect to the new ones.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .image_processing import MAX_BYTES, ImageRefused, process
from .image_services import article_image_delete, article_image_save, articles_using, image_usage_counts
from .images import ArticleImage, ImageVariant
from .screenshots import stale_guides

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
ACCEPT = "image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp"


class ArticleImageForm(forms.ModelForm):
    file = forms.FileField(
        label=_("画像ファイル"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_(
            "PNG・JPEG・WebP、2.5MB以下、長い辺8,000ピクセル以下。保存するときに位置情報などの撮影データを取り除き、"
            "いくつかの幅に縮小して保存します。登録済みの画像では、新しいファイルを選ぶと差し替えます"
            "（記事の参照はそのままです）。"
        ),
    )

    class Meta:
        model = ArticleImage
        fields = ["file", "alt", "caption", "client_version", "taken_on"]
        widgets = {"alt": forms.Textarea(attrs={"rows": 2, "maxlength": 200})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.processed = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            if not self.instance.pk:
                raise forms.ValidationError(_("画像ファイルを選んでください。"))
            return None
        data = upload.read(MAX_BYTES + 1)
        try:
            self.processed = process(data)
        except ImageRefused as refused:
            raise forms.ValidationError(str(refused), code="refused") from None
        return upload

    def clean_alt(self):
        alt = " ".join((self.cleaned_data.get("alt") or "").split())
        if not JAPANESE.search(alt):
            raise forms.ValidationError(
                _(
                    "代替テキストは、画像に写っている内容を日本語の文で書いてください（ファイル名は使えません）。"
                )
            )
        return alt


@admin.register(ArticleImage)
class ArticleImageAdmin(admin.ModelAdmin):
    form = ArticleImageForm
    change_list_template = "admin/kb/articleimage/change_list.html"
    list_display = ["thumbnail", "alt", "reference_text", "client_version", "taken_on", "updated_at"]
    list_display_links = ["thumbnail", "alt"]
    search_fields = ["alt", "caption", "client_version", "original_name"]
    date_hierarchy = "updated_at"
    readonly_fields = ["reference_field", "preview", "used_in", "files"]

    class Media:
        js = ["js/copy-reference.js"]

    def get_fieldsets(self, request, obj=None):
        details = ["alt", "caption"]
        screenshot = (_("設定手順の画面写真"), {"fields": ["client_version", "taken_on"]})
        if obj is None:
            return [(None, {"fields": ["file", *details]}), screenshot]
        return [
            (None, {"fields": ["reference_field", "preview", "file", *details]}),
            screenshot,
            (_("使われている記事とファイル"), {"fields": ["used_in", "files"]}),
        ]

    def get_queryset(self, request):
        files = Prefetch("variants", queryset=ImageVariant.objects.defer("data").order_by("width"))
        return super().get_queryset(request).prefetch_related(files)

    @admin.display(description=_("画像"))
    def thumbnail(self, image: ArticleImage):
        variant = next(iter(image.variants.all()), None)
        if variant is None:
            return "—"
        height = round(80 * variant.height / variant.width)
        return format_html('<img src="{}" width="80" height="{}" alt="">', variant.url(), height)

    @admin.display(description=_("記事に貼る参照"))
    def reference_text(self, image: ArticleImage):
        return format_html("<code>{}</code>", image.reference)

    @admin.display(description=_("記事に貼る参照"))
    def reference_field(self, image: ArticleImage):
        return format_html(
            '<input type="text" class="kb-reference" id="kb-reference" readonly value="{}" size="20" '
            'aria-describedby="kb-reference-help">'
            ' <button type="button" class="button kb-copy" data-copy="kb-reference" data-copied="{}"'
            ' data-selected="{}" hidden>{}</button><div class="help" id="kb-reference-help">{}</div>',
            image.reference,
            _("コピーしました"),
            _("選択しました。Ctrl+C（Macは⌘+C）でコピーしてください"),
            _("コピー"),
            _(
                "記事の本文の、画像を置きたい段落や手順の行に貼り付けます。番号は、画像を差し替えても変わりません。"
            ),
        )

    @admin.display(description=_("いまの画像"))
    def preview(self, image: ArticleImage):
        variant = (
            image.variants.defer("data").filter(width__gte=480).first() or image.variants.defer("data").last()
        )
        if variant is None:
            return "—"
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" class="kb-image-preview">',
            variant.url(), min(variant.width, 480), round(min(variant.width, 480) * variant.height / variant.width),
            image.alt,
        )  # fmt: skip

    def get_list_display(self, request):
        counts = image_usage_counts()  # one read of the articles that place pictures, per page

        @admin.display(description=_("使っている記事"))
        def usage(image: ArticleImage) -> int:
            return counts.get(image.pk, 0)

        return [*self.list_display[:-1], usage, self.list_display[-1]]

    @admin.display(description=_("この画像を使っている記事"))
    def used_in(self, image: ArticleImage):
        articles = list(articles_using(image.pk).only("pk", "title", "slug", "status"))
        if not articles:
            return _("まだどの記事にも置かれていません。")
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a>（{}）</li>',
            (
                (reverse("admin:kb_article_change", args=[a.pk]), a.title, a.get_status_display())
                for a in articles
            ),
        )
        return format_html(
            '<p class="kb-image-usage">{}</p><ul>{}</ul>',
            _(
                "差し替えると、これらの記事の画像も新しいものに変わります。記事に置かれている間は削除できません。"
            ),
            rows,
        )

    @admin.display(description=_("保存されているファイル"))
    def files(self, image: ArticleImage):
        sizes = "、".join(
            f"{v.width}×{v.height}（{v.size / 1000:.0f}KB）" for v in image.variants.defer("data")
        )
        return _("WebP：%(sizes)s。元のファイル：%(name)s（%(format)s）") % {
            "sizes": sizes,
            "name": image.original_name or "—",
            "format": image.source_format or "—",
        }

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("file")
        refreshed = article_image_save(
            image=obj, processed=form.processed, original_name=upload.name if upload else ""
        )
        if refreshed:
            self.message_user(
                request,
                _("この画像を使っている記事%(count)d件を、新しい内容で表示し直しました。")
                % {"count": refreshed},
                messages.INFO,
            )

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            for article in articles_using(image.pk).only("title", "slug"):
                protected.append(
                    _("%(reference)s を置いている記事「%(title)s」（/articles/%(slug)s/）")
                    % {"reference": image.reference, "title": article.title, "slug": article.slug}
                )
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        article_image_delete(image=obj)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            article_image_delete(image=image)

    def get_urls(self):
        stale = self.admin_site.admin_view(self.stale_guides_view)
        return [path("stale-guides/", stale, name="kb_articleimage_stale_guides"), *super().get_urls()]

    def stale_guides_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("画面写真を見直すガイド"),
            "guides": stale_guides(),
        }
        return TemplateResponse(request, "admin/kb/articleimage/stale_guides.html", context)

    def changelist_view(self, request, extra_context=None):
        extra = {"stale_count": len(stale_guides())}
        return super().changelist_view(request, {**(extra_context or {}), **extra})
