"""What reports show: released figures turned into rows, shares and flags, never anything else."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dateformat import format as format_date

from core.periods import DisclosureError
from core.perturbation import THRESHOLD
from monitoring.disclosure.release import release_for
from monitoring.models import PopulationBaseline, PresenceFigures
from monitoring.questions import CHARACTERISTICS, PREFER_NOT, PREFER_NOT_LABEL
from opportunities.models import InterestStatus, OpportunityPage, OrganisationPage

HIDDEN = "*"
NOT_SHOWN = "\u2013"  # an en dash: the whole column is not published
NOT_AVAILABLE = "not available"
UNDER_REPRESENTED_BELOW = 0.8  # of the baseline share
ROUNDING_SLACK = 4  # noise of at most 2, then rounding to 5: a published count is within 4
FEWER_THAN = 2  # 4Pi: nobody should be the only service user or carer involved

EXPLANATION = (
    f"To keep everyone's answers private, counts are rounded to the nearest 5 after a little "
    f"random change, anything under {THRESHOLD} shows as *, and some figures are left out "
    f"where comparing them with other reports could reveal someone's answers."
)
NOT_ENOUGH = (
    f"Figures appear once at least {THRESHOLD} people have answered, and only where they "
    f"cannot be compared with other reports to reveal someone's answers."
)
PREPARING = "These figures are being worked out now. Please try again in a few minutes."
INVOLVED_HIDDEN = (
    f"Figures for people involved are shown once at least {THRESHOLD} people are involved "
    f"(and at least {THRESHOLD} were not, unless everyone was), and only where they cannot be "
    f"compared with other reports to reveal someone's answers."
)


def shown(value):
    """A released count as text: "*" where it is not published."""
    return HIDDEN if value is None else str(value)


def share(part, whole):
    """A share of two released counts, e.g. "45%"; "*" when either is not published."""
    if part is None or not whole:
        return HIDDEN
    return f"{round(100 * part / whole)}%"


def percent(part, whole):
    return None if part is None or not whole else 100 * part / whole


def release_note(period):
    return (
        f"Figures for {period.label} are published on {format_date(period.release_date, 'j F Y')}, "
        f"four weeks after it ends. They are worked out once and never change afterwards, so "
        f"that nobody's answers can be found by comparing reports from day to day."
    )


@dataclass
class Scope:
    """Whose records a report counts: the network, or one region, level, organisation or
    opportunity (one at a time, so that reports nest in fixed ways)."""

    period: object
    organisation_id: int | None = None
    opportunity_id: int | None = None
    level: str = ""
    region: str = ""

    @property
    def key(self):
        chosen = [
            f"opportunity:{self.opportunity_id}" if self.opportunity_id else "",
            f"organisation:{self.organisation_id}" if self.organisation_id else "",
            f"level:{self.level}" if self.level else "",
            f"region:{self.region}" if self.region else "",
        ]
        chosen = [key for key in chosen if key]
        if self.opportunity_id and self.organisation_id:
            chosen.remove(f"organisation:{self.organisation_id}")  # an opportunity within it
        if len(chosen) > 1:
            raise DisclosureError("Choose one organisation, level or region at a time.")
        return chosen[0] if chosen else "network"


def released_figures(scope, *, today=None, ask=True):
    """(release, PresenceFigures or None) for the scope; release None before the release date
    and while a due release is being worked out. A due release nobody has worked out yet is
    handed to the task worker (in development and tests it runs at once), so a page never
    waits for it."""
    today = today or timezone.localdate()
    release = release_for(scope.period, today=today, compute=False)
    if release is None and ask and scope.period.is_released(today):
        # Asking twice does no harm: the task releases only what is still missing.
        # Deferred: monitoring.tasks -> services -> disclosure, which is importing this module.
        from monitoring.tasks import release_presence_figures

        release_presence_figures.enqueue(period=scope.period.label)
        release = release_for(scope.period, today=today, compute=False)
    if release is None:
        return None, None
    found = PresenceFigures.objects.filter(release=release, scope=scope.key).first()
    return release, found


@dataclass
class Row:
    label: str
    applicants: str
    involved: str
    applicants_share: str
    involved_share: str
    baseline_share: str = ""
    under_represented: bool = False
    involved_percent: float | None = None  # for the bar chart, only when shown
    applicants_percent: float | None = None


@dataclass
class Breakdown:
    characteristic: object
    available: bool
    respondents: str
    rows: list = field(default_factory=list)
    baseline: object = None
    reason: str = ""
    released: bool = True
    involved_available: bool = False
    involved: str = HIDDEN
    involved_reason: str = ""
    explanation: str = EXPLANATION


def baseline_for(characteristic, *, region="", chosen=None):
    if chosen is not None and chosen.characteristic == characteristic.name:
        return chosen
    baselines = PopulationBaseline.objects.filter(characteristic=characteristic.name)
    if region:
        regional = baselines.filter(region=region).first()
        if regional is not None:
            return regional
    return baselines.filter(is_default=True).first()


def _under_represented(involved, involved_total, baseline_percent):
    """Whether the share of people involved is below UNDER_REPRESENTED_BELOW of the baseline,
    judged from published counts only. A hidden cell holds at most THRESHOLD - 1 people and a
    published total is within ROUNDING_SLACK of the truth, so a hidden cell is flagged when even
    its largest possible share is below the mark."""
    limit = UNDER_REPRESENTED_BELOW * float(baseline_percent)
    if involved is not None:
        return percent(involved, involved_total) < limit
    smallest_total = involved_total - ROUNDING_SLACK
    return smallest_total > 0 and 100 * (THRESHOLD - 1) / smallest_total < limit


def breakdown(scope, characteristic_name, *, baseline=None, today=None):
    """One characteristic for the scope from its release: applicants, people involved and the
    baseline, each count published only as the release allows; under-representation flagged
    only where the involved figures are published. Raises DisclosureError for an unknown
    characteristic or scope."""
    characteristic = CHARACTERISTICS.get(characteristic_name)
    if characteristic is None:
        raise DisclosureError("There is no such characteristic.")
    release, found = released_figures(scope, today=today)
    if release is None:
        due = scope.period.is_released(today or timezone.localdate())
        return Breakdown(characteristic, available=False, respondents=HIDDEN, released=False,
                         reason=PREPARING if due else release_note(scope.period))  # fmt: skip
    figures = found.figures if found else {}
    respondents = figures.get("respondents")
    if not figures.get("available"):
        return Breakdown(characteristic, available=False, respondents=shown(respondents),
                         reason=NOT_ENOUGH)  # fmt: skip
    involved_available = figures["involved_available"]
    involved_total = figures["involved"]
    counts = figures["counts"].get(characteristic.name, {})
    baseline = baseline_for(characteristic, region=scope.region, chosen=baseline)
    rows = []
    for value, label in [*characteristic.categories, (PREFER_NOT, PREFER_NOT_LABEL)]:
        applicants, involved = counts.get(value, (None, None))
        row = Row(
            label=label,
            applicants=shown(applicants),
            involved=shown(involved) if involved_available else NOT_SHOWN,
            applicants_share=share(applicants, respondents),
            involved_share=share(involved, involved_total) if involved_available else NOT_SHOWN,
            applicants_percent=percent(applicants, respondents),
            involved_percent=percent(involved, involved_total) if involved_available else None,
        )
        fraction = (baseline.shares or {}).get(value) if baseline and value != PREFER_NOT else None
        if fraction is not None:
            row.baseline_share = f"{fraction:g}%"
            if involved_available:
                row.under_represented = _under_represented(involved, involved_total, fraction)
        rows.append(row)
    return Breakdown(
        characteristic,
        available=True,
        respondents=shown(respondents),
        rows=rows,
        baseline=baseline,
        involved_available=involved_available,
        involved=shown(involved_total),
        involved_reason="" if involved_available else INVOLVED_HIDDEN,
    )


def cross_tabulation(scope, first_name, second_name, *, today=None):
    """Staff only: people who answered, for every pair of categories of two characteristics,
    from the release (each cell perturbed and thresholded like any other count); None where
    the scope's figures are not published. Raises DisclosureError for a bad pair."""
    first, second = CHARACTERISTICS.get(first_name), CHARACTERISTICS.get(second_name)
    if first is None or second is None or first is second:
        raise DisclosureError("Choose two different characteristics.")
    _, found = released_figures(scope, today=today)
    if found is None or not found.figures.get("available"):
        return None
    names = list(CHARACTERISTICS)
    swapped = names.index(first.name) > names.index(second.name)
    key = f"{second.name}|{first.name}" if swapped else f"{first.name}|{second.name}"
    published = found.cross_tabulations.get(key)
    if published is None:  # a scope staff cannot choose (an opportunity)
        return None
    first_categories = [*first.categories, (PREFER_NOT, PREFER_NOT_LABEL)]
    second_categories = [*second.categories, (PREFER_NOT, PREFER_NOT_LABEL)]

    def cell(value, other):
        return published.get(f"{other}|{value}" if swapped else f"{value}|{other}")

    return {
        "first": first,
        "second": second,
        "headings": [label for _, label in second_categories],
        "rows": [
            (label, [shown(cell(value, other)) for other, _ in second_categories])
            for value, label in first_categories
        ],
    }


def rounded(count):
    """A count that is not about anyone's answers (expressions of interest): the nearest 5,
    None from 1 to THRESHOLD - 1 so that it reads like the rest."""
    if not count:
        return 0
    if count < THRESHOLD:
        return None
    return 5 * ((2 * count + 5) // 10)


def response_rate(scope, *, today=None):
    """People who answered out of expressions of interest in the scope, from the release."""
    _, found = released_figures(scope, today=today, ask=False)  # the breakdown asked
    figures = found.figures if found else {}
    respondents = figures.get("respondents")
    expressions = rounded(figures.get("expressions", 0))
    if respondents is not None and expressions:
        # Both are rounded (and the people who answered perturbed): never more than all.
        expressions = max(expressions, respondents)
    return {
        "respondents": shown(respondents),
        "expressions": shown(expressions),
        "rate": share(respondents, expressions),
    }


@dataclass
class OverviewRow:
    label: str
    respondents: str
    involved: str
    expressions: str
    rate: str


def staff_overview(period, *, today=None, labels=None):
    """Who answered by level, region and organisation across the network, from the release:
    {title: [OverviewRow]}. `labels` maps "level" and "region" to their choice labels."""
    release = release_for(period, today=today, compute=False)  # the breakdown asked for it
    if release is None:
        return {}
    figures = dict(
        PresenceFigures.objects.filter(release=release).exclude(scope="network")
        .values_list("scope", "figures")
    )  # fmt: skip
    organisations = dict(OrganisationPage.objects.values_list("pk", "title"))
    names = {**{f"level:{k}": v for k, v in (labels or {}).get("level", {}).items()},
             **{f"region:{k}": v for k, v in (labels or {}).get("region", {}).items()},
             **{f"organisation:{k}": v for k, v in organisations.items()}}  # fmt: skip
    tables = {"By level": [], "By region": [], "By organisation": []}
    for scope, data in sorted(figures.items(), key=lambda item: names.get(item[0], item[0])):
        kind = scope.split(":", 1)[0]
        title = f"By {kind}"
        if title not in tables or scope not in names:
            continue
        expressions = rounded(data.get("expressions", 0))
        tables[title].append(
            OverviewRow(
                label=names[scope],
                respondents=shown(data["respondents"]),
                involved=shown(data["involved"]),
                expressions=shown(expressions),
                rate=share(data["respondents"], expressions),
            )
        )
    return tables


def activities_below_two(scope, *, today=None):
    """Closed opportunities in the period with fewer than two people selected to take part.

    These come from the organisation's own decisions, not from anyone's answers, so they are
    shown as they are."""
    period = scope.period
    opportunities = OpportunityPage.objects.filter(
        Q(start_date__gte=period.start, start_date__lt=period.end)
        | Q(start_date__isnull=True, deadline__gte=period.start, deadline__lt=period.end)
    )
    kind, _, value = scope.key.partition(":")
    if kind == "organisation":
        path = OrganisationPage.objects.values_list("path", flat=True).get(pk=value)
        opportunities = opportunities.filter(path__startswith=path)
    elif kind == "opportunity":
        opportunities = opportunities.filter(pk=value)
    elif kind in ("level", "region"):
        opportunities = opportunities.filter(**{kind: value})
    today = today or timezone.localdate()
    opportunities = opportunities.filter(
        Q(closed_at__isnull=False) | Q(rolling=False, deadline__lt=today)
    ).annotate(
        selected=Count(
            "expressions_of_interest",
            filter=Q(expressions_of_interest__status=InterestStatus.SELECTED),
        )
    )
    return list(opportunities.filter(selected__lt=FEWER_THAN).order_by("title"))
