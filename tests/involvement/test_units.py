"""Time given shows as a quantity in plural-aware units ("2.5 hours", "1 session"), never as a
rate ("2.50 an hour") or a wrong plural ("1 sessions")."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from involvement.templatetags.money import in_units


@given(
    quantity=st.decimals(min_value=Decimal("0.25"), max_value=Decimal(100), places=2),
    unit=st.sampled_from(["hour", "day", "session", ""]),
)
def test_a_quantity_reads_as_an_amount_of_time(quantity, unit):
    shown = in_units(quantity, unit)
    number, word = shown.split(" ")
    assert Decimal(number) == quantity
    assert not number.endswith(".00") and " an " not in shown and " a " not in shown
    assert word.endswith("s") == (quantity != 1)


@pytest.mark.django_db
def test_the_members_page_says_one_session(client, make_involvement, org_admin, member):
    from django.utils import timezone

    from involvement import services

    involvement = make_involvement(member)
    involvement.fee_unit = "session"
    involvement.save()
    services.session_record(
        involvement=involvement,
        date=timezone.localdate(),
        quantity=Decimal(1),
        mode="online",
        user=org_admin,
    )
    client.force_login(member)
    page = client.get(f"/account/involvement/{involvement.pk}/").content.decode()
    assert "1 session<" in page and "1 sessions" not in page
