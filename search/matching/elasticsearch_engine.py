"""The Elasticsearch engine: the hard rules as filters and the score as function_score
functions (both from the specification), then the same Python ranking as the embedded engine."""

import logging

from django.utils import timezone
from elastic_transport import ApiError, ConnectionError, ConnectionTimeout, TransportError
from elasticsearch import NotFoundError
from elasticsearch.dsl import Search

from opportunities.models import OpportunityPage
from search.client import get_client
from search.index.documents import opportunities_alias
from search.matching.engines import EngineUnavailable, QueryRefused
from search.matching.facts import facts_from_source
from search.matching.rules import opportunity_filters
from search.matching.scoring import rank, score_functions
from search.selectors import opportunity_facts

logger = logging.getLogger(__name__)

# Candidates beyond the page: the index's order equals the Python score's up to float32
# rounding, so this margin only has to cover near-ties at the edge of the page.
CANDIDATE_MARGIN = 20
# How far down the index's list to look when the index lags the database.
MAX_CANDIDATES = 1000
UNAVAILABLE = (ConnectionError, ConnectionTimeout, TransportError, NotFoundError)


def _plain(value):
    return value.to_dict() if hasattr(value, "to_dict") else value


def matching_body(profile, *, now, size):
    """The request body: hard-rule filters, and functions summing to the score, best first.

    Written as plain dicts: Search.to_dict() on a query of this size cost more than the search.
    """
    today = timezone.localdate(now)
    functions = [
        {key: _plain(value) for key, value in function.items()}
        for function in score_functions(profile, now)
    ]
    return {
        "query": {
            "function_score": {
                "query": {
                    "bool": {"filter": [q.to_dict() for q in opportunity_filters(profile, today)]}
                },
                "functions": functions,
                "score_mode": "sum",
                "boost_mode": "replace",
            }
        },
        "sort": ["_score", {"published_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
        "_source": {"excludes": ["body"]},
        "size": size,
        "track_total_hits": False,
    }


def matching_search(profile, *, now, size, client=None, index=None):
    """The matching request as a Search, for tests and tools."""
    search = Search(using=client or "default", index=index or opportunities_alias())
    return search.update_from_dict(matching_body(profile, now=now, size=size))


class ElasticsearchEngine:
    name = "elasticsearch"
    label = "Elasticsearch"

    def __init__(self, client=None, index=None, *, confirm_with_database=True):
        self.client = client
        self.index = index
        # Off only where the index holds documents with no database rows (benchmarks, tests).
        self.confirm_with_database = confirm_with_database

    def candidates(self, profile, *, now, size):
        """OpportunityFacts of the best `size` documents, in the index's order.

        Raises EngineUnavailable when Elasticsearch cannot answer, QueryRefused when it
        refuses the query.
        """
        body = matching_body(profile, now=now, size=size)
        client = self.client or get_client()
        try:
            # The plain client, not Search.execute(): wrapping each hit cost a third of the time.
            response = client.search(
                index=self.index or opportunities_alias(),
                query=body["query"],
                sort=body["sort"],
                source=body["_source"],
                size=size,
                track_total_hits=False,
                filter_path=["hits.hits._source"],
            )
        except UNAVAILABLE as error:
            raise EngineUnavailable(str(error)) from error
        except ApiError as error:
            logger.error("Elasticsearch refused %s: %s", body, error)
            raise QueryRefused(f"Elasticsearch refused the query: {error}") from error
        hits = response.body.get("hits", {}).get("hits", [])
        return [facts_from_source(hit["_source"]) for hit in hits]

    def match(self, profile, *, limit=20, now=None):
        """[Match] for the best `limit` open opportunities for this MatchProfile."""
        now = now or timezone.now()
        size = limit + CANDIDATE_MARGIN
        while True:
            found = self.candidates(profile, now=now, size=size)
            if not self.confirm_with_database:
                break
            confirmed = confirmed_by_database(found)
            # Many candidates closed since the index heard: look further down the list.
            if len(confirmed) >= limit or len(found) < size or size >= MAX_CANDIDATES:
                found = confirmed
                break
            size = min(size * 4, MAX_CANDIDATES)
        return rank(profile, found, limit=limit, now=now)


def confirmed_by_database(found):
    """The candidates as the database has them now, in one query when the index is current.

    The index lags the database while an outbox change waits (Elasticsearch was down): a role
    closed, withdrawn or edited since must not be shown as the index last heard it. Candidates
    no longer live and open are dropped; those published again since are read afresh.
    """
    current = dict(
        OpportunityPage.objects.live()
        .filter(pk__in=[facts.id for facts in found], closed_at__isnull=True)
        .values_list("pk", "last_published_at")
    )
    stale = [
        facts.id for facts in found if facts.id in current and current[facts.id] != facts.updated_at
    ]
    fresh = {}
    if stale:
        fresh = {
            facts.id: facts
            for facts in opportunity_facts(OpportunityPage.objects.filter(pk__in=stale))
        }
    return [fresh.get(facts.id, facts) for facts in found if facts.id in current]
