"""A mailbox read's numbers on an address: issued with the sheet and read back
the same, used by the advice unless a value was typed, and written on the
sheet as 「実測（12月6日）」 with the numbers behind each warning."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.urls import reverse

from wizard.handoff.record import SheetRecord
from wizard.models import Mailbox
from wizard.services import hearing_complete

MEASURED = {
    "measured_at": datetime(2026, 12, 6, 10, 30, tzinfo=ZoneInfo("Asia/Tokyo")),
    "measured_quota_mb": Decimal("2048.00"),
    "measured_used_mb": Decimal("1800.50"),
    "measured_daily_mb": Decimal("4.25"),
    "measured_count": 12345,
    "measured_oldest": date(2024, 4, 1),
    "measured_old_7_count": 11000, "measured_old_7_mb": Decimal("1700.00"),
    "measured_old_30_count": 9000, "measured_old_30_mb": Decimal("1500.25"),
    "measured_old_90_count": 5000, "measured_old_90_mb": Decimal("900.00"),
}  # fmt: skip


def shared_pop(make_hearing, **typed):
    hearing = make_hearing(devices=(("pc", "outlook_classic"), ("pc", "thunderbird")))
    Mailbox.objects.update(people=2, **MEASURED, **typed)
    return hearing


def test_measured_numbers_are_issued_and_read_back_the_same(make_hearing, director):
    hearing = shared_pop(make_hearing)
    live = SheetRecord.live(hearing, hearing.mailboxes.with_devices())
    issued = hearing_complete(hearing=hearing, version=hearing.version, user=director).latest_issue().read()
    assert issued.addresses == live.addresses
    assert issued.addresses[0].measured_old_30_mb == Decimal("1500.25")


def test_the_advice_uses_the_measured_numbers_unless_a_value_was_typed(make_hearing):
    measured = shared_pop(make_hearing).mailboxes.get()
    assert (measured.quota_for_advice, measured.daily_for_advice) == (Decimal("2048.00"), Decimal("4.25"))
    assert "quota_unknown" not in measured.todays_advice().warnings
    typed = Mailbox(
        **{**{f: getattr(measured, f) for f in MEASURED}, "quota_mb": 500, "daily_mb": Decimal(1)}
    )
    assert (typed.quota_for_advice, typed.daily_for_advice) == (500, Decimal(1))


def test_the_sheet_says_what_was_measured_and_the_numbers_behind_each_warning(
    director_client, make_hearing, director
):
    hearing = shared_pop(make_hearing)
    hearing_complete(hearing=hearing, version=hearing.version, user=director)
    sheet = director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    assert (
        "実測（12月6日）：使用量1,800.5MB／容量2,048MB（88%）、メール12,345通、いちばん古いメールは2024年4月1日、"
        "この30日に届いたメールは1日平均4.25MB。推奨の計算には、容量は実測した値（2,048MB）、"
        "1日に届くメールの量は実測した値（4.25MB）を使っています。"
    ) in sheet
    assert (
        "実測（12月6日）では、30日より前に届いたメールのコピーが9,000通（1,500.25MB）サーバーにあります。"
        in sheet
    )
    assert "実測（12月6日）では、容量2,048MBのうち1,800.5MBを使っています。" in sheet
