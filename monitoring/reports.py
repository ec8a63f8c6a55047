"""Presence reports for NSUN staff and for organisations. Every figure comes from disclosure.py."""

from django import forms
from django.db.models import Count, Q
from django.utils import timezone

from core.csv_export import csv_response
from core.geography import Region
from monitoring import disclosure
from monitoring.models import PopulationBaseline, Stage
from monitoring.questions import CHARACTERISTICS
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    OpportunityPage,
    OrganisationPage,
)
from opportunities.models.choices import InvolvementLevel

CHARACTERISTIC_CHOICES = [(c.name, c.label) for c in CHARACTERISTICS.values()]
FEWER_THAN = 2


def period_choices():
    return [(label, label) for label in disclosure.recent_periods(timezone.localdate())]


class OrganisationReportForm(forms.Form):
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
        self.fields["period"].initial = self.fields["period"].choices[0][0]
        self.fields["opportunity"].choices = [("", "All your opportunities")] + [
            (pk, title)
            for pk, title in OpportunityPage.objects.child_of(organisation)
            .order_by("title")
            .values_list("pk", "title")
        ]


class StaffReportForm(forms.Form):
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
    baseline = forms.ModelChoiceField(
        label="Compare with",
        queryset=PopulationBaseline.objects.all(),
        required=False,
        empty_label="The usual baseline",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()
        self.fields["period"].initial = self.fields["period"].choices[0][0]
        self.fields["organisation"].choices = [
            ("", "Every organisation"),
            *OrganisationPage.objects.order_by("title").values_list("pk", "title"),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cross_with") and cleaned["cross_with"] == cleaned.get("characteristic"):
            self.add_error("cross_with", "Choose a different characteristic to cross with.")
        return cleaned


def _bound(form_class, request, **kwargs):
    """The form bound to the query string, with defaults for anything not asked."""
    form = form_class(**kwargs)
    data = {name: field.initial for name, field in form.fields.items() if field.initial}
    for name in form.fields:
        if name in request.GET:
            data[name] = request.GET[name]
    return form_class(data, **kwargs)


def _within(queryset, scope, via=""):
    """Opportunities (or rows linked to one `via` a relation) in the scope's organisation,
    opportunity, level and region."""
    if scope.organisation_id:
        queryset = queryset.filter(**{f"{via}path__startswith": scope.organisation_path})
    if scope.opportunity_id:
        queryset = queryset.filter(**{f"{via}pk": scope.opportunity_id})
    if scope.level:
        queryset = queryset.filter(**{f"{via}level": scope.level})
    if scope.region:
        queryset = queryset.filter(**{f"{via}region": scope.region})
    return queryset


def expressions_in(scope):
    """Expressions of interest made in the period, in the scope: the response rate's base."""
    expressions = ExpressionOfInterest.objects.filter(
        created_at__date__gte=scope.period.start, created_at__date__lt=scope.period.end
    )
    return _within(expressions, scope, via="opportunity__")


def activities_below_two(scope):
    """Closed opportunities in the period with fewer than two people selected to take part."""
    period = scope.period
    opportunities = _within(
        OpportunityPage.objects.filter(
            Q(start_date__gte=period.start, start_date__lt=period.end)
            | Q(start_date__isnull=True, deadline__gte=period.start, deadline__lt=period.end)
        ),
        scope,
    )
    today = timezone.localdate()
    opportunities = opportunities.filter(
        Q(closed_at__isnull=False) | Q(rolling=False, deadline__lt=today)
    ).annotate(
        selected=Count(
            "expressions_of_interest",
            filter=Q(expressions_of_interest__status=InterestStatus.SELECTED),
        )
    )
    return list(opportunities.filter(selected__lt=FEWER_THAN).order_by("title"))


def _csv_rows(scope_label, period, result, rate):
    rows = [
        ["Presence report", scope_label],
        ["Period", period.label],
        ["People who answered", result.respondents],
        ["Response rate", rate["rate"]],
        [],
        [result.characteristic.label, "Applicants", "Share of applicants", "Involved",
         "Share of people involved", "Baseline share", "Under-represented"],
    ]  # fmt: skip
    if not result.available:
        rows.append([disclosure.NOT_AVAILABLE, result.reason])
        return rows
    for row in result.rows:
        rows.append([row.label, row.applicants, row.applicants_share, row.involved,
                     row.involved_share, row.baseline_share,
                     "yes" if row.under_represented else ""])  # fmt: skip
    return rows


def organisation_report(request, *, organisation):
    form = _bound(OrganisationReportForm, request, organisation=organisation)
    context = {"form": form}
    if not form.is_valid():
        return context, 400
    period = disclosure.parse_period(form.cleaned_data["period"])
    scope = disclosure.Scope(
        period=period,
        organisation_id=organisation.pk,
        opportunity_id=form.cleaned_data["opportunity"],
    )
    result = disclosure.breakdown(scope, form.cleaned_data["characteristic"])
    rate = disclosure.response_rate(scope, expressions_in(scope))
    if request.GET.get("export") == "csv":
        rows = _csv_rows(organisation.title, period, result, rate)
        context["csv"] = csv_response(f"presence-{organisation.slug}-{period.label}.csv", rows)
        return context, 200
    context.update(
        period=period,
        result=result,
        rate=rate,
        below_two=activities_below_two(scope),
        export_query=_with_export(request),
    )
    return context, 200


def staff_overview(scope):
    """Respondents, people involved and response rate by level, by region and by organisation,
    for the period (and any organisation, level or region chosen), every figure under S1."""
    records = scope.records()
    expressions = expressions_in(scope)
    tables = {}
    for title, record_key, expression_key, labels in [
        ("By level", "level", "opportunity__level", dict(InvolvementLevel.choices)),
        ("By region", "region", "opportunity__region", dict(Region.choices)),
    ]:
        counted = _grouped(records, record_key)
        asked = dict(expressions.values_list(expression_key).annotate(n=Count("id")))
        tables[title] = [
            disclosure.overview_row(labels[key], *counted.get(key, (0, 0)), asked.get(key, 0))
            for key in labels
            if key in counted or key in asked
        ]
    counted = _grouped(records, "organisation_id")
    asked = {}
    by_opportunity = expressions.values_list("opportunity__path").annotate(n=Count("id"))
    for path, count in by_opportunity:
        asked[path[: -OpportunityPage.steplen]] = (
            asked.get(path[: -OpportunityPage.steplen], 0) + count
        )
    organisations = OrganisationPage.objects.filter(Q(pk__in=counted) | Q(path__in=asked)).order_by(
        "title"
    )
    tables["By organisation"] = [
        disclosure.overview_row(o.title, *counted.get(o.pk, (0, 0)), asked.get(o.path, 0))
        for o in organisations
    ]
    return tables


def _grouped(records, key):
    return {
        row[key]: (row["n"], row["involved"])
        for row in records.values(key).annotate(
            n=Count("id"), involved=Count("id", filter=Q(stage=Stage.INVOLVED))
        )
    }


def staff_report(request):
    form = _bound(StaffReportForm, request)
    context = {"form": form}
    if not form.is_valid():
        return context, 400
    data = form.cleaned_data
    period = disclosure.parse_period(data["period"])
    scope = disclosure.Scope(
        period=period,
        organisation_id=data["organisation"],
        level=data["level"],
        region=data["region"],
    )
    result = disclosure.breakdown(scope, data["characteristic"], baseline=data["baseline"])
    rate = disclosure.response_rate(scope, expressions_in(scope))
    if request.GET.get("export") == "csv":
        rows = _csv_rows("NSUN network", period, result, rate)
        context["csv"] = csv_response(f"presence-network-{period.label}.csv", rows)
        return context, 200
    context.update(
        period=period,
        result=result,
        rate=rate,
        cross=disclosure.cross_tabulation(scope, data["characteristic"], data["cross_with"])
        if data["cross_with"]
        else None,
        below_two=activities_below_two(scope),
        overview=staff_overview(scope),
        export_query=_with_export(request),
    )
    return context, 200


def _with_export(request):
    query = request.GET.copy()
    query["export"] = "csv"
    return query.urlencode()
