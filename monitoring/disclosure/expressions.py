"""Expressions of interest counted by scope: the base of the response rate."""

from collections import Counter

from django.db.models import Count

from opportunities.models import ExpressionOfInterest, OpportunityPage, OrganisationPage


def expressions_by_scope(period):
    """{scope key: expressions of interest made in the period}, by the opportunity's place."""
    made = dict(
        ExpressionOfInterest.objects.filter(
            created_at__date__gte=period.start, created_at__date__lt=period.end
        )
        .values_list("opportunity_id")
        .annotate(n=Count("id"))
    )
    opportunities = OpportunityPage.objects.filter(pk__in=made).values_list(
        "pk", "path", "level", "region"
    )
    organisation_of = dict(OrganisationPage.objects.values_list("path", "pk"))
    counts = Counter()
    for pk, path, level, region in opportunities:
        organisation = organisation_of.get(path[: -OpportunityPage.steplen])
        scopes = ["network", f"opportunity:{pk}"]
        scopes += [f"region:{region}"] if region else []
        scopes += [f"level:{level}"] if level else []
        scopes += [f"organisation:{organisation}"] if organisation else []
        for scope in scopes:
            counts[scope] += made[pk]
    return dict(counts)
