"""Writing opportunities into the index: one at a time, or streamed in bulk for rebuilds."""

from elasticsearch import helpers

from opportunities.models import OpportunityPage
from search.client import get_client
from search.documents import body_text, opportunities_alias, prepare_facts
from search.indexes import ensure_opportunities_index, indexes_behind
from search.selectors import opportunity_facts

BULK_CHUNK = 500


def target_indexes():
    """Every concrete index that must receive writes: the live one, and one being rebuilt."""
    from search.documents import opportunities_alias as alias

    names = set(indexes_behind(alias()))
    names.update(indexes_behind(alias() + "-rebuilding"))
    return sorted(names)


def indexable(queryset=None):
    """Live opportunities (open or closed: closed ones are filtered at query time)."""
    return (queryset if queryset is not None else OpportunityPage.objects.live()).order_by("pk")


def documents_for(queryset, *, chunk=BULK_CHUNK):
    """Documents for a queryset, built a chunk at a time so memory stays flat."""
    from opportunities import standards

    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        batch = OpportunityPage.objects.filter(pk__in=ids[start : start + chunk])
        pages = {
            page.pk: page
            for page in batch.only(
                "pk", "purpose", "can_change", "expected_outcomes", "responsibilities", "closed_at"
            )
        }
        for facts in opportunity_facts(batch.order_by("pk")):
            page = pages[facts.id]
            yield prepare_facts(
                facts,
                body=body_text(page),
                closed=page.closed_at is not None,
                checks_met=round(facts.check_ratio * len(standards.CHECKS)),
            )


def bulk_index(queryset, *, index, refresh=False, progress=None):
    """Stream documents into one concrete index. Returns (indexed, errors)."""
    indexed, errors = 0, []
    actions = (
        {"_index": index, "_id": doc["id"], "_source": doc} for doc in documents_for(queryset)
    )
    for ok, item in helpers.streaming_bulk(
        get_client(), actions, chunk_size=BULK_CHUNK, raise_on_error=False
    ):
        if ok:
            indexed += 1
        else:
            errors.append(item)
        if progress:
            progress(indexed + len(errors))
    if refresh:
        get_client().indices.refresh(index=index)
    return indexed, errors


def index_opportunities(queryset=None, *, refresh=False):
    """Index the given live opportunities into every target index (creating the index if needed)."""
    ensure_opportunities_index()
    total = 0
    for index in target_indexes():
        indexed, _ = bulk_index(indexable(queryset), index=index, refresh=refresh)
        total = max(total, indexed)
    return total


def remove_opportunities(ids, *, refresh=False):
    client = get_client()
    for index in target_indexes():
        for page_id in ids:
            client.delete(index=index, id=page_id, ignore=[404], refresh=refresh)


def refresh_opportunities():
    get_client().indices.refresh(index=opportunities_alias())
