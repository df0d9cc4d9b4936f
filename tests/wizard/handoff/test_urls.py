"""Where a sheet's parts live, on the staff side and behind a customer link."""

import uuid

import pytest
from django.urls import resolve

from wizard.handoff.urls import PARTS, CustomerSheetUrls, StaffSheetUrls

STAFF = StaffSheetUrls(uuid.uuid4())
CUSTOMER = CustomerSheetUrls("t" * 43)
CALLS = {
    "sheet": lambda urls: urls.sheet(),
    "guide": lambda urls: urls.guide(5),
    "report": lambda urls: urls.report(5),
    "profile": lambda urls: urls.profile(12),
    "autoconfig": lambda urls: urls.autoconfig("名古屋精機.jp"),
    "dns": lambda urls: urls.dns(),
}


def test_every_part_of_a_sheet_has_a_way_to_reach_it():
    assert set(CALLS) == set(PARTS) == set(STAFF.names) == set(CUSTOMER.names)


@pytest.mark.parametrize("part", PARTS)
def test_every_part_resolves_on_the_customer_side_to_a_customer_view(part):
    url = CALLS[part](CUSTOMER)
    match = resolve(url)
    assert match.namespace == "customer" and match.kwargs["token"] == "t" * 43


@pytest.mark.parametrize("part", [part for part in PARTS if part != "report"])
def test_every_part_but_the_report_resolves_on_the_staff_side_to_a_staff_view(part):
    url = CALLS[part](STAFF)
    match = resolve(url)
    assert match.namespace == "wizard" and match.kwargs["pk"] == STAFF.hearing_id


def test_staff_have_no_report_form_and_no_qr_codes():
    assert STAFF.report(5) == "" and STAFF.guide_qr(5, "x") == ""


def test_a_domain_in_japanese_script_is_in_its_ascii_form_in_the_files_address():
    assert "/domains/xn--" in CUSTOMER.autoconfig("名古屋精機.jp")
