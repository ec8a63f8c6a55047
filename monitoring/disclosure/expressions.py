"""People who expressed interest, by scope: the base of the response rate."""

from collections import defaultdict

from django.db.models import Q

from monitoring.models import MonitoringRecord
from opportunities.models import ExpressionOfInterest, OpportunityPage, OrganisationPage


def expressions_by_scope(period):
    """{scope key: people who expressed interest in the period}, by the opportunity's place;
    a person who applied to several roles in a scope counts once, as respondents do."""
    # Made in the period, or answered for in it (the questions can come a day or a quarter
    # later), so that everyone counted as answering is in the base too.
    answered = MonitoringRecord.objects.filter(quarter__in=period.quarters).values("token")
    made = ExpressionOfInterest.objects.filter(
        Q(created_at__date__gte=period.start, created_at__date__lt=period.end)
        | Q(monitoring_token__in=answered)
    ).values_list("opportunity_id", "member_id", "pk")
    people_of = defaultdict(set)
    for opportunity, member, pk in made:
        people_of[opportunity].add(member or f"gone-{pk}")  # an anonymised expression
    opportunities = OpportunityPage.objects.filter(pk__in=people_of).values_list(
        "pk", "path", "level", "region"
    )
    organisation_of = dict(OrganisationPage.objects.values_list("path", "pk"))
    people = defaultdict(set)
    for pk, path, level, region in opportunities:
        organisation = organisation_of.get(path[: -OpportunityPage.steplen])
        scopes = ["network", f"opportunity:{pk}"]
        scopes += [f"region:{region}"] if region else []
        scopes += [f"level:{level}"] if level else []
        scopes += [f"organisation:{organisation}"] if organisation else []
        for scope in scopes:
            people[scope] |= people_of[pk]
    return {scope: len(members) for scope, members in people.items()}
