from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class WizardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wizard"
    verbose_name = _("ヒアリング")

    def ready(self):
        from .handoff.signing import check_profile_signing

        checks.register(check_profile_signing)
