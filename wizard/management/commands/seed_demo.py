"""Demo data for a newcomer's first ``make run`` (DEBUG only, never overwrites)."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from wizard.roles import ensure_director_group


class Command(BaseCommand):
    help = "In DEBUG only: create demo accounts (admin, director) if missing and print their passwords once."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo data created.")
            return
        with transaction.atomic():
            self._user("admin", superuser=True)
            self._user("director", superuser=False)

    def _user(self, username: str, *, superuser: bool) -> None:
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Demo account '{username}' already exists (password unchanged).")
            return
        password = secrets.token_urlsafe(12)
        if superuser:
            User.objects.create_superuser(username=username, password=password, email="")
        else:
            user = User.objects.create_user(username=username, password=password, is_staff=True)
            user.groups.add(ensure_director_group())
        self.stdout.write(
            self.style.SUCCESS(f"Demo account created: {username} / {password}  (shown only this once)")
        )
