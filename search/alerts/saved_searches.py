"""What a saved search keeps, and how it reads back as a search."""

from django.http import QueryDict
from elasticsearch.dsl import Boolean, Integer, Keyword, Q

from search.facets import TERM_FACETS
from search.filters import OpportunitySearchFilter, query_terms
from search.matching.facts import FACTS_BY_NAME

# The filters, not the order, place or page it was looked at in.
SAVED_SEARCH_FIELDS = ["q", "topic", "community", "level", "role_type", "format", "region",
                       "money", "meets_checks"]  # fmt: skip


def saved_search_query_string(query_dict):
    """The part of a search's address worth keeping for alerts."""
    kept = QueryDict(mutable=True)
    for name in SAVED_SEARCH_FIELDS:
        values = [value for value in query_dict.getlist(name) if value.strip()]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def saved_search_filterset(saved_search, queryset):
    return OpportunitySearchFilter(QueryDict(saved_search.query_string), queryset=queryset)


def describe_search(query_dict):
    """A short name for a search: its words and how many filters, e.g. '"housing" with 2 filters'."""
    words = " ".join(query_dict.get("q", "").split())[:80]
    filters = sum(len(query_dict.getlist(name)) for name in SAVED_SEARCH_FIELDS if name != "q")
    described = f'"{words}"' if words else "All opportunities"
    if filters:
        described += f" with {filters} filter{'s' if filters != 1 else ''}"
    return described


# The reverse form: a saved search's filters as fields of its alert document (named
# "search_" + the opportunity's index field), and one filter over those documents per new
# opportunity. Its words are kept as `search_terms` and checked only for the candidates.


def saved_search_mapping():
    """{field: Elasticsearch field} of a saved search's part of an alert document."""
    mapping = {
        f"search_{index_field}": Integer()
        if FACTS_BY_NAME[index_field].index_type == "integer"
        else Keyword()
        for _, _, index_field in TERM_FACETS
    }
    mapping.update(search_money=Keyword(), search_meets_checks=Boolean(), search_terms=Keyword())
    return mapping


def saved_search_values(cleaned):
    """{field: JSON value} for a valid saved search's cleaned filters (absent: any)."""
    values = {}
    for name, _, index_field in TERM_FACETS:
        chosen = cleaned.get(name)
        if chosen:
            keys = sorted({value.pk if hasattr(value, "pk") else value for value in chosen})
            values[f"search_{index_field}"] = keys
    if cleaned.get("money"):
        values["search_money"] = cleaned["money"]
    if cleaned.get("meets_checks"):
        values["search_meets_checks"] = True
    terms = query_terms(cleaned.get("q") or "")
    if terms:
        values["search_terms"] = terms
    return values


def saved_search_reverse_filters(facts):
    """Filters keeping the saved searches whose facet filters this opportunity passes."""
    filters = []
    for _, _, index_field in TERM_FACETS:
        name = f"search_{index_field}"
        value = getattr(facts, index_field)
        values = sorted(value) if isinstance(value, frozenset) else [value] if value else []
        any_value = ~Q("exists", field=name)
        filters.append(any_value | Q("terms", **{name: values}) if values else any_value)
    money = ["paid"] * bool(facts.paid) + ["expenses"] * bool(facts.expenses_covered)
    no_money_filter = ~Q("exists", field="search_money")
    filters.append(no_money_filter | Q("terms", search_money=money) if money else no_money_filter)
    if facts.check_ratio < 1:
        filters.append(~Q("term", search_meets_checks=True))
    return filters
