"""Django's admin app with the site's own admin site (``core.admin_forms.SiteAdmin``).
INSTALLED_APPS names this class instead of "django.contrib.admin"; its own
module, like axes_config.py, so CoreConfig stays the core app's config."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "core.admin_forms.SiteAdmin"
