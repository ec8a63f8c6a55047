"""Opportunity search on either engine: the same filters, facets, sorts and pages.

Both engines take a validated OpportunitySearchFilter and return SearchResults: the ids of one
page of opportunities in order, the total, and facet counts over everything that matched.
"""

import hashlib
import json
import logging
import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.utils import timezone
from elastic_transport import ApiError
from elasticsearch.dsl import A, Search
from elasticsearch.dsl import Q as EsQ

from core.caching import cached_for_content
from core.geography import distance_km, nearest_first
from opportunities.models import OpportunityPage
from opportunities.selectors import open_opportunities
from search.client import elasticsearch_enabled, get_client
from search.facets import TERM_FACETS
from search.filters import CLOSING_WITHIN, query_terms, search_words
from search.filters import TEXT_FIELDS as DATABASE_TEXT_FIELDS
from search.index.documents import opportunities_alias
from search.matching.elasticsearch_engine import UNAVAILABLE
from search.matching.engines import EngineUnavailable
from search.matching.rules import open_filter

logger = logging.getLogger(__name__)

TEXT_FIELDS = ["title^3", "summary^2", "body", "organisation"]
# Unstemmed copies of the text fields: typos are forgiven against the words as written.
PLAIN_TEXT_FIELDS = ["title.plain^3", "summary.plain^2", "body.plain", "organisation.plain"]


# Facets counted by value: (form field, database field, index field).
@dataclass
class Origin:
    postcode: str
    latitude: float
    longitude: float


@dataclass
class SearchResults:
    ids: list
    total: int
    facets: dict  # form field -> {value as string: count}
    distances_km: dict = field(default_factory=dict)
    engine: str = "embedded"
    fell_back: bool = False


def chosen_sort(cleaned):
    sort = cleaned.get("sort") or "relevance"
    if sort == "relevance" and not search_words(cleaned.get("q") or ""):
        return "newest"  # with no words, "best match" has nothing to go on
    return sort


# The database engine


def database_search(filterset, *, offset, limit, origin=None):
    matched = open_opportunities().filter(pk__in=filterset.qs.values("pk"))
    cleaned = filterset.form.cleaned_data
    total = matched.count()
    facets = database_facets(matched)
    ordered = database_order(matched, cleaned, origin)
    ids = list(ordered.values_list("pk", flat=True)[offset : offset + limit]) if limit else []
    distances = {}
    if origin is not None and ids:
        for pk, latitude, longitude in OpportunityPage.objects.filter(pk__in=ids).values_list(
            "pk", "latitude", "longitude"
        ):
            if latitude is not None and longitude is not None:
                distances[pk] = distance_km(origin.latitude, origin.longitude, latitude, longitude)
    return SearchResults(ids=ids, total=total, facets=facets, distances_km=distances)


def database_facets(matched):
    facets = {}
    for name, db_field, _ in TERM_FACETS:
        counts = (
            matched.order_by().values_list(db_field).annotate(number=Count("pk", distinct=True))
        )
        facets[name] = {str(value): number for value, number in counts if value not in ("", None)}
    today = timezone.localdate()
    flags = matched.aggregate(
        paid=Count("pk", filter=Q(paid=True)),
        expenses=Count("pk", filter=Q(expenses_covered=True)),
        meets_checks=Count("pk", filter=Q(check_ratio__gte=1)),
        **{
            f"closing_{days}": Count(
                "pk",
                filter=Q(rolling=False, deadline__lte=today + timedelta(days=int(days))),
            )
            for days, _ in CLOSING_WITHIN
        },
    )
    facets["money"] = {"paid": flags["paid"], "expenses": flags["expenses"]}
    facets["closing_within"] = {days: flags[f"closing_{days}"] for days, _ in CLOSING_WITHIN}
    facets["meets_checks"] = {"True": flags["meets_checks"]}
    return facets


def database_order(matched, cleaned, origin):
    sort = chosen_sort(cleaned)
    newest = [F("first_published_at").desc(nulls_last=True), "-pk"]
    if sort == "closing":
        return matched.order_by(F("deadline").asc(nulls_last=True), *newest)
    if sort == "nearest" and origin is not None:
        return nearest_first(matched, origin.latitude, origin.longitude, *newest)
    if sort == "relevance":
        weights = {"title": 3, "summary": 2}
        score = Value(0)
        for word in search_words(cleaned.get("q") or ""):
            for text_field in DATABASE_TEXT_FIELDS:
                score = score + Case(
                    When(
                        **{f"{text_field}__icontains": word}, then=Value(weights.get(text_field, 1))
                    ),
                    default=Value(0),
                )
        return matched.annotate(
            relevance=ExpressionWrapper(score, output_field=IntegerField())
        ).order_by("-relevance", *newest)
    return matched.order_by(*newest)


# The Elasticsearch engine


def word_query(term, **extra):
    """One search word found somewhere: as a word form (stemmed), or with a typo."""
    return EsQ(
        "bool",
        should=[
            EsQ("multi_match", query=term, fields=TEXT_FIELDS),
            EsQ(
                "multi_match",
                query=term,
                fields=PLAIN_TEXT_FIELDS,
                fuzziness="AUTO",
                prefix_length=1,
            ),
        ],
        minimum_should_match=1,
        **extra,
    )


def elasticsearch_query(cleaned, *, today):
    """The search as an Elasticsearch query; with today=None, without "open" and "closing
    within", which depend on the day."""
    search = Search(using=get_client(), index=opportunities_alias())
    if today is not None:
        search = search.filter(open_filter(today=today))
    terms = query_terms(cleaned.get("q") or "")
    if terms:
        # Every word must be found somewhere: as a word form (stemmed), or with a typo.
        search = search.query("bool", must=[word_query(term) for term in terms])
    for name, _, index_field in TERM_FACETS:
        values = cleaned.get(name)
        if values:
            keys = [value.pk if hasattr(value, "pk") else value for value in values]
            search = search.filter("terms", **{index_field: keys})
    money = cleaned.get("money")
    if money == "paid":
        search = search.filter("term", paid=True)
    elif money == "expenses":
        search = search.filter("term", expenses_covered=True)
    if cleaned.get("closing_within") and today is not None:
        last_day = today + timedelta(days=int(cleaned["closing_within"]))
        search = search.filter(closing_by(last_day))
    if cleaned.get("meets_checks"):
        search = search.filter("range", check_ratio={"gte": 1})
    return search


def closing_by(last_day):
    return EsQ("term", rolling=False) & EsQ("range", deadline={"lte": last_day.isoformat()})


def elasticsearch_sort(cleaned, origin):
    sort = chosen_sort(cleaned)
    newest = [{"published_at": {"order": "desc", "missing": "_last"}}, {"id": "desc"}]
    if sort == "closing":
        return [{"deadline": {"order": "asc", "missing": "_last"}}, *newest]
    if sort == "nearest" and origin is not None:
        return [
            {
                "_geo_distance": {
                    "location": {"lat": origin.latitude, "lon": origin.longitude},
                    "order": "asc",
                    "unit": "km",
                    "ignore_unmapped": True,
                }
            },
            *newest,
        ]
    if sort == "relevance":
        return ["_score", *newest]
    return newest


def elasticsearch_search(filterset, *, offset, limit, origin=None):
    cleaned = filterset.form.cleaned_data
    today = timezone.localdate()
    search = elasticsearch_query(cleaned, today=today)
    for name, _, index_field in TERM_FACETS:
        search.aggs.bucket(name, A("terms", field=index_field, size=200))
    search.aggs.bucket("paid", A("filter", filter=EsQ("term", paid=True)))
    search.aggs.bucket("expenses", A("filter", filter=EsQ("term", expenses_covered=True)))
    search.aggs.bucket("meets_checks", A("filter", filter=EsQ("range", check_ratio={"gte": 1})))
    for days, _ in CLOSING_WITHIN:
        last_day = today + timedelta(days=int(days))
        search.aggs.bucket(f"closing_{days}", A("filter", filter=closing_by(last_day)))
    search = (
        search.sort(*elasticsearch_sort(cleaned, origin))
        .source(["id"])
        .extra(from_=offset, size=limit, track_total_hits=True)
    )
    # The request body says everything the answer depends on (the filters, today's date, the
    # page, the place), and every publish and index write renews the content version, so the
    # answer is the same for every visitor asking until then (decision 0013). Not kept when
    # Elasticsearch fails: the exception passes through.
    body = json.dumps([opportunities_alias(), search.to_dict()], sort_keys=True, default=str)
    name = f"opportunity-search:{hashlib.sha256(body.encode()).hexdigest()}"
    return cached_for_content(name, lambda: _elasticsearch_answer(search, origin))


def _elasticsearch_answer(search, origin):
    try:
        response = search.execute()
    except UNAVAILABLE as error:
        raise EngineUnavailable(str(error)) from error
    except ApiError as error:
        raise EngineUnavailable(f"Elasticsearch refused the query: {error}") from error
    aggregations = response.aggregations
    facets = {
        name: {str(bucket.key): bucket.doc_count for bucket in aggregations[name].buckets}
        for name, _, _ in TERM_FACETS
    }
    facets["money"] = {
        "paid": aggregations.paid.doc_count,
        "expenses": aggregations.expenses.doc_count,
    }
    facets["closing_within"] = {
        days: aggregations[f"closing_{days}"].doc_count for days, _ in CLOSING_WITHIN
    }
    facets["meets_checks"] = {"True": aggregations.meets_checks.doc_count}
    ids, distances = [], {}
    for hit in response.hits:
        ids.append(int(hit.meta.id))
        distance = float(hit.meta.sort[0]) if origin is not None and hit.meta.sort else math.inf
        if math.isfinite(distance):  # places without a location sort as "Infinity"
            distances[int(hit.meta.id)] = distance
    return SearchResults(
        ids=ids,
        total=response.hits.total.value,
        facets=facets,
        distances_km=distances,
        engine="elasticsearch",
    )


def search_opportunities(filterset, *, offset, limit, origin=None):
    """Search on the configured engine; if Elasticsearch is down, on the database, saying so."""
    if elasticsearch_enabled():
        try:
            return elasticsearch_search(filterset, offset=offset, limit=limit, origin=origin)
        except EngineUnavailable:
            logger.warning("Elasticsearch unavailable; searching the database instead")
            results = database_search(filterset, offset=offset, limit=limit, origin=origin)
            results.fell_back = True
            return results
    return database_search(filterset, offset=offset, limit=limit, origin=origin)
