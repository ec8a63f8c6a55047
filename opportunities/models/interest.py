from django.conf import settings
from django.db import models
from django.utils import timezone

from opportunities.models.choices import InterestStatus, PaymentPreference


class ExpressionOfInterest(models.Model):
    """A member saying "I would like to do this". The organisation sees its own, the member theirs.

    When an account is deleted the record stays, without the person, so that organisations'
    counts stay right.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expressions_of_interest",
    )
    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage",
        on_delete=models.CASCADE,
        related_name="expressions_of_interest",
    )
    message = models.TextField(
        "why you are interested",
        blank=True,
        max_length=3000,
    )
    access_needs = models.TextField("what would help you take part", blank=True, max_length=2000)
    share_access_needs = models.BooleanField(
        "share what would help me with the organisation", default=False
    )
    payment_preference = models.CharField(
        "how you would like to be paid",
        max_length=20,
        choices=PaymentPreference.choices,
        default=PaymentPreference.NOT_SURE,
    )
    status = models.CharField(
        max_length=20, choices=InterestStatus.choices, default=InterestStatus.SUBMITTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Links this expression of interest to its Presence monitoring answers, which are stored
    # apart from identity with no foreign key to the member.
    monitoring_token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "opportunity"], name="one_expression_of_interest_each"
            )
        ]
        verbose_name_plural = "expressions of interest"

    def __str__(self):
        return f"Interest in {self.opportunity_id} ({self.status})"

    @property
    def is_active(self):
        return self.status not in (InterestStatus.WITHDRAWN, InterestStatus.NOT_SELECTED)

    @property
    def access_needs_for_organisation(self):
        """Access needs reach the organisation only when the member agreed."""
        return self.access_needs if self.share_access_needs else ""


class InterestStatusChange(models.Model):
    """Every status an expression of interest has had, and when: for members, staff and reports."""

    expression = models.ForeignKey(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=20, choices=InterestStatus.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.get_status_display()} at {self.changed_at:%Y-%m-%d %H:%M}"
