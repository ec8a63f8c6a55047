from django.conf import settings
from django.db import models
from django.utils import timezone

from members.models import MemberProfile


class IndexChange(models.Model):
    """An index entry that must be written or removed (an outbox).

    Written in the same transaction as the change itself, so nothing is lost if Elasticsearch is
    down; a task works through it, retrying with back-off until the index has caught up. It
    covers every index write: an opportunity's document, and a member's alert documents.
    """

    class Document(models.TextChoices):
        OPPORTUNITY = "opportunity", "An opportunity"
        MEMBER_ALERTS = "member_alerts", "A member's stored alert queries"

    class Action(models.TextChoices):
        INDEX = "index", "Write to the index"
        REMOVE = "remove", "Remove from the index"

    document = models.CharField(
        max_length=20, choices=Document.choices, default=Document.OPPORTUNITY
    )
    object_id = models.PositiveBigIntegerField(help_text="The opportunity's or member's id.")
    action = models.CharField(max_length=10, choices=Action.choices)
    queued_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "object_id"], name="one_change_per_entry")
        ]

    def __str__(self):
        return f"{self.action} {self.document} {self.object_id}"


# Saved searches offer the same choices as the profile's alerts.
AlertFrequency = MemberProfile.AlertFrequency


class SavedSearch(models.Model):
    """A search a member asked to hear about: new results are emailed like profile alerts."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=200)
    query_string = models.TextField(help_text="The search form's values, as in the address.")
    frequency = models.CharField(
        max_length=20, choices=AlertFrequency.choices, default=AlertFrequency.DAILY
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name


class AlertDelivery(models.Model):
    """One opportunity a member is told about, once: the unique pair makes "never twice" hold."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_deliveries"
    )
    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage", on_delete=models.CASCADE, related_name="+"
    )
    saved_search = models.ForeignKey(
        SavedSearch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    frequency = models.CharField(max_length=20, choices=AlertFrequency.choices)
    matched_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "opportunity"], name="one_alert_per_member_and_opportunity"
            )
        ]

    def __str__(self):
        return f"Alert for member {self.member_id} about opportunity {self.opportunity_id}"


class AlertDecision(models.Model):
    """That a published opportunity's alerts were decided, and how far recording them has got.

    Deciding takes one count in Elasticsearch and this row; the members' own alerts
    (AlertDelivery) are then recorded a batch at a time by tasks that page through the same
    query, each batch resuming after the last id recorded (decision 12). "Never twice" stays the
    deliveries' unique constraint, so a batch run again records nothing new.
    """

    class Stage(models.TextChoices):
        PROFILES = "profiles", "Members' alert profiles"
        SAVED_SEARCHES = "saved_searches", "Saved searches without words"
        WORDED_SAVED_SEARCHES = "worded_saved_searches", "Saved searches with words"

    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage", on_delete=models.CASCADE, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    documents_found = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Alert documents the opportunity fitted when decided (Elasticsearch's count).",
    )
    query = models.JSONField(
        default=dict,
        blank=True,
        help_text="The reverse query made from the opportunity's facts when decided.",
    )
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.PROFILES)
    resume_after = models.JSONField(
        default=list, blank=True, help_text="The last recorded hit's sort values in this stage."
    )
    alerts_recorded = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True, help_text="When the last batch ended.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["updated_at"],
                condition=models.Q(finished_at__isnull=True),
                name="alert_decisions_unfinished",
            )
        ]

    def __str__(self):
        return f"Alerts about opportunity {self.opportunity_id} decided {self.decided_at:%Y-%m-%d %H:%M}"
