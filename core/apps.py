from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Site plumbing shared by the kb and wizard apps: health check, robots,
    favicon, security headers and log, htmx helpers, caches, backups."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("サイトの基盤")

    def ready(self):
        from .cache import connect_invalidation
        from .permissions import connect_permission_changes
        from .receivers import connect_security_log

        connect_security_log()
        connect_permission_changes()
        connect_invalidation()
