from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KbConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kb"
    verbose_name = _("ナレッジベース")

    def ready(self):
        from . import (
            lookups,  # noqa: F401  registers field__has
            searchable,
        )
        from .models import Article

        searchable.connect(Article)  # a saved article is indexed, a deleted one leaves the index
