"""The ディレクター role: exactly the permissions the wizard needs.

Migration 0002 creates the group; ``ensure_director_group`` re-creates it
where a test database was flushed, and seed_demo uses it for demo accounts.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

DIRECTOR_GROUP = "ディレクター"
DIRECTOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("hearing", "mailbox", "device")
    for action in ("view", "add", "change", "delete")
] + [
    "view_customerlink", "add_customerlink", "change_customerlink",  # make and revoke customer links
    "view_labelconfirmation", "add_labelconfirmation",  # record what a customer's screen shows
]  # fmt: skip


def ensure_director_group() -> Group:
    group, _ = Group.objects.get_or_create(name=DIRECTOR_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="wizard", codename__in=DIRECTOR_PERMISSIONS)
    )
    return group


def active_staff():
    """Who can be a hearing's director: staff accounts still in use, by user name."""
    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
