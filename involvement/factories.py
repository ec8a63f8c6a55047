"""Involvement records (a selected person's involvement, its sessions, payments and expense
claims), made directly for tests, the demo seed and benchmarks; the journeys make them through
involvement.services, which also write the audit trail."""

from datetime import timedelta

import factory
from django.utils import timezone

from involvement.models import (
    ExpenseClaim,
    ExpenseKind,
    FeePayment,
    Involvement,
    InvolvementSession,
    PaymentMethod,
    SessionMode,
)


class InvolvementFactory(factory.django.DjangoModelFactory):
    """An active involvement. Pass `expression=` (a selected ExpressionOfInterest); the
    member, opportunity and organisation are read from it unless given."""

    class Meta:
        model = Involvement

    member = factory.LazyAttribute(lambda o: o.expression.member)
    opportunity = factory.LazyAttribute(lambda o: o.expression.opportunity)
    organisation_id = factory.LazyAttribute(lambda o: o.expression.opportunity.get_parent().pk)


class InvolvementSessionFactory(factory.django.DjangoModelFactory):
    """One online session of an involvement yesterday, with its fee due in the involvement's
    days to pay. Pass `involvement=` and `recorded_by=`."""

    class Meta:
        model = InvolvementSession

    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    quantity = 1
    mode = SessionMode.ONLINE
    due_by = factory.LazyAttribute(lambda o: o.date + timedelta(days=o.involvement.days_to_pay))


class FeePaymentFactory(factory.django.DjangoModelFactory):
    """A fee paid today by bank transfer. Pass `involvement=`, `amount_pence=`, `recorded_by=`."""

    class Meta:
        model = FeePayment

    paid_on = factory.LazyFunction(timezone.localdate)
    method = PaymentMethod.BANK_TRANSFER


class ExpenseClaimFactory(factory.django.DjangoModelFactory):
    """A travel claim for £12.50 spent yesterday, as submitted. Pass `involvement=`."""

    class Meta:
        model = ExpenseClaim

    kind = ExpenseKind.TRAVEL
    amount_pence = 1250
    spent_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
