"""After selection: the involvement record, its sessions, fees paid and expense claims.

Money is held in whole pence (GBP) as integers, never as floats or pounds; the money parser in
involvement/money.py turns what people type into pence and back.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from involvement.storage import private_storage
from opportunities.models.choices import FeeUnit, PaymentPreference

# The largest single expense claim, in pence: far above any real travel, childcare or carer
# claim for one day, low enough to catch a mistyped amount (£5,000).
CLAIM_CEILING_PENCE = 500_000
# The largest single fee payment recorded at once (£50,000): a mistyped amount, not a payment.
PAYMENT_CEILING_PENCE = 5_000_000
# When an advert does not say, the promise is 30 days: the default credit period of the Late
# Payment of Commercial Debts (Interest) Act 1998, s.4(3)(c).
DEFAULT_DAYS_TO_PAY = 30


class InvolvementStatus(models.TextChoices):
    ACTIVE = "active", "Taking part"
    ENDED = "ended", "Ended"


class EndedBy(models.TextChoices):
    MEMBER = "member", "You ended it"
    ORGANISATION = "organisation", "The organisation ended it"


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", "Bank transfer"
    CHEQUE = "cheque", "Cheque"
    VOUCHERS = "vouchers", "Vouchers"
    CASH = "cash", "Cash"
    OTHER = "other", "Another way"


class ExpenseKind(models.TextChoices):
    TRAVEL = "travel", "Travel"
    CHILDCARE = "childcare", "Childcare"
    CARER = "carer", "Carer or personal assistant"
    OTHER = "other", "Other agreed cost"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "Sent, waiting for the organisation"
    APPROVED = "approved", "Approved, waiting to be paid"
    QUERIED = "queried", "The organisation has a question"
    REFUSED = "refused", "Refused"
    PAID = "paid", "Paid"


class Involvement(models.Model):
    """One selected person in one opportunity: made when the organisation selects them.

    Kept when the member deletes their account (member becomes empty): the organisation must keep
    its payment records (docs/data_protection.md).
    """

    expression = models.OneToOneField(
        "opportunities.ExpressionOfInterest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvement",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvements",
    )
    # PROTECT: payment records are kept six years (docs/data_protection.md), so a page with
    # involvement records cannot be deleted (the CMS says why: involvement/wagtail_hooks.py).
    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage", on_delete=models.PROTECT, related_name="involvements"
    )
    # The opportunity's organisation, held here so that portal and report queries need no
    # page-tree walk. An opportunity never moves between organisations.
    organisation = models.ForeignKey(
        "opportunities.OrganisationPage", on_delete=models.PROTECT, related_name="involvements"
    )
    status = models.CharField(
        max_length=10, choices=InvolvementStatus.choices, default=InvolvementStatus.ACTIVE
    )
    # The member's choice, copied at selection; the organisation may record what was agreed.
    payment_preference = models.CharField(
        "how the person is paid",
        max_length=20,
        choices=PaymentPreference.choices,
        default=PaymentPreference.NOT_SURE,
    )
    # The agreed fee per fee_unit in pence; 0 for expenses only or an unpaid role.
    fee_per_unit_pence = models.PositiveIntegerField(
        "agreed fee in pence", default=0, validators=[MaxValueValidator(PAYMENT_CEILING_PENCE)]
    )
    fee_unit = models.CharField(max_length=10, choices=FeeUnit.choices, blank=True)
    # The advert's promise, copied at selection so that editing the advert later moves no date.
    days_to_pay = models.PositiveSmallIntegerField(
        default=DEFAULT_DAYS_TO_PAY, validators=[MaxValueValidator(365)]
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.CharField(max_length=20, choices=EndedBy.choices, blank=True)
    end_reason = models.TextField("why it ended", blank=True, max_length=1000)
    contribution = models.TextField(
        "what the person contributed, in the organisation's words", blank=True, max_length=3000
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self):
        return f"Involvement {self.pk} in {self.opportunity_id}"

    @property
    def is_active(self):
        return self.status == InvolvementStatus.ACTIVE


class FeePayment(models.Model):
    """A fee paid to the person, covering one or more recorded sessions."""

    involvement = models.ForeignKey(
        Involvement, on_delete=models.CASCADE, related_name="fee_payments"
    )
    amount_pence = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(PAYMENT_CEILING_PENCE)]
    )
    paid_on = models.DateField()
    method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-paid_on", "-pk"]

    def __str__(self):
        return f"Fee payment {self.pk} of {self.amount_pence}p"


class InvolvementSession(models.Model):
    """A session the person took part in, as the organisation recorded it, and the fee due."""

    involvement = models.ForeignKey(Involvement, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    # In the involvement's fee unit: hours, sessions or days (1.5 hours, 2 sessions).
    quantity = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("100"))],
    )
    mode = models.CharField(max_length=20, choices=SessionMode.choices)
    fee_due_pence = models.PositiveIntegerField(default=0)
    # The promised date: the session's date plus the involvement's days_to_pay.
    due_by = models.DateField()
    payment = models.ForeignKey(
        FeePayment, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["due_by"])]

    def __str__(self):
        return f"Session on {self.date}"


class ExpenseClaim(models.Model):
    """Costs the person claims back; the organisation approves, queries or refuses, then pays."""

    involvement = models.ForeignKey(Involvement, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField("what the cost was for", max_length=20, choices=ExpenseKind.choices)
    amount_pence = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(CLAIM_CEILING_PENCE)]
    )
    spent_on = models.DateField("date of the cost")
    description = models.TextField("what it was", max_length=1000, blank=True)
    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    # The organisation's question or reason for refusing, which the member sees.
    reason = models.TextField(blank=True, max_length=1000)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # The promised date: the approval's date plus the involvement's days_to_pay.
    due_by = models.DateField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    method = models.CharField(max_length=20, choices=PaymentMethod.choices, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_by"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_pence__gte=1, amount_pence__lte=CLAIM_CEILING_PENCE),
                name="claim_amount_sane",
            )
        ]

    def __str__(self):
        return f"Claim {self.pk} ({self.status})"


def receipt_path(instance, filename):
    # A random name: the person's file name is kept in the database, never in the path.
    return f"receipts/{uuid.uuid4().hex}"


class ExpenseReceipt(models.Model):
    """A receipt for a claim, stored privately and served only through the checking view."""

    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="receipts")
    file = models.FileField(storage=private_storage, upload_to=receipt_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"Receipt {self.pk}"


class InvolvementEvent(models.Model):
    """The audit trail: every change to an involvement, its sessions, payments and claims.

    One row per change: who (the user, and in what capacity), when, what (the kind of record and
    its id, and the field), from and to. Values are short summaries, never receipts' contents.
    """

    class Actor(models.TextChoices):
        MEMBER = "member", "The person"
        ORGANISATION = "organisation", "The organisation"
        STAFF = "staff", "NSUN staff"
        SYSTEM = "system", "The site"

    involvement = models.ForeignKey(Involvement, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField(max_length=20, choices=Actor.choices)
    action = models.CharField(max_length=40)
    subject = models.CharField(max_length=40, help_text="For example 'claim 12'.")
    field = models.CharField(max_length=40, blank=True)
    from_value = models.CharField(max_length=200, blank=True)
    to_value = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.action} {self.subject} at {self.at:%Y-%m-%d %H:%M}"


class PaymentReminder(models.Model):
    """The day an organisation was reminded about overdue payments: at most one a day."""

    organisation = models.ForeignKey(
        "opportunities.OrganisationPage", on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()
    overdue_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sent_on"], name="one_payment_reminder_a_day"
            )
        ]

    def __str__(self):
        return f"Payment reminder to {self.organisation_id} on {self.sent_on}"


# Benefits-aware totals -------------------------------------------------------------------------


class EarningsLimitKind(models.TextChoices):
    ESA_PERMITTED_WORK = "esa_permitted_work", "ESA permitted work limit"
    ESA_PERMITTED_WORK_LOWER = "esa_permitted_work_lower", "ESA permitted work lower limit"
    UC_WORK_ALLOWANCE_LOWER = (
        "uc_work_allowance_lower",
        "Universal Credit work allowance, lower (with help for housing costs)",
    )
    UC_WORK_ALLOWANCE_HIGHER = (
        "uc_work_allowance_higher",
        "Universal Credit work allowance, higher (no help for housing costs)",
    )


# ESA limits are weekly; Universal Credit's work allowance is per monthly assessment period.
EARNINGS_LIMIT_PERIOD = {
    EarningsLimitKind.ESA_PERMITTED_WORK: "week",
    EarningsLimitKind.ESA_PERMITTED_WORK_LOWER: "week",
    EarningsLimitKind.UC_WORK_ALLOWANCE_LOWER: "month",
    EarningsLimitKind.UC_WORK_ALLOWANCE_HIGHER: "month",
}


class EarningsLimit(models.Model):
    """One benefit earnings limit from the day it applies, until the next figure of its kind.

    Staff add the new figures each April from the DWP's "Benefit and pension rates" for the
    year (gov.uk/government/publications/benefit-and-pension-rates-2026-to-2027); figures
    nobody has checked against that source yet say so to members."""

    kind = models.CharField(max_length=40, choices=EarningsLimitKind.choices)
    amount_pence = models.PositiveIntegerField(
        "amount in pence",
        validators=[MinValueValidator(1), MaxValueValidator(PAYMENT_CEILING_PENCE)],
        help_text="In pence: £203.36 is 20336. Weekly for ESA, monthly for Universal Credit.",
    )
    applies_from = models.DateField(help_text="The first day this figure applies.")
    source = models.CharField(
        max_length=300,
        help_text="Where the figure comes from, e.g. the DWP's benefit and pension rates page.",
    )
    checked = models.BooleanField(
        "checked against the source",
        default=False,
        help_text="Members are told when a figure has not been checked yet.",
    )

    class Meta:
        ordering = ["kind", "-applies_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "applies_from"], name="one_limit_a_day")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.applies_from:%-d %B %Y}"

    @property
    def period(self):
        return EARNINGS_LIMIT_PERIOD[self.kind]


# Feedback on how it felt ----------------------------------------------------------------------


class FeedbackRequest(models.Model):
    """That a member was asked for feedback on an involvement that ended, and whether they
    answered. Never what they answered: answers are FeedbackResponses, with no way back here."""

    involvement = models.OneToOneField(
        Involvement, on_delete=models.CASCADE, related_name="feedback_request"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    answered = models.BooleanField(default=False)

    def __str__(self):
        return f"Feedback request for involvement {self.involvement_id}"


class FeedbackResponse(models.Model):
    """One questionnaire's answers, held apart from identity as Presence records are: no foreign
    key to the member or the involvement. Reports read it only through involvement/feedback.py,
    which releases perturbed, thresholded counts per quarter (docs/decisions/0015)."""

    organisation = models.ForeignKey(
        "opportunities.OrganisationPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The quarter it was answered in: figures are released per quarter, after it ends, so an
    # answer never lands in figures already out.
    quarter = models.CharField(max_length=7, db_index=True)
    # A keyed hash of the member (involvement.feedback.respondent_for, keyed apart from Presence): thresholds count people,
    # and deleting the account finds their answers.
    respondent = models.CharField(max_length=32, db_index=True)
    record_key = models.PositiveSmallIntegerField()
    recorded_month = models.DateField()
    felt = models.CharField(max_length=20, blank=True)
    paid_on_time = models.CharField(max_length=20, blank=True)
    heard_what_changed = models.CharField(max_length=20, blank=True)
    take_part_again = models.CharField(max_length=20, blank=True)
    anything_else = models.TextField(blank=True)

    def __str__(self):
        return "Feedback response"  # never the answers


class FeedbackRelease(models.Model):
    """The feedback figures of one quarter, worked out once after it and never changed."""

    period = models.CharField(max_length=7, unique=True)
    released_at = models.DateTimeField(default=timezone.now)
    figures = models.JSONField(default=dict)  # {scope: {...}} as involvement.feedback writes

    class Meta:
        ordering = ["-period"]

    def __str__(self):
        return f"Feedback figures for {self.period}"
