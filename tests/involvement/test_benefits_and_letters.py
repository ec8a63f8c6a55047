"""Benefits-aware totals and letters: for the member alone, with the limits that applied then,
and letters that are real, tagged, titled PDFs in English."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pypdf
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from involvement import letters, services
from involvement.benefits import tax_year_start
from involvement.models import EarningsLimit
from tests.involvement.conftest import text
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)


def _paid_sessions(involvement, admin, days, hours="1"):
    """Sessions on each day, each paid the same day (fees of £20 an hour)."""
    for day in days:
        session = services.session_record(
            involvement=involvement, date=day, quantity=Decimal(hours), mode="online", user=admin
        )
        services.fee_payment_record(
            involvement=involvement,
            sessions=[session],
            paid_on=day,
            method="bank_transfer",
            user=admin,
        )


@pytest.fixture
def paid(make_involvement, member, org_admin):
    with time_machine.travel(TODAY, tick=False):
        involvement = make_involvement(member)
        # 31 March 2026 (tax year 2025-26, 2025 limits): 10 hours, £200, over ESA's £195.50.
        _paid_sessions(involvement, org_admin, [date(2026, 3, 31)], hours="10")
        # 7 April 2026 (tax year 2026-27, 2026 limits): £40.
        _paid_sessions(involvement, org_admin, [date(2026, 4, 7)], hours="2")
        claim = services.claim_submit(
            involvement=involvement,
            kind="travel",
            amount_pence=1234,
            spent_on=date(2026, 4, 7),
            description="Train",
            receipts=[],
            member=member,
        )
        services.claim_decide(claim=claim, decision="approve", reason="", user=org_admin)
        services.claim_mark_paid(claim=claim, paid_on=TODAY, method="bank_transfer", user=org_admin)
    return involvement


def test_the_member_sees_fees_per_week_month_and_tax_year_beside_the_limits_then(
    client, paid, member
):
    client.force_login(member)
    with time_machine.travel(TODAY, tick=False):
        page = text(client.get("/account/involvement/benefits/"))
    assert "This is not advice" in page
    assert "welfare rights adviser" in page
    # Tax years from 6 April: £200 in 2025-26 and £40 in 2026-27.
    assert "6 April 2025 to 5 April 2026</td><td>£200.00" in page
    assert "6 April 2026 to 5 April 2027</td><td>£40.00" in page
    # The week of 30 March 2026 is beside 2025's ESA limit, and more than it.
    week = page.split("30 Mar 2026 to 5 Apr 2026")[1].split("</tr>")[0]
    assert "£200.00" in week and "£195.50" in week and "More than this" in week
    # The week of 6 April 2026 is beside the 2026 figure, not checked yet, and within it.
    week = page.split("6 Apr 2026 to 12 Apr 2026")[1].split("</tr>")[0]
    limit = week.split("ESA permitted work limit:")[1].split("</li>")[0]
    assert "£203.50" in limit and "(not checked yet)" in limit and "More than this" not in limit
    # £40 is more than the £20 lower limit.
    assert "More than this" in week.split("ESA permitted work lower limit:")[1]
    # Months beside Universal Credit's work allowances in force on their first day: on
    # 1 April 2026 the 2025 figures still applied.
    month = page.split(">April 2026<")[1].split("</tr>")[0]
    assert "£40.00" in month and "£411.00" in month and "£684.00" in month
    # Expenses are not earnings: said apart, not in the totals.
    assert "£12.34 in expenses" in page
    assert "£52.34" not in page


def test_nobody_else_sees_the_member_s_totals(client, paid, org_admin):
    assert client.get("/account/involvement/benefits/").status_code == 302  # sign in first
    for user in (org_admin, UserFactory(is_staff=True, is_superuser=True), UserFactory()):
        client.force_login(user)
        with time_machine.travel(TODAY, tick=False):
            page = text(client.get("/account/involvement/benefits/"))
        assert "£200.00" not in page
        assert "No fees have been paid to you yet." in page


def test_a_new_figure_staff_add_applies_from_its_date(client, paid, member):
    EarningsLimit.objects.create(
        kind="esa_permitted_work",
        amount_pence=99900,
        applies_from=date(2026, 3, 30),
        source="test",
        checked=True,
    )
    client.force_login(member)
    with time_machine.travel(TODAY, tick=False):
        page = text(client.get("/account/involvement/benefits/"))
    assert "£999.00" in page.split("30 Mar 2026 to 5 Apr 2026")[1].split("</tr>")[0]
    assert "£203.50" in page.split("6 Apr 2026 to 12 Apr 2026")[1].split("</tr>")[0]


def test_the_totals_page_reads_a_fixed_number_of_queries(
    client, make_involvement, member, org_admin
):
    client.force_login(member)
    involvement = make_involvement(member)

    def count():
        with time_machine.travel(TODAY, tick=False), CaptureQueriesContext(connection) as seen:
            assert client.get("/account/involvement/benefits/").status_code == 200
        return len(seen)

    with time_machine.travel(TODAY, tick=False):
        _paid_sessions(involvement, org_admin, [TODAY - timedelta(days=3)])
    count()  # the first request of a session reads more (session, site)
    one = count()
    with time_machine.travel(TODAY, tick=False):
        _paid_sessions(
            involvement, org_admin, [TODAY - timedelta(days=d) for d in range(5, 300, 9)]
        )
    count()  # payments change a public page: the kept public values are made once again
    assert count() == one


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_a_tax_year_starts_on_the_6_april_on_or_before_the_day(day):
    start = tax_year_start(day)
    assert (start.month, start.day) == (4, 6)
    assert start <= day < date(start.year + 1, 4, 6)


# Letters ----------------------------------------------------------------------------------------


def _pdf(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged
    assert "/StructTreeRoot" in root
    return reader, root, "\n".join(page.extract_text() for page in reader.pages)


def test_the_benefits_letter_is_a_tagged_pdf_saying_what_was_paid_and_when(
    client, paid, member, organisation
):
    client.force_login(member)
    with time_machine.travel(TODAY, tick=False):
        page = text(client.get(f"/account/involvement/{paid.pk}/letters/"))
        response = client.get(f"/account/involvement/{paid.pk}/letters/benefits.pdf")
    assert "A letter for your benefits adviser (PDF)" in page
    reader, root, words = _pdf(response)
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith("A letter for your benefits adviser")
    assert "Mo Member" in words
    assert "31 March 2026" in words and "£200.00" in words
    assert "7 April 2026" in words and "£40.00" in words
    assert "payments below are for this involvement" in " ".join(words.split())
    assert "not earnings" in words and "£12.34" in words
    assert organisation.title in words
    assert "Mo" not in response["Content-Disposition"]  # no name in the file's name


def test_the_reference_gives_the_contribution_in_the_organisation_s_words(
    client, paid, member, org_admin
):
    services.involvement_set_terms(
        involvement=paid,
        payment_preference=paid.payment_preference,
        fee_per_unit_pence=paid.fee_per_unit_pence,
        contribution="Mo rewrote our leaflet so people could read it.",
        user=org_admin,
    )
    client.force_login(member)
    _, root, words = _pdf(client.get(f"/account/involvement/{paid.pk}/letters/reference.pdf"))
    assert root["/Lang"] == "en-GB"
    words = " ".join(words.split())
    assert "Mo rewrote our leaflet so people could read it." in words
    assert "Sessions taken part in: 2" in words


def test_letters_reach_the_member_only(client, paid, org_admin, other_org_admin):
    url = f"/account/involvement/{paid.pk}/letters/benefits.pdf"
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    staff = UserFactory(is_staff=True, is_superuser=True)
    for user in (org_admin, other_org_admin, staff, UserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(f"/account/involvement/{paid.pk}/letters/").status_code == 404


def test_an_unknown_letter_is_not_found(client, paid, member):
    client.force_login(member)
    assert client.get(f"/account/involvement/{paid.pk}/letters/other.pdf").status_code == 404


def test_without_the_pdf_libraries_letters_say_they_are_unavailable(
    client, paid, member, monkeypatch
):
    monkeypatch.setattr(letters, "_weasyprint", lambda: None)
    client.force_login(member)
    page = client.get(f"/account/involvement/{paid.pk}/letters/")
    assert page.status_code == 200
    assert "Letters are unavailable" in text(page)
    assert "benefits.pdf" not in text(page)
    response = client.get(f"/account/involvement/{paid.pk}/letters/benefits.pdf")
    assert response.status_code == 503
    assert "Letters are unavailable" in text(response)
