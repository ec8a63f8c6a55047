"""Money as people type it, and hostile input on every involvement form: a plain message and a
400 with what was typed kept, never a 500."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from involvement.models import CLAIM_CEILING_PENCE, ExpenseClaim
from involvement.money import MoneyError, format_pence, parse_pounds
from tests.involvement.conftest import PDF, PNG, text


@pytest.mark.parametrize(
    ("typed", "pence"),
    [("£12.50", 1250), ("12.5", 1250), ("12", 1200), (" 1,200.00 ", 120000), ("5000", 500000)],
)
def test_amounts_people_type_are_understood(typed, pence):
    assert parse_pounds(typed) == pence


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "cannot be negative"),
        ("0", "must be more than £0"),
        ("0.00", "must be more than £0"),
        ("5000.01", "must be £5,000.00 or less"),
        ("99999999999999999999999", "must be £5,000.00 or less"),
        ("12.345", "only 2 numbers after the point"),
        ("twelve", "numbers only"),
        ("1e3", "numbers only"),
        ("NaN", "numbers only"),
        ("", "Enter the amount"),
    ],
)
def test_bad_amounts_get_plain_messages(typed, message):
    with pytest.raises(MoneyError, match=message):
        parse_pounds(typed)


@given(st.text(max_size=40))
def test_any_string_gives_pence_in_range_or_a_plain_error(typed):
    try:
        pence = parse_pounds(typed)
    except MoneyError as error:
        assert str(error) and "Traceback" not in str(error)
    else:
        assert isinstance(pence, int) and 1 <= pence <= CLAIM_CEILING_PENCE


@given(st.integers(min_value=1, max_value=CLAIM_CEILING_PENCE))
def test_formatted_amounts_read_back_the_same(pence):
    assert parse_pounds(format_pence(pence)) == pence


pytestmark_db = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.mark.django_db
@pytest.mark.both_databases
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount": "-3"}, "The amount cannot be negative"),
        ({"amount": "0"}, "The amount must be more than £0"),
        ({"amount": "10000"}, "The amount must be £5,000.00 or less"),
        ({"amount": "1.999"}, "only 2 numbers after the point"),
        ({"amount": "1\x00"}, ""),
        ({"kind": "bribe"}, ""),
        ({"spent_on": "9999-01-01"}, ""),
        ({"spent_on": "not a date"}, ""),
        ({"spent_on": (timezone.localdate() + timedelta(days=3)).isoformat()}, "future"),
        ({"description": "x" * 1001}, "1,000 characters or fewer"),
    ],
)
def test_claim_form_refuses_hostile_input_plainly(
    client, member, make_involvement, fields, message
):
    involvement = make_involvement(member)
    client.force_login(member)
    data = {
        "kind": "travel",
        "amount": "12.50",
        "spent_on": timezone.localdate().isoformat(),
        "description": "Bus fare",
    } | fields
    response = client.post(f"/account/involvement/{involvement.pk}/claims/new/", data)
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert ExpenseClaim.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.both_databases
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.pdf", b"<html><script>alert(1)</script>", "must be a PDF"),
        ("photo.png", PDF, "must be a PDF"),  # a PDF pretending to be a picture
        ("script.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "must be a PDF"),
        ("empty.pdf", b"", ""),
        ("big.png", PNG + b"\x00" * (5 * 1024 * 1024), "smaller than 5 MB"),
    ],
)
def test_receipts_are_checked_by_content_and_size(
    client, member, make_involvement, name, content, message
):
    involvement = make_involvement(member)
    client.force_login(member)
    response = client.post(
        f"/account/involvement/{involvement.pk}/claims/new/",
        {
            "kind": "travel",
            "amount": "12.50",
            "spent_on": timezone.localdate().isoformat(),
            "receipts": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 400
    assert message in text(response)
    assert "12.50" in text(response)  # what was typed is kept
    assert ExpenseClaim.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.both_databases
@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("sessions/", {"session-date": "", "session-quantity": "1", "session-mode": "online"}),
        (
            "sessions/",
            {"session-date": "2026-01-01", "session-quantity": "-1", "session-mode": "online"},
        ),
        (
            "sessions/",
            {"session-date": "2026-01-01", "session-quantity": "1e9", "session-mode": "online"},
        ),
        (
            "sessions/",
            {"session-date": "3000-01-01", "session-quantity": "1", "session-mode": "moon"},
        ),
        (
            "fees-paid/",
            {
                "fee-sessions": ["999999", "abc"],
                "fee-paid_on": "2026-01-01",
                "fee-method": "bank_transfer",
            },
        ),
        ("fees-paid/", {"fee-paid_on": "yesterday", "fee-method": "gold"}),
        ("terms/", {"terms-payment_preference": "full_fee", "terms-fee": "-20"}),
        ("terms/", {"terms-payment_preference": "nothing", "terms-fee": "20.001"}),
        ("end/", {"end-reason": "x" * 5000}),
    ],
)
def test_portal_forms_refuse_hostile_input_plainly(
    client, org_admin, member, make_involvement, url, data
):
    involvement = make_involvement(member)
    involvement.sessions.create(
        date=timezone.localdate(),
        quantity=1,
        mode="online",
        fee_due_pence=2000,
        due_by=timezone.localdate(),
    )
    client.force_login(org_admin)
    response = client.post(f"/portal/involvement/{involvement.pk}/{url}", data)
    assert response.status_code == 400
    assert "There is a problem" in text(response)


@pytest.mark.django_db
@pytest.mark.both_databases
def test_claim_decisions_need_a_reason_and_dates_paid_must_be_sane(
    client, org_admin, member, make_involvement
):
    from involvement import services

    involvement = make_involvement(member)
    claim = services.claim_submit(
        involvement=involvement,
        kind="travel",
        amount_pence=100,
        spent_on=timezone.localdate(),
        description="",
        receipts=[],
        member=member,
    )
    client.force_login(org_admin)
    response = client.post(
        f"/portal/involvement/claims/{claim.pk}/decide/",
        {"decision-decision": "refuse", "decision-reason": ""},
    )
    assert response.status_code == 400
    assert "Enter your question or reason" in text(response)
    response = client.post(
        f"/portal/involvement/claims/{claim.pk}/decide/", {"decision-decision": "shred"}
    )
    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.status == "submitted"
