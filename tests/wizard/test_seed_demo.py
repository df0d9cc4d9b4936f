from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wizard.models import Hearing


def test_seed_demo_creates_accounts_and_an_example_hearing_once(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    assert text.count("Demo account created: admin / ") == 1
    assert text.count("Demo account created: director / ") == 1
    director = get_user_model().objects.get(username="director")
    assert director.has_perm("wizard.change_hearing") and not director.is_superuser
    hearing = Hearing.objects.get()
    assert hearing.is_completed and hearing.mailboxes.count() == 2


def test_seed_demo_does_nothing_without_debug(db, settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=StringIO())
    assert not get_user_model().objects.exists() and not Hearing.objects.exists()


def test_a_report_on_the_demo_hearing_reaches_the_demo_director_by_mail(db, settings, mailoutbox):
    """make run prints the mails it sends: the walk through the demo shows the report arriving."""
    from wizard.models import Device
    from wizard.notices import recipients
    from wizard.services import device_report_save

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    hearing = Hearing.objects.get()
    device = Device.objects.filter(mailbox__hearing=hearing).first()
    report = device_report_save(hearing=hearing, device_id=device.pk, state="trouble", step=3)
    assert recipients(report) == ["director@agency.example"]
