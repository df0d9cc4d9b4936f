"""Demo data for a newcomer's first ``make run`` (DEBUG only, never overwrites).

Creates an admin and a director with random passwords (printed once) and one
completed example hearing for a fictional company, so the settings sheet can
be seen at once.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from core.models import AgencyContact
from wizard.models import Device, Hearing, Mailbox
from wizard.roles import ensure_director_group
from wizard.services import hearing_complete

EXAMPLE_COMPANY = "株式会社サンプル商店 (架空の会社)"


class Command(BaseCommand):
    help = "In DEBUG only: create demo accounts and an example hearing if missing."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo data created.")
            return
        with transaction.atomic():
            self._user("admin", superuser=True)
            director = self._user("director", superuser=False)
            self._example_hearing(director)
            self._example_contact()

    def _user(self, username: str, *, superuser: bool):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user:
            self.stdout.write(f"Demo account '{username}' already exists (password unchanged).")
            return user
        password = secrets.token_urlsafe(12)
        # An address of the reserved example domain: a customer's report in the demo is then
        # mailed to the director, which make run prints to its console.
        email = f"{username}@agency.example"
        if superuser:
            user = User.objects.create_superuser(username=username, password=password, email=email)
        else:
            user = User.objects.create_user(username=username, password=password, email=email, is_staff=True)
            user.groups.add(ensure_director_group())
        self.stdout.write(
            self.style.SUCCESS(f"Demo account created: {username} / {password}  (shown only this once)")
        )
        return user

    def _example_hearing(self, director) -> None:
        if Hearing.objects.filter(company=EXAMPLE_COMPANY).exists():
            return
        hearing = Hearing.objects.create(
            company=EXAMPLE_COMPANY,
            contact_name="見本 太郎",
            contact_email="taro@sample-shoten.example",
            director=director,
            consulted_on="2026-11-20",
            notes="架空のお客さまです。操作の見本としてお使いください。",
        )
        info = Mailbox.objects.create(
            hearing=hearing, position=0, address="info@sample-shoten.example", people=3,
            incoming_host="mail.sample-shoten.example", outgoing_host="mail.sample-shoten.example",
        )  # fmt: skip
        for position, (kind, client, label) in enumerate(
            [
                ("pc", "outlook_classic", "受付PC"),
                ("pc", "outlook_classic", "事務所PC"),
                ("pc", "thunderbird", "店長のPC"),
                ("smartphone", "ios_mail", "店長のiPhone"),
            ]
        ):
            Device.objects.create(mailbox=info, position=position, kind=kind, client=client, label=label)
        owner = Mailbox.objects.create(
            hearing=hearing, position=1, address="tenchou@sample-shoten.example", people=1,
            quota_mb=5000, daily_mb=10, incoming_host="mail.sample-shoten.example",
            outgoing_host="mail.sample-shoten.example", smtp_port=Mailbox.SmtpSecurity.STARTTLS,
        )  # fmt: skip
        Device.objects.create(mailbox=owner, position=0, kind="pc", client="apple_mail", label="店長のMac")
        Device.objects.create(
            mailbox=owner, position=1, kind="smartphone", client="ios_mail", label="店長のiPhone"
        )
        hearing_complete(hearing=hearing, version=hearing.version, user=director)
        self.stdout.write(self.style.SUCCESS(f"Example hearing created: {EXAMPLE_COMPANY}"))

    def _example_contact(self) -> None:
        """A sample of the agency's contact, so the admin shows what goes where;
        customers see none of it until an admin saves the real one (admin:
        お問い合わせ先), and staff pages say so."""
        if AgencyContact.objects.exists():
            return
        AgencyContact.objects.create(
            placeholder=True,
            name=AgencyContact.SAMPLE_NAME,
            email="support@agency.example",
            hours="平日 9:00〜18:00",
            form_url="https://agency.example/contact/",
        )
        self.stdout.write(self.style.SUCCESS("Example contact created (edit it in the admin)."))
