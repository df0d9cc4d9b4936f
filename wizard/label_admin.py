"""The admin of field confirmations (wizard/models/confirmations.py), registered
from wizard/admin.py.

- 現場での表示名の確認: every record, to look at (directors record them on
  the staff guide of a device). A record's screenshot can be published by an
  editor as an article picture, with alt text, to place it in a guide.
- 表示名の修正依頼: the labels reported different, open ones first: the
  label reported, who, when, the version, the screenshot, and every
  published guide and catalogue entry that quotes the catalogue's words. An
  editor closes a task once the guides and the catalogue are fixed.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.form_errors import NamedErrorsMixin
from kb.image_admin import JAPANESE
from kb.image_processing import ImageRefused

from .engine.catalogue import client_for
from .label_services import field_screenshot_publish, label_tasks_close, published_guides, quoted_in
from .models import LabelConfirmation, LabelTask

SHOWN_FIELDS = ["client_name", "quoted", "outcome", "shown", "client_version", "os_version", "seen_on",
                "confirmed_by_name", "created_at", "screenshot_preview"]  # fmt: skip
PUBLISH_PERMISSION = "kb.add_articleimage"


class ClientFilter(admin.SimpleListFilter):
    """The clients that have records, by their names in the catalogue."""

    title = _("メールソフト")
    parameter_name = "client"

    def lookups(self, request, model_admin):
        keys = (
            model_admin.get_queryset(request).order_by("client").values_list("client", flat=True).distinct()
        )
        return [(key, _(client_for(key).label)) for key in keys]

    def queryset(self, request, queryset):
        return queryset.filter(client=self.value()) if self.value() else queryset


class LabelAdminMixin:
    list_select_related = ["confirmed_by", "screenshot"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("screenshot__data")

    @admin.display(description=_("メールソフト"), ordering="client")
    def client_name(self, row: LabelConfirmation):
        return _(client_for(row.client).label)

    @admin.display(description=_("確認した人"))
    def confirmed_by_name(self, row: LabelConfirmation):
        return row.confirmed_by_name

    @admin.display(description=_("版"))
    def seen_with(self, row: LabelConfirmation):
        return row.seen_with

    @admin.display(description=_("画面写真"))
    def thumbnail(self, row: LabelConfirmation):
        shot = row.screenshot
        if shot is None:
            return "—"
        return format_html(
            '<a href="{}"><img src="{}" width="80" height="{}" alt="{}"></a>',
            shot.url(), shot.url(), max(1, round(80 * shot.height / shot.width)), _("画面写真を開く"),
        )  # fmt: skip

    @staticmethod
    def screenshot_image(row: LabelConfirmation):
        shot = row.screenshot
        width = min(shot.width, 480)
        return format_html(
            '<a href="{}"><img src="{}" width="{}" height="{}" alt="{}"></a>',
            shot.url(), shot.url(), width, round(width * shot.height / shot.width), _("現場で撮った画面写真"),
        )  # fmt: skip

    @admin.display(description=_("画面写真"))
    def screenshot_preview(self, row: LabelConfirmation):
        shot = row.screenshot
        if shot is None:
            return _("ありません。")
        image = self.screenshot_image(row)
        if shot.published_as_id:
            where = reverse("admin:kb_articleimage_change", args=[shot.published_as_id])
            return format_html(
                '{}<p><a href="{}">{}</a></p>', image, where, _("記事の画像として公開済みです。")
            )
        publish = reverse("admin:wizard_labelconfirmation_publish", args=[row.pk])
        return format_html(
            '{}<p class="help">{}</p><p><a href="{}">{}</a></p>',
            image,
            _("スタッフだけが見られます。お客さまの情報が写っていないことを確かめてから公開してください。"),
            publish,
            _("記事の画像として公開する"),
        )


@admin.register(LabelConfirmation)
class LabelConfirmationAdmin(LabelAdminMixin, admin.ModelAdmin):
    list_display = ["seen_on", "client_name", "quoted", "outcome", "shown", "seen_with", "confirmed_by_name",
                    "thumbnail"]  # fmt: skip
    list_filter = ["outcome", ClientFilter, "seen_on"]
    search_fields = ["quoted", "shown", "client_version"]
    fields = SHOWN_FIELDS
    readonly_fields = SHOWN_FIELDS

    def has_add_permission(self, request):
        return False  # recorded on the staff guide of a device

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        publish = self.admin_site.admin_view(self.publish_view)
        return [
            path("<int:pk>/publish/", publish, name="wizard_labelconfirmation_publish"),
            *super().get_urls(),
        ]

    def publish_view(self, request, pk: int):
        if not (self.has_view_permission(request) and request.user.has_perm(PUBLISH_PERMISSION)):
            raise PermissionDenied
        row = get_object_or_404(LabelConfirmation.objects.select_related("screenshot"), pk=pk)
        if row.screenshot is None:
            raise PermissionDenied
        form = PublishForm(request.POST or None, initial={"client_version": row.seen_with})
        if request.method == "POST" and form.is_valid():
            try:
                image = field_screenshot_publish(
                    screenshot=row.screenshot,
                    alt=form.cleaned_data["alt"],
                    caption=form.cleaned_data["caption"],
                    client_version=form.cleaned_data["client_version"],
                    taken_on=row.seen_on,
                )
            except ImageRefused as refused:
                form.add_error(None, str(refused))
            else:
                self.message_user(
                    request,
                    _("記事の画像 %(reference)s として公開しました。ガイドの手順に貼り付けて使います。")
                    % {"reference": image.reference},
                    messages.SUCCESS,
                )
                return redirect("admin:kb_articleimage_change", image.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("画面写真を記事の画像として公開する"),
            "row": row,
            "form": form,
            "preview": self.screenshot_image(row),
        }
        return TemplateResponse(request, "admin/wizard/labelconfirmation/publish.html", context)


class PublishForm(NamedErrorsMixin, forms.Form):
    alt = forms.CharField(
        label=_("代替テキスト"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 200}),
        help_text=_("画像に写っている内容と、読者が見るべき点を日本語の文で書きます。"),
    )
    caption = forms.CharField(label=_("キャプション"), max_length=200, required=False)
    client_version = forms.CharField(label=_("写っているメールソフトの版"), max_length=80)

    def clean_alt(self):
        alt = " ".join(self.cleaned_data["alt"].split())
        if not JAPANESE.search(alt):
            raise forms.ValidationError(
                _("代替テキストは、画像に写っている内容を日本語の文で書いてください。")
            )
        return alt


class TaskStateFilter(admin.SimpleListFilter):
    title = _("状態")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("未対応")), ("closed", _("対応済み")), ("all", _("すべて"))]

    def value(self):
        return super().value() or "open"

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(task_closed_at__isnull=True)
        if self.value() == "closed":
            return queryset.filter(task_closed_at__isnull=False)
        return queryset


class TaskForm(forms.ModelForm):
    closed = forms.BooleanField(
        label=_("対応済みにする"),
        required=False,
        help_text=_("ガイドとカタログ（wizard/engine/catalogue.py）を直したら、チェックして保存します。"),
    )

    class Meta:
        model = LabelTask
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.instance.task_open:
            self.fields["closed"].initial = True
            self.fields["closed"].disabled = True


@admin.register(LabelTask)
class LabelTaskAdmin(LabelAdminMixin, admin.ModelAdmin):
    form = TaskForm
    list_display = ["state", "client_name", "quoted", "shown", "confirmed_by_name", "seen_on", "seen_with",
                    "thumbnail"]  # fmt: skip
    list_filter = [TaskStateFilter, ClientFilter]
    readonly_fields = [*SHOWN_FIELDS, "quoted_in", "task_closed_at", "task_closed_by"]
    fieldsets = [
        (None, {"fields": SHOWN_FIELDS}),
        (_("直す場所"), {"fields": ["quoted_in"]}),
        (_("対応"), {"fields": ["closed", "task_closed_at", "task_closed_by"]}),
    ]
    actions = ["close"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("状態"), ordering="task_closed_at")
    def state(self, row: LabelConfirmation):
        return _("未対応") if row.task_open else _("対応済み")

    def get_list_display(self, request):
        guides = published_guides()  # one read of the published guides per page

        @admin.display(description=_("引用している記事・カタログ"))
        def quoted_where(row: LabelConfirmation):
            return self._quoted_html(row, guides, short=True)

        return [*self.list_display, quoted_where]

    @admin.display(description=_("この表示名を引用している記事とカタログ"))
    def quoted_in(self, row: LabelConfirmation):
        return self._quoted_html(row, published_guides(), short=False)

    def _quoted_html(self, row: LabelConfirmation, guides, *, short: bool):
        found = quoted_in(row.quoted, guides)
        items = [
            (reverse("admin:kb_article_change", args=[guide.pk]), _("記事「%(title)s」（%(slug)s）") % {"title": guide.title, "slug": guide.slug})
            for guide in found.guides
        ]  # fmt: skip
        entries = [
            _("カタログ：%(client)s の %(key)s（wizard/engine/catalogue.py）")
            % {"client": _(client_for(label.client).label), "key": label.key}
            for label in found.catalogue
        ]
        if not items and not entries:
            return _("公開中のガイドとカタログには、もう引用されていません。")
        links = format_html_join("", '<li><a href="{}">{}</a></li>', items)
        lines = format_html_join("", "<li>{}</li>", ((entry,) for entry in entries))
        return format_html('<ul class="{}">{}{}</ul>', "label-quoted" if short else "", links, lines)

    @admin.action(description=_("選択した修正依頼を対応済みにする"), permissions=["change"])
    def close(self, request, queryset):
        closed = label_tasks_close(pks=queryset.values_list("pk", flat=True), user=request.user)
        self.message_user(request, _("%(count)d件の修正依頼を対応済みにしました。") % {"count": closed})

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("closed") and obj.task_open:
            label_tasks_close(pks=[obj.pk], user=request.user)
