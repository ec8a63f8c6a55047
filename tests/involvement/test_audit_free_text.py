"""Words people type (claim descriptions and answers, reasons, why it ended, the organisation's
words about the person) never stay in the audit trail once the account is deleted."""

import pytest
from django.utils import timezone

from involvement import services
from involvement.models import InvolvementEvent

pytestmark = pytest.mark.django_db

SECRET = "Tom-psychiatric-ward"


def _trail(involvement):
    return " ".join(
        f"{e.from_value} {e.to_value}"
        for e in InvolvementEvent.objects.filter(involvement=involvement)
    )


def test_no_typed_words_reach_the_audit_trail(make_involvement, org_admin):
    involvement = make_involvement()
    member = involvement.member
    today = timezone.localdate()
    claim = services.claim_submit(
        involvement=involvement,
        kind="travel",
        amount_pence=1000,
        spent_on=today,
        description=f"first {SECRET}",
        receipts=[],
        member=member,
    )
    services.claim_decide(claim=claim, decision="query", reason=f"q {SECRET}", user=org_admin)
    services.claim_answer(
        claim=claim,
        amount_pence=1200,
        spent_on=today,
        description=f"second {SECRET}",
        receipts=[],
        member=member,
    )
    services.claim_decide(claim=claim, decision="refuse", reason=f"r {SECRET}", user=org_admin)
    services.involvement_set_terms(
        involvement=involvement,
        payment_preference=involvement.payment_preference,
        fee_per_unit_pence=involvement.fee_per_unit_pence,
        contribution=f"words {SECRET}",
        user=org_admin,
    )
    services.involvement_end(
        involvement=involvement, ended_by="member", user=member, reason=f"end {SECRET}"
    )
    assert SECRET not in _trail(involvement)
    assert InvolvementEvent.objects.filter(field="description", to_value="(changed)").exists()
    member.delete()
    assert SECRET not in _trail(involvement)


def test_deleting_the_account_clears_typed_words_already_in_the_trail(make_involvement):
    involvement = make_involvement()
    InvolvementEvent.objects.create(
        involvement=involvement,
        actor="member",
        action="changed",
        subject="claim 1",
        field="description",
        from_value=f"old {SECRET}",
        to_value=f"new {SECRET}",
    )
    involvement.member.delete()
    assert SECRET not in _trail(involvement)
