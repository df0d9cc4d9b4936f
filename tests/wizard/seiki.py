"""The 6-device / 3-address hearing of issue 21, for the guide, report and print tests."""

from __future__ import annotations

from wizard.models import Device, Hearing, Mailbox
from wizard.services import hearing_complete

# The 6-device / 3-address hearing of the issue: a shared POP address read on
# three identical PCs (one row ×3), another PC and an iPhone; a one-person
# IMAP address on a Mac and an Android phone; a one-PC POP address.
ADDRESSES = (
    ("info@seiki.example", 3, (
        ("pc", "outlook_classic", "事務所のPC", 3),
        ("pc", "thunderbird", "受付のPC", 1),
        ("smartphone", "ios_mail", "社長のiPhone", 1),
    )),
    ("sales@seiki.example", 1, (
        ("pc", "apple_mail", "営業のMac", 1),
        ("smartphone", "thunderbird_android", "営業のAndroid", 1),
    )),
    ("keiri@seiki.example", 1, (("pc", "becky", "経理のPC", 1),)),
)  # fmt: skip
PROTOCOL = {"info@seiki.example": "pop", "sales@seiki.example": "imap", "keiri@seiki.example": "pop"}
# What only the other protocol's text says (words and ports).
OTHER_PROTOCOL = {"pop": ("IMAP", "アイマップ", "993"), "imap": ("POP", "ポップ", "995")}


def six_device_hearing(director) -> Hearing:
    hearing = Hearing.objects.create(
        company="名古屋精機株式会社", director=director, consulted_on="2026-11-27", notes="社内メモ: 値引き"
    )
    for position, (address, people, devices) in enumerate(ADDRESSES):
        mailbox = Mailbox.objects.create(
            hearing=hearing, address=address, people=people, position=position,
            incoming_host="mail.seiki.example", outgoing_host="smtp.seiki.example",
        )  # fmt: skip
        for index, (kind, client, label, quantity) in enumerate(devices):
            Device.objects.create(
                mailbox=mailbox, kind=kind, client=client, label=label, quantity=quantity, position=index
            )
    return hearing_complete(hearing=hearing, version=hearing.version, user=director)
