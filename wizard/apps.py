from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class WizardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wizard"
    verbose_name = _("ヒアリング")

    def ready(self):
        from django.contrib.auth import get_user_model

        from .handoff.signing import check_profile_signing
        from .models import DeviceReport, Hearing, Mailbox, ReportNotice
        from .views.hearings import HEARING_LIST

        checks.register(check_profile_signing)

        # Cache invalidation only: anything the hearing list shows (kb/cache.py),
        # the customers' device reports and their unsent notices included.
        for model in (Hearing, Mailbox, DeviceReport, ReportNotice, get_user_model()):
            uid = f"wizard-list-{model._meta.label_lower}"
            post_save.connect(HEARING_LIST.bump, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(HEARING_LIST.bump, sender=model, dispatch_uid=f"{uid}-delete")
