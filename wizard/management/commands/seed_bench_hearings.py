"""Fill a throw-away database with many hearings, for ``make bench`` only."""

import uuid

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from wizard.models import Device, Hearing, Mailbox
from wizard.roles import ensure_director_group


class Command(BaseCommand):
    help = (
        "Create N synthetic hearings and a 'bench' director (password from --password). Never on real data."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--password", required=True)

    def handle(self, *args, count: int, password: str, **options):
        User = get_user_model()
        director, _ = User.objects.get_or_create(username="bench", defaults={"is_staff": True})
        director.set_password(password)
        director.save()
        director.groups.add(ensure_director_group())
        with transaction.atomic():
            for start in range(0, count, 1000):
                size = min(1000, count - start)
                hearings = [
                    Hearing(
                        id=uuid.uuid4(),
                        company=f"ベンチ株式会社 {start + i}",
                        contact_name=f"担当 {start + i}",
                        director=director,
                        consulted_on="2026-11-01",
                        status=Hearing.Status.COMPLETED if (start + i) % 3 else Hearing.Status.DRAFT,
                    )
                    for i in range(size)
                ]
                Hearing.objects.bulk_create(hearings)
                mailboxes = Mailbox.objects.bulk_create(
                    Mailbox(
                        hearing=h,
                        address=f"info{start + i}@bench.example",
                        people=2,
                        incoming_host="mail.bench.example",
                        outgoing_host="mail.bench.example",
                    )  # fmt: skip
                    for i, h in enumerate(hearings)
                )
                Device.objects.bulk_create(
                    Device(mailbox=m, kind="pc", client="outlook_classic", label="PC") for m in mailboxes
                )
        self.stdout.write(f"{count} benchmark hearings created.")
