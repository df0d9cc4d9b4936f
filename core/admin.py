from django.contrib import admin

from .models import AgencyContact


@admin.register(AgencyContact)
class AgencyContactAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "email", "hours", "updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not AgencyContact.objects.exists()
