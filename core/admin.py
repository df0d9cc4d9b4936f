"""The agency's contact and the staff accounts in the admin (the admin site
itself, its login and its password page: ``core.admin_forms``)."""

from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .admin_forms import UserChangeForm, UserCreationForm, UserPasswordForm
from .models import AgencyContact
from .phones import PhoneField


class AgencyContactForm(forms.ModelForm):
    phone = PhoneField(label=_("電話番号"), required=False)

    class Meta:
        model = AgencyContact
        fields = ["name", "phone", "email", "hours", "form_url"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        if name.strip() == AgencyContact.SAMPLE_NAME:
            raise forms.ValidationError(
                _("「会社名・窓口名」が見本のままです。お客さまに見せる窓口の名前を入力してください。")
            )
        return name


@admin.register(AgencyContact)
class AgencyContactAdmin(admin.ModelAdmin):
    """Saving here sets the contact: from then on customers see it."""

    form = AgencyContactForm
    list_display = ["name", "phone", "email", "hours", "placeholder", "updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not AgencyContact.objects.exists()

    def save_model(self, request, obj, form, change):
        obj.placeholder = False
        super().save_model(request, obj, form, change)


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(auth_admin.UserAdmin):
    """Django's user admin with the forms in the site's Japanese."""

    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = UserPasswordForm
