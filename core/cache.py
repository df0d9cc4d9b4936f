"""What a cache depends on, and the invalidation that follows from it.

Every cache of the site (a cached page, the search vocabulary) declares the
models its content is read from, next to the code that makes it::

    @public_page_cache(reads=(Article, Category), params=("page",))   # core.cache_pages
    SEARCH_VOCABULARY = Dependencies("kb.vocabulary", Article, Category, SynonymGroup)

- **Invalidation is derived from the declarations.** Each declared model has
  a shared number (``core.generation``, named ``model:<app>.<model>``); a save
  or delete of one of its rows, or a change of one of its many-to-many
  relations, bumps it in the same transaction. A cache's key holds the
  numbers of the models it declared (``Dependencies.stamp()``), so any
  change to what it shows makes it unreachable in every process and on every
  server, and a change to anything else leaves it alone.
- **Every process watches every declaration**, also one that never imports
  the views (a management command, another app server): the first write a
  process makes loads the URLconf, which imports every view and so every
  declaration, and from then on only the declared models have receivers.
- **Writes that bypass the signals** (``bulk_create``, ``update()``) call
  ``invalidate(Model)`` afterwards.
- **A declaration is checked**: ``tests/core/test_cache_declarations.py``
  renders every cache with its queries captured and fails when a table it
  read belongs to a model it did not declare. The one place a cached value
  is computed is ``Dependencies.fill()``, where that test looks.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from importlib import import_module

from django.conf import settings
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from redis.exceptions import RedisError

from .generation import BOARD, RESTORED

log = logging.getLogger("mailnavi.cache")

# What a shared cache that cannot be reached raises (DJANGO_CACHE_URL=redis://…).
CACHE_ERRORS = (RedisError, OSError)

DECLARED: dict[str, Dependencies] = {}
_watched: dict[type[Model], type[Model]] = {}  # sender → the model whose number it bumps
_state = {"watching": False}
_lock = threading.RLock()
SIGNALS = {"save": post_save, "delete": post_delete, "m2m": m2m_changed}


def generation_name(model: type[Model]) -> str:
    return f"model:{model._meta.label_lower}"


class Dependencies:
    """The models one cache is made of (see the module's docstring)."""

    def __init__(self, name: str, *models: type[Model]):
        if name in DECLARED:
            raise ValueError(f"name: a cache called {name!r} is already declared")
        self.name = name
        self.models = tuple(dict.fromkeys(models))
        DECLARED[name] = self
        with _lock:
            if _state["watching"]:
                _watch(self.models)

    def stamp(self) -> str:
        """The numbers of the declared models now (and the restore's): part of every key."""
        values = BOARD.values()
        numbers = [values.get(RESTORED, 0), *(values.get(generation_name(m), 0) for m in self.models)]
        return ".".join(map(str, numbers))

    def fill(self, compute):
        """Compute a value to be cached under this declaration: the one place
        every cached value is made (the declaration test observes it here)."""
        return compute()

    def __repr__(self) -> str:
        return f"Dependencies({self.name!r}, {', '.join(m._meta.label for m in self.models)})"


def invalidate(*models: type[Model]) -> None:
    """Make every cache that declared one of ``models`` unreachable (after writes
    that send no signals), in the caller's transaction."""
    held = getattr(_holding, "models", None)
    for model in dict.fromkeys(models):
        if held is not None:
            held[model] = None
        else:
            BOARD.bump(generation_name(model))


_holding = threading.local()


@contextmanager
def invalidation_once():
    """Within the block, the models this thread's writes change are noted and
    each model's number is bumped once at its end, not once per row. For a
    batch of writes in one transaction that reads no cache between them (a
    loader): the block must end inside that transaction, so the bumps commit
    with the rows."""
    if getattr(_holding, "models", None) is not None:  # an outer block bumps them
        yield
        return
    _holding.models = {}
    try:
        yield
        models = tuple(_holding.models)
    finally:
        _holding.models = None
    invalidate(*models)


def safely(operation, *args):
    """A cache read or write; None when the cache cannot be reached, which is
    logged: pages are then rendered each time instead of failing."""
    try:
        return operation(*args)
    except CACHE_ERRORS as error:
        log.warning("cache-unavailable error=%s", type(error).__name__)
        return None


# Receivers ----------------------------------------------------------------------------


def connect_invalidation() -> None:
    """Called by ``CoreConfig.ready()``: until this process knows every
    declaration, any write makes it find them (``watch_declared``)."""
    for kind, signal in SIGNALS.items():
        signal.connect(_first_write, dispatch_uid=f"core-cache-first-{kind}")


def watch_declared() -> None:
    """Import every view (through the URLconf) and so every declaration; then
    only the declared models keep receivers, and deletes of other models are
    fast again."""
    with _lock:
        if _state["watching"]:
            return
        import_module(settings.ROOT_URLCONF)
        _state["watching"] = True
        for dependencies in DECLARED.values():
            _watch(dependencies.models)
        for kind, signal in SIGNALS.items():
            signal.disconnect(dispatch_uid=f"core-cache-first-{kind}")


def _first_write(sender, **kwargs) -> None:
    watch_declared()
    if sender in _watched:  # this write's own receivers were connected too late for it
        _changed(sender, **kwargs)


def _watch(models) -> None:
    for model in models:
        senders = [model] + [
            field.remote_field.through
            for field in model._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        for sender in senders:
            if sender in _watched:
                continue
            _watched[sender] = model
            uid = f"core-cache-{sender._meta.label_lower}"
            for kind, signal in SIGNALS.items():
                signal.connect(_changed, sender=sender, dispatch_uid=f"{uid}-{kind}")


def _changed(sender, action: str | None = None, **_kwargs) -> None:
    if action is not None and action not in ("post_add", "post_remove", "post_clear"):
        return  # m2m_changed also announces what it is about to do
    invalidate(_watched[sender])
