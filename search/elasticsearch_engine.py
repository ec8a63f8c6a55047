"""The Elasticsearch engine: hard rules as filters, a function_score close to scoring.py to
choose candidates, then the exact scoring and reasons from scoring.py."""

from django.utils import timezone
from elastic_transport import ApiError, ConnectionError, ConnectionTimeout, TransportError
from elasticsearch import NotFoundError
from elasticsearch.dsl import Q, Search

from search import scoring
from search.client import get_client
from search.documents import opportunities_alias
from search.engines import EngineUnavailable, normalised_text_relevance
from search.facts import facts_from_source

# How many candidates Elasticsearch hands over for exact scoring. Far more than any page shows,
# so the exact ranking's top 20 is always among them.
CANDIDATES = 200
TEXT_FIELDS = ["title^3", "summary^2", "body", "organisation"]
UNAVAILABLE = (ConnectionError, ConnectionTimeout, TransportError, NotFoundError)


def open_filter(today):
    return Q("term", closed=False) & (
        Q("term", rolling=True)
        | ~Q("exists", field="deadline")
        | Q("range", deadline={"gte": today.isoformat()})
    )


def hard_rule_filters(profile, today):
    """The hard rules of scoring.passes_hard_rules, as Elasticsearch filters."""
    filters = [
        open_filter(today),
        Q("terms", who_for=sorted(scoring.WHO_FITS.get(profile.who, scoring.WHO_FITS[""]))),
    ]
    if not profile.in_person_ok:
        filters.append(~Q("term", format="in_person"))
    if not profile.online_ok:
        filters.append(~Q("term", format="online"))
    if profile.payment_need == "must_be_paid":
        filters.append(Q("term", paid=True))
    if profile.payment_need == "must_cover_expenses":
        filters.append(Q("term", expenses_covered=True))
    if profile.max_distance_km is not None and profile.has_location:
        too_far = Q(
            "bool",
            filter=[Q("term", format="in_person"), Q("exists", field="location")],
            must_not=[
                Q(
                    "geo_distance",
                    distance=f"{profile.max_distance_km}km",
                    location={"lat": profile.latitude, "lon": profile.longitude},
                )
            ],
        )
        filters.append(~too_far)
    return filters


def weight(name):
    return scoring.WEIGHTS[name] / scoring.TOTAL_WEIGHT


def scoring_functions(profile):
    """function_score functions that mirror scoring.parts_for closely enough to pick candidates."""
    functions = []

    def per_term(field, ids, part):
        if not ids:
            return
        each = weight(part) / min(len(ids), scoring.OVERLAP_FULL_AT)
        for term_id in sorted(ids):
            functions.append({"filter": Q("term", **{field: term_id}), "weight": each})

    per_term("topic_ids", profile.topic_ids, "topics")
    per_term("community_ids", profile.community_ids, "communities")
    if profile.levels:
        functions.append(
            {"filter": Q("terms", level=sorted(profile.levels)), "weight": weight("level")}
        )
    if profile.role_types:
        functions.append(
            {
                "filter": Q("terms", role_type=sorted(profile.role_types)),
                "weight": weight("role_type"),
            }
        )
    if profile.online_ok:
        functions.append(
            {"filter": Q("terms", format=["online", "hybrid"]), "weight": weight("distance")}
        )
    if profile.has_location:
        functions.append(
            {
                "filter": Q(
                    "terms", format=["in_person"] if profile.online_ok else ["in_person", "hybrid"]
                ),
                "gauss": {
                    "location": {
                        "origin": {"lat": profile.latitude, "lon": profile.longitude},
                        "scale": f"{scoring.DISTANCE_SCALE_KM}km",
                        "decay": 0.5,
                    }
                },
                "weight": weight("distance"),
            }
        )
    if profile.availability:
        share = 1 / (1 + profile.not_before_10)
        functions.append(
            {
                "filter": Q("terms", meeting_times=sorted(profile.availability)),
                "weight": weight("availability") * share,
            }
        )
    if profile.not_before_10:
        share = 1 / (1 + bool(profile.availability))
        functions.append(
            {
                "filter": Q("range", earliest_start_minutes={"gte": scoring.TEN_AM}),
                "weight": weight("availability") * share,
            }
        )
    if profile.support_wanted:
        each = weight("support") / min(len(profile.support_wanted), scoring.OVERLAP_FULL_AT)
        for value in sorted(profile.support_wanted):
            functions.append({"filter": Q("term", support=value), "weight": each})
    functions.append(
        {
            "field_value_factor": {"field": "check_ratio", "missing": 0},
            "weight": weight("check_ratio"),
        }
    )
    functions.append(
        {
            "exp": {
                "published_at": {
                    "origin": "now",
                    "scale": f"{int(scoring.FRESHNESS_HALF_LIFE_DAYS)}d",
                    "decay": 0.5,
                }
            },
            "weight": weight("freshness"),
        }
    )
    return functions


def text_query(text):
    return Q(
        "multi_match",
        query=text[:1000],
        fields=TEXT_FIELDS,
        fuzziness="AUTO",
        operator="or",
        _name="text",
    )


class ElasticsearchEngine:
    name = "elasticsearch"
    label = "Elasticsearch"

    def __init__(self, client=None):
        self.client = client

    def _client(self):
        return self.client or get_client()

    def candidate_search(self, profile, *, today, size=CANDIDATES):
        base = Q("bool", filter=hard_rule_filters(profile, today))
        if profile.text.strip():
            base = Q(
                "bool", filter=hard_rule_filters(profile, today), should=[text_query(profile.text)]
            )
        query = Q(
            "function_score",
            query=base,
            functions=scoring_functions(profile),
            score_mode="sum",
            boost_mode="sum",
        )
        return (
            Search(using=self._client(), index=opportunities_alias())
            .query(query)
            .extra(size=size, track_total_hits=False)
            .params(include_named_queries_score=True)
        )

    def match(self, profile, *, limit=20, now=None):
        now = now or timezone.now()
        try:
            response = self.candidate_search(profile, today=timezone.localdate(now)).execute()
        except UNAVAILABLE as error:
            raise EngineUnavailable(str(error)) from error
        except ApiError as error:
            raise EngineUnavailable(f"Elasticsearch refused the query: {error}") from error
        candidates, raw_text = [], {}
        for hit in response.hits:
            facts = facts_from_source(hit.to_dict())
            candidates.append(facts)
            named = getattr(hit.meta, "matched_queries", None) or {}
            if isinstance(named, dict):
                raw_text[facts.id] = float(named.get("text", 0.0))
            elif "text" in named:
                raw_text[facts.id] = 1.0
        return scoring.rank(
            profile,
            candidates,
            limit=limit,
            now=now,
            text_relevance=normalised_text_relevance(raw_text),
        )
