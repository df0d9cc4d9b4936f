from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class KbConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kb"
    verbose_name = _("ナレッジベース")

    def ready(self):
        from . import lookups  # noqa: F401  registers field__has
        from .models import Article

        post_delete.connect(_unindex, sender=Article, dispatch_uid="kb-search-unindex")


def _unindex(sender, instance, using, **kwargs):
    from . import search_index

    search_index.remove(instance.pk, using)
