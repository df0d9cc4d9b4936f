"""Hearings in the admin: to look, never to edit.

The wizard is the only way to change a hearing: it validates every answer,
refuses stale saves (the version lock) and reopens a completed hearing
properly. So every hearing model is read-only here, for directors and
superusers alike; deleting a hearing (erasing personal data) goes through
the same service as the wizard's delete button.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from . import label_admin  # noqa: F401  registers the field confirmations' admin
from .models import (
    CustomerLink,
    Device,
    Hearing,
    HostPreset,
    Mailbox,
    NoticeSetting,
    ReportNotice,
    SheetIssue,
)
from .services import hearing_delete
from .steps import STEPS


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MailboxInline(ReadOnlyMixin, admin.TabularInline):
    model = Mailbox
    extra = 0
    fields = ["address", "people", "incoming_host", "outgoing_host", "smtp_port", "quota_mb", "daily_mb",
              "keep_history"]  # fmt: skip
    readonly_fields = fields
    show_change_link = True


class DeviceInline(ReadOnlyMixin, admin.TabularInline):
    model = Device
    extra = 0
    fields = ["kind", "client_name", "label", "quantity"]
    readonly_fields = fields

    @admin.display(description=_("メールソフト"))
    def client_name(self, device):
        return device.client_label


class CustomerLinkInline(ReadOnlyMixin, admin.TabularInline):
    """Customer links are made and revoked on the staff sheet. The token itself
    is never stored, so it cannot be shown here either."""

    model = CustomerLink
    extra = 0
    fields = [
        "note",
        "state_display",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_opened_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("状態"))
    def state_display(self, link):
        return link.get_state_display()


class SheetIssueInline(ReadOnlyMixin, admin.TabularInline):
    model = SheetIssue
    extra = 0
    fields = ["issued_at", "kind", "rules_version", "issued_by"]
    readonly_fields = fields


@admin.register(Hearing)
class HearingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "company",
        "contact_name",
        "director",
        "status",
        "mailbox_total",
        "consulted_on",
        "updated_at",
    ]
    list_filter = ["status", "director", "consulted_on"]
    search_fields = ["company", "contact_name", "contact_email", "mailboxes__address"]
    date_hierarchy = "updated_at"
    fields = ["company", "contact_name", "contact_email", "contact_phone", "director", "consulted_on", "notes",
              "status", "completed_at", "created_at", "updated_at", "version", "saved_step"]  # fmt: skip
    readonly_fields = fields
    inlines = [MailboxInline, SheetIssueInline, CustomerLinkInline]
    list_select_related = ["director"]
    actions = ["erase"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mailbox_count=Count("mailboxes"))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("wizard.delete_hearing"):
            actions.pop("erase", None)
        return actions

    @admin.display(description=_("最後に保存した手順"))
    def saved_step(self, hearing):
        return next((step.title for step in STEPS if step.slug == hearing.last_saved_step), "—")

    @admin.display(description=_("アドレス数"), ordering="mailbox_count")
    def mailbox_total(self, hearing):
        return hearing.mailbox_count

    @admin.action(description=_("選択したヒアリングをすべての情報とともに削除する"))
    def erase(self, request, queryset):
        count = 0
        for hearing in queryset:
            hearing_delete(hearing=hearing)
            count += 1
        self.message_user(request, _("%(count)d 件のヒアリングを削除しました。") % {"count": count})


@admin.register(Mailbox)
class MailboxAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["address", "hearing_name", "people", "incoming_host"]
    search_fields = ["address", "hearing__company"]
    list_select_related = ["hearing"]
    fields = ["hearing_name", "address", "people", "incoming_host", "outgoing_host", "smtp_port", "quota_mb",
              "daily_mb", "keep_history"]  # fmt: skip
    readonly_fields = fields
    inlines = [DeviceInline]

    @admin.display(description=_("ヒアリング"), ordering="hearing__company")
    def hearing_name(self, mailbox):
        return mailbox.hearing


@admin.register(HostPreset)
class HostPresetAdmin(admin.ModelAdmin):
    """Admins keep the hosting firms' facts up to date; each says where it
    comes from, when it was checked, and what could not be verified."""

    list_display = ["name", "key", "smtp_port", "username", "checked_on", "unverified", "active"]
    list_filter = ["active", "smtp_port", "username"]
    search_fields = ["name", "key", "notes"]
    list_editable = ["active"]
    fieldsets = [
        (None, {"fields": ["key", "name", "order", "active"]}),
        (
            _("サーバー"),
            {
                "fields": [
                    "pop_host",
                    "imap_host",
                    "smtp_host",
                    "smtp_port",
                    "username",
                    "server_hint",
                    "server_example",
                    "username_hint",
                ]
            },
        ),  # fmt: skip
        (_("自動判定 (正規表現)"), {"fields": ["detect_mx", "detect_spf", "detect_ns"]}),
        (_("出典と確認"), {"fields": ["notes", "source", "checked_on", "unverified"]}),
    ]


@admin.register(ReportNotice)
class ReportNoticeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The outbox of mail about customers' reports: what went out, and what
    is still waiting after a failure (the worker retries it)."""

    list_display = ["report", "created_at", "sent_at", "attempts", "last_error", "next_attempt_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    fields = ["report", "created_at", "sent_at", "recipients", "attempts", "last_error", "next_attempt_at"]
    readonly_fields = fields
    list_select_related = ["report"]


@admin.register(NoticeSetting)
class NoticeSettingAdmin(admin.ModelAdmin):
    list_display = ["user", "on_trouble", "on_done"]
