"""Sessions and costs belong to the time someone was involved; numbers are typed as figures."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from involvement import services
from involvement.forms import SessionForm
from involvement.money import parse_pounds

pytestmark = pytest.mark.django_db


def test_nothing_is_recorded_for_a_day_after_the_involvement_ended(make_involvement, org_admin):
    involvement = make_involvement()
    services.involvement_end(involvement=involvement, ended_by="organisation", user=org_admin)
    type(involvement).objects.filter(pk=involvement.pk).update(
        ended_at=timezone.now() - timedelta(days=10)
    )
    involvement.refresh_from_db()
    today = timezone.localdate()
    with pytest.raises(services.NotAllowed, match="after this involvement ended"):
        services.session_record(
            involvement=involvement,
            date=today - timedelta(days=5),
            quantity=Decimal(1),
            mode="online",
            user=org_admin,
        )
    with pytest.raises(services.NotAllowed, match="after this involvement ended"):
        services.claim_submit(
            involvement=involvement,
            kind="travel",
            amount_pence=300,
            spent_on=today - timedelta(days=5),
            description="Bus",
            receipts=[],
            member=involvement.member,
        )
    # The last session's costs are often claimed after the end: a day before it still counts.
    services.session_record(
        involvement=involvement,
        date=today - timedelta(days=11),
        quantity=Decimal(1),
        mode="online",
        user=org_admin,
    )


@pytest.mark.parametrize("typed", ["1e2", "\uff11", "1,5", "0x10", "1.255", "\u00bd"])
def test_a_quantity_is_figures_only(typed):
    form = SessionForm(
        {"date": timezone.localdate().isoformat(), "quantity": typed, "mode": "online"}
    )
    assert not form.is_valid()
    assert "figures only" in str(form.errors["quantity"]) or "2 decimal" in str(
        form.errors["quantity"]
    )


@pytest.mark.parametrize("typed", [".5", ".50", "£.50", "0.50"])
def test_pence_alone_are_an_amount(typed):
    assert parse_pounds(typed) == 50
