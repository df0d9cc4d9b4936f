"""Two issued hearings with a customer link each, for ``make bench`` only: the
smallest (1 address × 1 device) and the wizard's largest (30 × 30).

Prints one JSON object: per size, the hearing's id, its version, the link's
token (the bench opens the customer sheet with it) and each address's id with
its devices' ids (the bench posts the devices step with them). A throw-away
database only: the tokens are printed.
"""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wizard.models import Device, Hearing, Mailbox
from wizard.services import customer_link_create, hearing_complete
from wizard.steps.base import MAX_DEVICES, MAX_MAILBOXES

SIZES = {"1x1": (1, 1), "30x30": (MAX_MAILBOXES, MAX_DEVICES)}


class Command(BaseCommand):
    help = "Create a 1 × 1 and a 30 × 30 issued hearing with customer links (run seed_bench_hearings first)."

    def handle(self, *args, **options):
        director = get_user_model().objects.filter(username="bench").first()
        if director is None:
            raise CommandError("No 'bench' director: run seed_bench_hearings first.")
        made = {}
        for name, (addresses, devices) in SIZES.items():
            with transaction.atomic():
                hearing = _hearing(director, name, addresses, devices)
                hearing = hearing_complete(hearing=hearing, version=hearing.version, user=director)
                _link, token = customer_link_create(hearing=hearing, user=director)
            made[name] = {
                "hearing": str(hearing.pk),
                "version": hearing.version,
                "token": token,
                "mailboxes": {
                    str(mailbox.pk): list(mailbox.devices.values_list("pk", flat=True))
                    for mailbox in hearing.mailboxes.order_by("position")
                },
            }
        self.stdout.write(json.dumps(made))


def _hearing(director, name: str, addresses: int, devices: int) -> Hearing:
    hearing = Hearing.objects.create(
        company=f"ベンチ株式会社 {name}", contact_name="担当", director=director, consulted_on="2026-11-27"
    )
    mailboxes = Mailbox.objects.bulk_create(
        Mailbox(
            hearing=hearing,
            address=f"user{index}@bench.example",
            people=devices,
            position=index,
            incoming_host="mail.bench.example",
            outgoing_host="mail.bench.example",
        )
        for index in range(addresses)
    )
    Device.objects.bulk_create(
        Device(mailbox=mailbox, kind="pc", client="thunderbird", label=f"PC{position + 1}", position=position)
        for mailbox in mailboxes
        for position in range(devices)
    )
    return hearing
