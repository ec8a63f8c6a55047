"""Two requests that read the same record before either writes (a double-click, two
administrators at once) must change it once: one audit entry, one email, one payment."""

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from involvement import services
from involvement.models import ExpenseClaim, InvolvementEvent

pytestmark = pytest.mark.django_db


def _claim(involvement, description="Bus"):
    return services.claim_submit(
        involvement=involvement,
        kind="travel",
        amount_pence=1000,
        spent_on=timezone.localdate(),
        description=description,
        receipts=[],
        member=involvement.member,
    )


def _events(claim, action):
    return InvolvementEvent.objects.filter(subject=f"claim {claim.pk}", action=action).count()


def test_two_admins_deciding_one_claim_decide_it_once(make_involvement, org_admin, after_commit):
    claim = _claim(make_involvement())
    stale = ExpenseClaim.objects.get(pk=claim.pk)  # what the second administrator's page read
    mail.outbox.clear()
    with after_commit():
        services.claim_decide(claim=claim, decision="approve", reason="", user=org_admin)
    with pytest.raises(services.NotAllowed, match="already"), after_commit():
        services.claim_decide(claim=stale, decision="refuse", reason="No", user=org_admin)
    claim.refresh_from_db()
    assert claim.status == "approved"
    assert _events(claim, "approve") == 1 and _events(claim, "refuse") == 0
    assert len(mail.outbox) == 1


def test_two_paid_marks_on_one_claim_record_one_payment(make_involvement, org_admin):
    claim = _claim(make_involvement())
    services.claim_decide(claim=claim, decision="approve", reason="", user=org_admin)
    stale = ExpenseClaim.objects.get(pk=claim.pk)
    today = timezone.localdate()
    services.claim_mark_paid(claim=claim, paid_on=today, method="cash", user=org_admin)
    with pytest.raises(services.NotAllowed):
        services.claim_mark_paid(claim=stale, paid_on=today, method="bank_transfer", user=org_admin)
    claim.refresh_from_db()
    assert claim.method == "cash"
    assert _events(claim, "paid") == 1


def test_the_same_claim_sent_twice_at_once_is_kept_once(make_involvement):
    involvement = make_involvement()
    _claim(involvement)
    with pytest.raises(services.NotAllowed, match="just sent"):
        _claim(involvement)
    _claim(involvement, description="Train")  # a different cost goes through
    assert ExpenseClaim.objects.filter(involvement=involvement).count() == 2


def test_a_stale_session_list_cannot_pay_a_session_twice_in_one_payment(
    make_involvement, org_admin
):
    involvement = make_involvement()
    session = services.session_record(
        involvement=involvement,
        date=timezone.localdate(),
        quantity=Decimal(1),
        mode="online",
        user=org_admin,
    )
    payment = services.fee_payment_record(
        involvement=involvement,
        sessions=[session, session],
        paid_on=timezone.localdate(),
        method="cash",
        user=org_admin,
    )
    assert payment.amount_pence == session.fee_due_pence


@pytest.mark.both_databases
def test_an_action_from_an_out_of_date_page_is_refused_with_a_message(
    client, make_involvement, org_admin
):
    """Marking paid a claim not approved yet, or deciding one already refused, says so."""
    from django.utils import timezone

    involvement = make_involvement()
    claim = services.claim_submit(
        involvement=involvement,
        kind="travel",
        amount_pence=700,
        spent_on=timezone.localdate(),
        description="Train",
        receipts=[],
        member=involvement.member,
    )
    client.force_login(org_admin)
    paid = client.post(
        f"/portal/involvement/claims/{claim.pk}/paid/",
        {"paid-paid_on": timezone.localdate().isoformat(), "paid-method": "bank_transfer"},
    )
    assert paid.status_code == 409
    assert "That was not saved" in paid.content.decode()

    services.claim_decide(claim=claim, decision="refuse", reason="Not agreed", user=org_admin)
    again = client.post(
        f"/portal/involvement/claims/{claim.pk}/decide/",
        {"decision-decision": "approve", "decision-reason": ""},
    )
    assert again.status_code == 409
    assert "That was not saved" in again.content.decode()
