from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AgencyContact

# The admin in the site's own words, not 「Django 管理サイト」.
admin.site.site_header = _("メール設定ナビ 管理画面")
admin.site.site_title = _("メール設定ナビ 管理画面")
admin.site.index_title = _("管理メニュー")


@admin.register(AgencyContact)
class AgencyContactAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "email", "hours", "updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not AgencyContact.objects.exists()
