"""Staff permissions, read from the database once per change, not once per request.

Django's ``ModelBackend`` keeps a user's permissions on the user object, which
lives for one request: every staff page paid two queries (the user's own
permissions and their groups'). This backend keeps the two sets in the
process's memory as well, keyed by the user and stamped with a shared
generation (``core.generation``) that every change to who may do what bumps:
a user, a group or a permission saved or deleted, a user's groups or
permissions, a group's permissions (``connect_permission_changes``, called in
``CoreConfig.ready()``).

A change made in this process takes effect at its next request; in another
process or on another app server within ``AUTH.check_seconds`` (1 s), when
that process next reads the generation. A change made past Django, which no
signal reports (SQL in dbshell, a restore, a bulk ``update()`` of the user's
groups), takes effect within ``TTL_SECONDS`` (60 s): every entry is read
again from the database once it is that old. Inactive and anonymous users
have no permissions, as with ``ModelBackend``; object permissions are not
used here.
"""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save

from .generation import SharedGeneration

AUTH = SharedGeneration("auth-permissions")
LIMIT = 2_000  # users × 2 kinds kept per process; past it, start again
TTL_SECONDS = 60.0  # an entry's lifetime, for changes that no signal reports

_clock = time.monotonic
_known: dict[tuple, tuple[float, frozenset[str]]] = {}
_stamp: dict[str, int | None] = {"generation": None}


class CachedModelBackend(ModelBackend):
    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        attribute = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, attribute):
            current = AUTH.current()
            if _stamp["generation"] != current or len(_known) >= LIMIT:
                _known.clear()
                _stamp["generation"] = current
            key = (from_name, user_obj.pk, user_obj.is_superuser)
            now = _clock()
            read_at, known = _known.get(key, (None, frozenset()))
            if read_at is None or now - read_at >= TTL_SECONDS:
                known = frozenset(super()._get_permissions(user_obj, obj, from_name))
                _known[key] = (now, known)
            setattr(user_obj, attribute, set(known))
        return getattr(user_obj, attribute)


def forget() -> None:
    """Drop what this process knows (tests: each one's rollback resets the generation)."""
    _known.clear()
    _stamp["generation"] = None


def connect_permission_changes() -> None:
    user = get_user_model()
    senders = [
        user,
        Group,
        Permission,
        user.groups.through,
        user.user_permissions.through,
        Group.permissions.through,
    ]
    for sender in senders:
        uid = f"auth-permissions-{sender._meta.label_lower}"
        post_save.connect(AUTH.bump, sender=sender, dispatch_uid=f"{uid}-save")
        post_delete.connect(AUTH.bump, sender=sender, dispatch_uid=f"{uid}-delete")
    for through in senders[3:]:
        m2m_changed.connect(
            _m2m_changed, sender=through, dispatch_uid=f"auth-permissions-{through._meta.label_lower}"
        )


def _m2m_changed(action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        AUTH.bump()
