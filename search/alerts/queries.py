"""Members' stored alert queries in the percolator index, and drift from the database.

Written only through the outbox (search/index/outbox.py): `sync_member_alerts` makes a
member's stored queries equal to what they chose now, whatever was there before.
"""

from elasticsearch import helpers

from members.models import MemberProfile
from opportunities.models import OpportunityPage
from search.client import elasticsearch_enabled, get_client
from search.index.documents import AlertDocument, alerts_alias, fingerprint
from search.index.indexes import create_index, ensure_alerts_index, point_alias
from search.matching.profile import profile_from_member
from search.matching.rules import stored_alert_query
from search.models import AlertFrequency, SavedSearch

PAGE = 10_000  # the most one search request returns


def profile_alert_id(user_id):
    return f"profile-{user_id}"


def saved_search_alert_id(saved_search_id):
    return f"saved-{saved_search_id}"


def saved_search_alert_query(saved_search):
    """The saved search's filters as a stored query, or None when they no longer validate."""
    from search.alerts.saved_searches import saved_search_filterset
    from search.opportunity_search import elasticsearch_query

    filterset = saved_search_filterset(saved_search, OpportunityPage.objects.none())
    if not filterset.is_valid():
        return None
    search = elasticsearch_query(filterset.form.cleaned_data, today=None)
    return search.to_dict().get("query", {"match_all": {}})


def stored_queries_for(user_ids):
    """{document id: body} of every stored query these members should have now."""
    stored = {}
    profiles = (
        MemberProfile.objects.filter(user_id__in=user_ids, user__is_active=True)
        .exclude(alert_frequency=AlertFrequency.OFF)
        .prefetch_related("topics", "communities")
    )
    for profile in profiles:
        stored[profile_alert_id(profile.user_id)] = {
            "query": stored_alert_query(profile_from_member(profile)).to_dict(),
            "member_id": profile.user_id,
            "kind": "profile",
        }
    saved_searches = SavedSearch.objects.filter(
        member_id__in=user_ids, member__is_active=True
    ).exclude(frequency=AlertFrequency.OFF)
    for saved in saved_searches:
        query = saved_search_alert_query(saved)
        if query is not None:
            stored[saved_search_alert_id(saved.pk)] = {
                "query": query,
                "member_id": saved.member_id,
                "kind": "saved_search",
                "saved_search_id": saved.pk,
            }
    return stored


def stored_ids_of(user_id):
    """The ids of the documents the percolator index holds for this member now."""
    response = get_client().search(
        index=alerts_alias(),
        query={"term": {"member_id": user_id}},
        source=False,
        size=PAGE,
    )
    return {hit["_id"] for hit in response["hits"]["hits"]}


def sync_member_alerts(user_id):
    """Make the member's stored queries what they chose now: write the wanted ones, remove the
    rest (deleted saved searches, alerts turned off, a deleted account). Raises the client's
    errors when Elasticsearch fails; the outbox retries. Without Elasticsearch it does nothing."""
    if not elasticsearch_enabled():
        return
    ensure_alerts_index()
    client = get_client()
    wanted = stored_queries_for([user_id])
    for document_id in stored_ids_of(user_id) - set(wanted):
        client.options(ignore_status=404).delete(index=alerts_alias(), id=document_id)
    for document_id, body in wanted.items():
        client.index(index=alerts_alias(), id=document_id, document=body)
    # Refreshed at once so the next publish percolates against it; members change rarely.
    client.indices.refresh(index=alerts_alias())


def remove_alert_queries(document_ids):
    """Remove stored queries no member owns (left by hand or by an old version)."""
    client = get_client().options(ignore_status=404)
    for document_id in document_ids:
        client.delete(index=alerts_alias(), id=document_id, refresh=True)


def members_with_alerts():
    member_ids = set(
        MemberProfile.objects.exclude(alert_frequency=AlertFrequency.OFF).values_list(
            "user_id", flat=True
        )
    )
    member_ids.update(SavedSearch.objects.values_list("member_id", flat=True))
    return sorted(member_ids)


def rebuild_alerts_index(*, progress=None, chunk=500):
    """Every stored query into a new index, then the alias swapped to it.

    Returns (index name, documents written). progress(done, total) is called per member chunk.
    """
    name = create_index(alerts_alias(), AlertDocument)
    member_ids = members_with_alerts()

    def actions():
        for start in range(0, len(member_ids), chunk):
            batch = member_ids[start : start + chunk]
            for document_id, body in stored_queries_for(batch).items():
                yield {"_index": name, "_id": document_id, "_source": body}
            if progress:
                progress(min(start + chunk, len(member_ids)), len(member_ids))

    written, _ = helpers.bulk(get_client(), actions(), chunk_size=500)
    get_client().indices.refresh(index=name)
    point_alias(alerts_alias(), name)
    # A member who changed their alerts during the rebuild wrote to the old index: put right.
    from search.index.outbox import apply_index_changes, queue_member_alerts

    missing, extra, stale = alert_drift()
    changed = {member for _, member in missing + extra + stale if member is not None}
    if changed:
        queue_member_alerts(sorted(changed))
        apply_index_changes()
    remove_alert_queries([key for key, member in extra if member is None])
    return name, written


def alert_drift():
    """What differs between members' choices and the percolator index.

    Returns (missing, extra, stale) lists of (document id, member id).
    """
    ensure_alerts_index()
    expected = stored_queries_for(members_with_alerts())
    actual = {}
    for hit in helpers.scan(
        get_client(), index=alerts_alias(), query={"query": {"match_all": {}}}, size=1000
    ):
        actual[hit["_id"]] = hit["_source"]
    missing = sorted(
        (key, body["member_id"]) for key, body in expected.items() if key not in actual
    )
    extra = sorted(
        (key, body.get("member_id")) for key, body in actual.items() if key not in expected
    )
    stale = sorted(
        (key, body["member_id"])
        for key, body in expected.items()
        if key in actual and fingerprint(body) != fingerprint(actual[key])
    )
    return missing, extra, stale
