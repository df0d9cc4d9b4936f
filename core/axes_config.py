"""django-axes under a Japanese name in the admin (its own AppConfig has none).
INSTALLED_APPS names this class instead of "axes". Its own module: a second
AppConfig in core/apps.py would stop Django from picking CoreConfig."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    verbose_name = _("ログイン制限")
