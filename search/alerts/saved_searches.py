"""What a saved search keeps, and how it reads back as a search."""

from django.http import QueryDict

from search.filters import OpportunitySearchFilter

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
