"""Payments recorded once, fair "usually pays" figures, audit trails that forget, letters in
plain units: faults seen before, each kept as a test."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from involvement import services
from involvement.models import FeePayment, InvolvementEvent, InvolvementSession
from involvement.selectors import usually_pays_within

pytestmark = pytest.mark.django_db


def test_two_mark_paid_requests_for_one_session_record_one_payment(make_involvement, org_admin):
    """Two "Mark paid" requests that both read the session as unpaid (a double-click, two
    admins) must not pay it twice: the member's totals and benefits letter add up payments."""
    involvement = make_involvement()
    today = timezone.localdate()
    session = services.session_record(
        involvement=involvement, date=today, quantity=Decimal(1), mode="online", user=org_admin
    )
    stale = InvolvementSession.objects.get(pk=session.pk)  # what the second request read
    services.fee_payment_record(
        involvement=involvement,
        sessions=[session],
        paid_on=today,
        method="bank_transfer",
        user=org_admin,
    )
    with pytest.raises(services.NotAllowed):
        services.fee_payment_record(
            involvement=involvement,
            sessions=[stale],
            paid_on=today,
            method="bank_transfer",
            user=org_admin,
        )
    assert FeePayment.objects.filter(involvement=involvement).count() == 1


def test_deleting_the_account_clears_claim_descriptions_from_the_audit_trail(
    make_involvement, org_admin
):
    involvement = make_involvement()
    member = involvement.member
    today = timezone.localdate()
    claim = services.claim_submit(
        involvement=involvement,
        kind="travel",
        amount_pence=1000,
        spent_on=today,
        description="Bus",
        receipts=[],
        member=member,
    )
    services.claim_decide(claim=claim, decision="query", reason="Which bus?", user=org_admin)
    services.claim_answer(
        claim=claim,
        amount_pence=1000,
        spent_on=today,
        description="Bus to the psychiatric unit with my son Tom",
        receipts=[],
        member=member,
    )
    member.delete()
    kept = " ".join(
        f"{e.from_value} {e.to_value}"
        for e in InvolvementEvent.objects.filter(involvement=involvement)
    )
    assert "psychiatric" not in kept


def test_usually_pays_within_needs_more_than_one_persons_single_payment(
    make_involvement, org_admin, organisation
):
    """One person, one payment covering five sessions must not make the public figure."""
    involvement = make_involvement()
    today = timezone.localdate()
    sessions = [
        services.session_record(
            involvement=involvement,
            date=today - datetime.timedelta(days=n),
            quantity=Decimal(1),
            mode="online",
            user=org_admin,
        )
        for n in range(1, 6)
    ]
    services.fee_payment_record(
        involvement=involvement,
        sessions=sessions,
        paid_on=today,
        method="bank_transfer",
        user=org_admin,
    )
    assert usually_pays_within(organisation, today=today) is None


def test_reference_letter_gives_the_time_in_hours_not_a_rate(make_involvement, org_admin):
    from django.template.loader import render_to_string

    from involvement.letters import letter_context

    involvement = make_involvement()  # fee unit "hour"
    services.session_record(
        involvement=involvement,
        date=timezone.localdate(),
        quantity=Decimal("2.5"),
        mode="online",
        user=org_admin,
    )
    involvement.refresh_from_db()
    html = render_to_string(
        "letters/reference.html", {**letter_context(involvement), "title": "Reference"}
    )
    assert "2.50 an hour" not in html and "2.5 an hour" not in html
