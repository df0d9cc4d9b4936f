"""Issue 25 finding 3: the sheet at the wizard's maximum (30 addresses × 30
devices). Its speed is measured by ``make bench``; here, what makes it fast:
QR codes drawn once per link and device, and a number of queries that does
not grow with the addresses and devices."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wizard.handoff import qr


def _counting_draws(monkeypatch, *, draw=None) -> list[str]:
    drawn: list[str] = []
    draw = draw or qr._draw

    def counted(url, title, mask=None):
        drawn.append(url)
        return draw(url, title, mask)

    monkeypatch.setattr(qr, "_draw", counted)
    return drawn


def test_a_second_customer_sheet_draws_no_qr_code_and_the_staff_print_reuses_them(
    director_client, complete, link_token, monkeypatch
):
    hearing = complete(mailboxes=2, devices=(("pc", "thunderbird"), ("smartphone", "ios_mail")))
    sheet = reverse("customer:sheet", kwargs={"token": link_token(hearing)})
    drawn = _counting_draws(monkeypatch)
    first = director_client.get(sheet).content.decode()
    assert len(drawn) == 4 and first.count('<svg viewBox="0 0 ') == 4
    again = director_client.get(sheet).content.decode()
    staff = director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    assert len(drawn) == 4  # none drawn again, on either side
    assert again.count('<svg viewBox="0 0 ') == 4 and staff.count('<svg viewBox="0 0 ') == 4


def test_the_customer_sheet_at_30_addresses_by_30_devices_costs_the_queries_of_a_1_by_1_sheet(
    director_client, complete, link_token, monkeypatch
):
    # A stand-in code: the queries are what is counted here, not segno's drawing.
    _counting_draws(monkeypatch, draw=lambda url, title, mask: "<svg></svg>")
    counts = {}
    for size in (1, 1, 30):  # the first 1 × 1 warms what any first request reads
        hearing = complete(mailboxes=size, devices=(("pc", "thunderbird"),) * size)
        sheet = reverse("customer:sheet", kwargs={"token": link_token(hearing)})
        with CaptureQueriesContext(connection) as queries:
            response = director_client.get(sheet)
        assert response.status_code == 200
        counts[size] = len(queries)
    assert counts[30] == counts[1]
