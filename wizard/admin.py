from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import CustomerLink, Device, Hearing, Mailbox


class MailboxInline(admin.TabularInline):
    model = Mailbox
    extra = 0
    fields = ["address", "people", "incoming_host", "outgoing_host", "smtp_port", "quota_mb", "daily_mb",
              "keep_history", "rec_protocol", "rec_delete_after_days", "rules_version"]  # fmt: skip
    readonly_fields = ["rec_protocol", "rec_delete_after_days", "rules_version"]
    show_change_link = True


class DeviceInline(admin.TabularInline):
    model = Device
    extra = 0
    fields = ["kind", "client", "label", "position"]


class CustomerLinkInline(admin.TabularInline):
    """Customer links, read only: they are made and revoked on the staff sheet.
    The token itself is never stored, so it cannot be shown here either."""

    model = CustomerLink
    extra = 0
    can_delete = False
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

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("状態"))
    def state_display(self, link):
        return link.get_state_display()


@admin.register(Hearing)
class HearingAdmin(admin.ModelAdmin):
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
    readonly_fields = [
        "id",
        "version",
        "created_at",
        "updated_at",
        "completed_at",
        "last_saved_step",
    ]
    inlines = [MailboxInline, CustomerLinkInline]
    list_select_related = ["director"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mailbox_count=Count("mailboxes"))

    @admin.display(description=_("アドレス数"), ordering="mailbox_count")
    def mailbox_total(self, hearing):
        return hearing.mailbox_count


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = ["address", "hearing", "people", "rec_protocol", "rec_delete_after_days", "rec_suggest_cloud",
                    "rules_version"]  # fmt: skip
    list_filter = ["rec_protocol", "rec_suggest_cloud", "rules_version"]
    search_fields = ["address", "hearing__company"]
    list_select_related = ["hearing"]
    readonly_fields = ["rec_protocol", "rec_leave_on_server", "rec_delete_after_days", "rec_suggest_cloud",
                       "rec_reasons", "rec_warnings", "rules_version"]  # fmt: skip
    inlines = [DeviceInline]
