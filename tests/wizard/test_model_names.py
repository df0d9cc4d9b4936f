"""How records name themselves (``__str__``): plain strings, wherever Django
prints them (the admin, its log, error messages)."""

from django.urls import reverse

from wizard.models import Device, Hearing, Mailbox


def test_the_admin_shows_a_mailbox_whose_device_has_no_label(client, django_user_model):
    boss = django_user_model.objects.create_superuser(username="boss", password="x" * 16)
    hearing = Hearing.objects.create(company="山田商店", director=boss)
    mailbox = Mailbox.objects.create(hearing=hearing, address="info@example.co.jp")
    Device.objects.create(mailbox=mailbox, kind="smartphone", client="ios_mail", label="")
    client.force_login(boss)
    response = client.get(reverse("admin:wizard_mailbox_change", args=[mailbox.pk]))
    assert response.status_code == 200
    assert "iPhone・iPadの「メール」" in response.content.decode()


def test_a_device_without_a_label_is_named_by_its_client(db):
    hearing = Hearing.objects.create(company="山田商店")
    mailbox = Mailbox.objects.create(hearing=hearing, address="info@example.co.jp")
    device = Device.objects.create(mailbox=mailbox, kind="pc", client="thunderbird", label="")
    assert str(device) == "Thunderbird"
