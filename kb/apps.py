from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class KbConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kb"
    verbose_name = _("ナレッジベース")

    def ready(self):
        from core.models import AgencyContact

        from . import lookups  # noqa: F401  registers field__has
        from .cache import bump_generation
        from .models import Article, Category, SynonymGroup

        # Cache invalidation only: any change to what public pages show. A
        # synonym group changes what search finds (and the vocabulary of
        # kb.finder, which is built per generation); the agency's contact is
        # on the zero-result search page.
        for model in (Article, Category, SynonymGroup, AgencyContact):
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"kb-cache-save-{model.__name__}")
            post_delete.connect(bump_generation, sender=model, dispatch_uid=f"kb-cache-del-{model.__name__}")
        post_delete.connect(_unindex, sender=Article, dispatch_uid="kb-search-unindex")
        m2m_changed.connect(bump_generation, sender=Article.related.through, dispatch_uid="kb-cache-related")


def _unindex(sender, instance, using, **kwargs):
    from . import search_index

    search_index.remove(instance.pk, using)
