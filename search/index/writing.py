"""Writing opportunities into the index: one at a time, or streamed in bulk for rebuilds."""

from elasticsearch import helpers

from core.caching import content_changed
from opportunities.models import OpportunityPage
from search.client import get_client
from search.index.documents import OpportunityDocument, fingerprint, opportunities_alias
from search.index.indexes import (
    create_index,
    ensure_opportunities_index,
    indexes_behind,
    point_alias,
)
from search.matching.facts import to_document
from search.selectors import opportunity_facts

BULK_CHUNK = 500


def target_indexes():
    """Every concrete index that must receive writes: the live one, and one being rebuilt."""
    names = set(indexes_behind(opportunities_alias()))
    names.update(indexes_behind(opportunities_alias() + "-rebuilding"))
    return sorted(names)


def indexable(queryset=None):
    """Live opportunities (open or closed: closed ones are filtered at query time)."""
    return (queryset if queryset is not None else OpportunityPage.objects.live()).order_by("pk")


def documents_for(queryset, *, chunk=BULK_CHUNK):
    """Documents for a queryset, built a chunk at a time so memory stays flat."""
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        # Live now: one unpublished since the ids were listed is not written back.
        batch = OpportunityPage.objects.live().filter(pk__in=ids[start : start + chunk])
        batch = batch.order_by("pk")
        for facts in opportunity_facts(batch):
            yield to_document(facts)


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
    client = get_client().options(ignore_status=404)
    for index in target_indexes():
        for page_id in ids:
            client.delete(index=index, id=page_id, refresh=refresh)


def refresh_opportunities():
    get_client().indices.refresh(index=opportunities_alias())


def rebuild_opportunities_index(*, progress=None):
    """Build a fresh index beside the live one, then swap the alias in one step.

    Searches keep reading the old index until the swap. Changes made during the rebuild are
    written to both, because the new index sits behind the `-rebuilding` alias meanwhile.
    Returns (new index name, documents indexed, errors).
    """
    alias = opportunities_alias()
    rebuilding = alias + "-rebuilding"
    client = get_client()
    for stale in indexes_behind(rebuilding):  # left by an interrupted rebuild
        client.indices.delete(index=stale, ignore_unavailable=True)
    new_index = create_index(alias, OpportunityDocument)
    client.indices.put_alias(index=new_index, name=rebuilding)
    try:
        indexed, errors = bulk_index(indexable(), index=new_index, refresh=True, progress=progress)
        # A change that raced the bulk write (read before it, applied before the document was
        # written) is put right before anyone reads the new index.
        missing, extra, stale = index_drift(index=new_index)
        if missing or stale:
            bulk_index(OpportunityPage.objects.filter(pk__in=missing + stale), index=new_index)
        for page_id in extra:
            client.options(ignore_status=404).delete(index=new_index, id=page_id)
        client.indices.refresh(index=new_index)
        point_alias(alias, new_index)
        content_changed()  # searches answered from the old index are asked again
    except Exception:
        client.indices.delete(index=new_index, ignore_unavailable=True)
        raise
    client.options(ignore_status=404).indices.delete_alias(index=new_index, name=rebuilding)
    return new_index, indexed, errors


def live_mapping():
    """{field name: mapping} of the index the opportunities alias points at now."""
    ensure_opportunities_index()
    response = get_client().indices.get_mapping(index=opportunities_alias())
    (index,) = response.body.values() if hasattr(response, "body") else response.values()
    return index["mappings"].get("properties", {})


def indexed_fingerprints(index=None):
    """{opportunity id: fingerprint of its document} for the index (default: the live one)."""
    return {
        int(hit["_id"]): fingerprint(hit["_source"])
        for hit in helpers.scan(
            get_client(),
            index=index or opportunities_alias(),
            query={"query": {"match_all": {}}},
            size=1000,
        )
    }


def index_drift(index=None):
    """What differs between the database and the index (default: the live one): (missing,
    extra, stale) id lists. Whole documents are compared, so a renamed organisation, a moved
    page or a document written by an older version counts as stale."""
    ensure_opportunities_index()
    expected = {document["id"]: fingerprint(document) for document in documents_for(indexable())}
    actual = indexed_fingerprints(index)
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    stale = sorted(key for key in set(expected) & set(actual) if expected[key] != actual[key])
    return missing, extra, stale
