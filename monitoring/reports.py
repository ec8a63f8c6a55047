"""Presence reports for NSUN staff and for organisations. Every figure comes from disclosure.py."""

from django import forms
from django.utils import timezone

from core.forms import PlainErrorsFormMixin
from core.geography import Region
from core.parameters import IdChoiceField
from monitoring import disclosure
from monitoring.models import PopulationBaseline
from monitoring.questions import CHARACTERISTICS
from opportunities.models import OpportunityPage, OrganisationPage
from opportunities.models.choices import InvolvementLevel

CHARACTERISTIC_CHOICES = [(c.name, c.label) for c in CHARACTERISTICS.values()]


def period_choices():
    return [(label, label) for label in disclosure.recent_periods(timezone.localdate())]


def latest_released():
    return disclosure.latest_released(timezone.localdate()).label


class OrganisationReportForm(PlainErrorsFormMixin, forms.Form):
    period = forms.ChoiceField(label="Period")
    opportunity = forms.TypedChoiceField(
        label="Opportunity", coerce=int, required=False, empty_value=None
    )
    characteristic = forms.ChoiceField(
        label="Characteristic", choices=CHARACTERISTIC_CHOICES, initial="ethnic_group"
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()
        self.fields["period"].initial = latest_released()
        self.fields["opportunity"].choices = [("", "All your opportunities")] + [
            (pk, title)
            for pk, title in OpportunityPage.objects.child_of(organisation)
            .order_by("title")
            .values_list("pk", "title")
        ]


class StaffReportForm(PlainErrorsFormMixin, forms.Form):
    period = forms.ChoiceField(label="Period")
    organisation = forms.TypedChoiceField(
        label="Organisation", coerce=int, required=False, empty_value=None
    )
    level = forms.ChoiceField(
        label="Level", required=False, choices=[("", "Every level"), *InvolvementLevel.choices]
    )
    region = forms.ChoiceField(
        label="Region", required=False, choices=[("", "Every region"), *Region.choices]
    )
    characteristic = forms.ChoiceField(
        label="Characteristic", choices=CHARACTERISTIC_CHOICES, initial="ethnic_group"
    )
    cross_with = forms.ChoiceField(
        label="Cross-tabulate with",
        required=False,
        choices=[("", "Nothing"), *CHARACTERISTIC_CHOICES],
    )
    baseline = IdChoiceField(
        label="Compare with",
        queryset=PopulationBaseline.objects.all(),
        required=False,
        empty_label="The usual baseline",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()
        self.fields["period"].initial = latest_released()
        self.fields["organisation"].choices = [
            ("", "Every organisation"),
            *OrganisationPage.objects.order_by("title").values_list("pk", "title"),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cross_with") and cleaned["cross_with"] == cleaned.get("characteristic"):
            self.add_error("cross_with", "Choose a different characteristic to cross with.")
        chosen = [name for name in ("organisation", "level", "region") if cleaned.get(name)]
        if len(chosen) > 1:
            # Reports nest in fixed ways only (docs/decisions/0005-disclosure-control.md).
            self.add_error(
                chosen[1], "Choose one of organisation, level or region at a time, not two."
            )
        return cleaned


def csv_rows(scope_label, period, result, rate):
    rows = [
        ["Presence report", scope_label],
        ["Period", period.label],
        ["People who answered", result.respondents],
        ["Response rate", rate["rate"]],
        ["About these figures", result.explanation],
        [],
        [result.characteristic.label, "Applicants", "Share of applicants", "Involved",
         "Share of people involved", "Baseline share", "Under-represented"],
    ]  # fmt: skip
    if not result.available:
        rows.append([disclosure.NOT_AVAILABLE, result.reason])
        return rows
    if not result.involved_available:
        rows.insert(4, ["People involved", result.involved_reason])
    for row in result.rows:
        rows.append([row.label, row.applicants, row.applicants_share, row.involved,
                     row.involved_share, row.baseline_share,
                     "yes" if row.under_represented else ""])  # fmt: skip
    return rows


def staff_overview(period):
    """Who answered by level, region and organisation, from the period's release."""
    return disclosure.staff_overview(
        period,
        labels={"level": dict(InvolvementLevel.choices), "region": dict(Region.choices)},
    )
