"""Presence monitoring: equality answers held apart from identity.

A MonitoringRecord has no foreign key to the member. The ways from a person to their records
are the opaque token on their expression of interest, which lets the stage follow the
organisation's decision, and the respondent key (a keyed hash of the member), which lets
reports count each person once and lets withdrawal find every record they gave. Nothing here
is registered in the CMS; reports read it only through monitoring/disclosure/.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from monitoring.questions import CHARACTERISTICS

RECORD_KEY_RANGE = 256  # record keys 0 to 255, as in the ONS and ABS cell-key method


def new_record_key():
    """A random record key for cell-key perturbation (ONS: uniform over 0 to 255)."""
    return secrets.randbelow(RECORD_KEY_RANGE)


def new_respondent():
    """A respondent of its own, for records not made for a member (anonymised, invented)."""
    return secrets.token_hex(16)


class Stage(models.TextChoices):
    APPLIED = "applied", "Applied"
    INVOLVED = "involved", "Involved"


class MonitoringRecord(models.Model):
    token = models.CharField(max_length=64, unique=True)
    question_set_version = models.CharField(max_length=20)
    # Context, so reports can be scoped. None of it identifies the person.
    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "opportunities.OrganisationPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.CharField(max_length=30, blank=True)
    region = models.CharField(max_length=20, blank=True)
    quarter = models.CharField(max_length=7, db_index=True)  # "2026-Q4"
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.APPLIED)
    # The same for every record one member gives (a keyed hash of the member, see
    # monitoring.services.respondent_for), so reports count people, not applications.
    respondent = models.CharField(max_length=32, default=new_respondent, db_index=True)
    # Drawn at random once; a cell's noise comes from the keys of the records in it, so the same
    # people always give the same figure (monitoring/disclosure/perturbation.py).
    record_key = models.PositiveSmallIntegerField(default=new_record_key)
    # The month it was given, for retention: no finer, so it cannot be matched to a timestamp.
    recorded_month = models.DateField()
    # Answers: a category value, "prefer_not_to_say", or blank for no answer.
    ethnic_group = models.CharField(max_length=20, blank=True)
    ethnicity = models.CharField(max_length=40, blank=True)
    ethnicity_other = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=20, blank=True)
    gender_same_as_birth = models.CharField(max_length=20, blank=True)
    sexual_orientation = models.CharField(max_length=20, blank=True)
    sexual_orientation_other = models.CharField(max_length=100, blank=True)
    disability_condition = models.CharField(max_length=20, blank=True)
    disability_impact = models.CharField(max_length=20, blank=True)
    religion = models.CharField(max_length=20, blank=True)
    religion_other = models.CharField(max_length=100, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    carer = models.CharField(max_length=20, blank=True)
    involvement_role = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "quarter"]),
            models.Index(fields=["opportunity", "quarter"]),
        ]

    def __str__(self):
        return "Monitoring record"  # never the answers, not even in a shell or a log


class PresenceRelease(models.Model):
    """The published Presence figures for one period, computed once after it ended and never
    changed, so that reports cannot be compared before and after anyone's answer or decision."""

    period = models.CharField(max_length=7, unique=True)  # "2026-Q3" or "2026"
    released_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period"]

    def __str__(self):
        return f"Presence figures for {self.period}"


class PresenceFigures(models.Model):
    """One scope's published figures in a release: only perturbed, thresholded counts, which
    are not personal data. `figures` holds what monitoring.disclosure.release writes."""

    release = models.ForeignKey(PresenceRelease, on_delete=models.CASCADE, related_name="figures")
    scope = models.CharField(max_length=60)  # "network", "region:london", "organisation:12", ...
    figures = models.JSONField()
    # Staff cross-tabulations of every pair of characteristics, made with the release.
    cross_tabulations = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "scope"], name="one_figures_per_scope")
        ]
        verbose_name_plural = "presence figures"

    def __str__(self):
        return f"{self.scope}, {self.release.period}"


class SavedMonitoringAnswers(models.Model):
    """A member's own copy of their last answers, kept only if they ask, to offer them again."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_monitoring_answers"
    )
    question_set_version = models.CharField(max_length=20)
    answers = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return "Saved monitoring answers"


class MonitoringAuditEntry(models.Model):
    """That records were erased, why and when; never whose or what they said."""

    class Reason(models.TextChoices):
        CONSENT_WITHDRAWN = "consent_withdrawn", "The person withdrew their consent"
        ACCOUNT_DELETED = "account_deleted", "The person deleted their account"
        RETENTION = "retention", "Older than the retention period"

    reason = models.CharField(max_length=30, choices=Reason.choices)
    records_erased = models.PositiveIntegerField()
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name_plural = "monitoring audit entries"

    def __str__(self):
        return f"{self.records_erased} erased: {self.get_reason_display()}"


class PopulationBaseline(models.Model):
    """Shares of a population by category, to compare the people involved with."""

    name = models.CharField(max_length=200)
    characteristic = models.CharField(
        max_length=30,
        choices=[(c.name, c.label) for c in CHARACTERISTICS.values()],
        default="ethnic_group",
    )
    region = models.CharField(
        max_length=20,
        blank=True,
        help_text="Leave empty for England and Wales, or for a population not tied to a region.",
    )
    population = models.CharField(
        "population it describes",
        max_length=200,
        blank=True,
        help_text="For example “people using community mental health services in Leeds”.",
    )
    shares = models.JSONField(
        help_text='Percent for each category, for example {"white": 81.7, "asian": 9.3}.'
    )
    source = models.CharField(max_length=300, blank=True)
    is_default = models.BooleanField(
        "use when no other baseline is chosen",
        default=False,
        help_text="One default for each characteristic.",
    )

    class Meta:
        ordering = ["characteristic", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        characteristic = CHARACTERISTICS.get(self.characteristic)
        categories = dict(characteristic.categories) if characteristic else {}
        if not isinstance(self.shares, dict) or not self.shares:
            raise ValidationError({"shares": "Give a percent for each category."})
        unknown = sorted(set(self.shares) - set(categories))
        if unknown:
            raise ValidationError(
                {"shares": f"Not categories of {characteristic.label}: {', '.join(unknown)}. "
                           f"Use: {', '.join(categories)}."}
            )  # fmt: skip
        values = list(self.shares.values())
        if not all(isinstance(v, int | float) and 0 <= v <= 100 for v in values):
            raise ValidationError({"shares": "Each share must be a number from 0 to 100."})
        if not 95 <= sum(values) <= 105:
            raise ValidationError({"shares": f"The shares add up to {sum(values):g}%, not 100%."})
        others = PopulationBaseline.objects.filter(
            characteristic=self.characteristic, is_default=True
        ).exclude(pk=self.pk)
        if self.is_default and others.exists():
            raise ValidationError(
                {"is_default": f"{others.first().name} is already the usual baseline for this."}
            )
