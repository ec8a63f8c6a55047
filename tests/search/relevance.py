"""What the judged relevance sets share: nDCG, publishing a judged catalogue, reading a persona."""

import math
from datetime import timedelta

from django.utils import timezone

from core.models import Community, Topic
from opportunities.models import OpportunityPage
from search.index.writing import index_opportunities
from search.matching.profile import MatchProfile


def ndcg(ranked_keys, judgments, k):
    """nDCG@k with gains 2^grade - 1: 1 for the ideal order, 0 when nothing judged is found."""

    def dcg(grades):
        return sum(
            (2**grade - 1) / math.log2(position + 2) for position, grade in enumerate(grades[:k])
        )

    ideal = dcg(sorted(judgments.values(), reverse=True))
    return dcg([judgments.get(key, 0) for key in ranked_keys]) / ideal if ideal else 0.0


def publish_catalogue(
    organisation, make_opportunity, entries, *, places, topic_names, community_names, days
):
    """Publish and index the judged opportunities.

    entries: (key, title, topic names, community names, fields); a "place" field names one of
    `places`. days(number) spreads publication dates so that freshness does not follow the
    order they were written in. Returns {"topics", "communities", "keys_by_id"}.
    """
    topics = {name: Topic.objects.create(name=name) for name in topic_names}
    communities = {name: Community.objects.create(name=name) for name in community_names}
    keys_by_id = {}
    for number, (key, title, page_topics, page_communities, fields) in enumerate(entries):
        fields = {"who_for": "both", "rolling": True, **fields}
        place = fields.pop("place", None)
        if place:
            fields["latitude"], fields["longitude"] = places[place]
        page = make_opportunity(organisation, title, **fields)
        page.topics.set([topics[name] for name in page_topics])
        page.communities.set([communities[name] for name in page_communities])
        page.save()
        OpportunityPage.objects.filter(pk=page.pk).update(
            first_published_at=timezone.now() - timedelta(days=days(number))
        )
        keys_by_id[page.pk] = key
    index_opportunities(refresh=True)
    return {"topics": topics, "communities": communities, "keys_by_id": keys_by_id}


def persona_profile(fields, catalogue, places):
    """The MatchProfile for a persona written with names and a named place."""
    fields = dict(fields)
    place = fields.pop("place", None)
    if place:
        fields["latitude"], fields["longitude"] = places[place]
    topics = {catalogue["topics"][name].pk: name for name in fields.pop("topics", [])}
    communities = {
        catalogue["communities"][name].pk: name for name in fields.pop("communities", [])
    }
    for key in ("levels", "role_types", "availability", "support_wanted"):
        fields[key] = frozenset(fields.get(key, []))
    return MatchProfile(
        topic_ids=frozenset(topics),
        community_ids=frozenset(communities),
        names={"topics": topics, "communities": communities},
        **fields,
    )
