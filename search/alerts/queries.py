"""Members' alert documents in the member alerts index, and drift from the database.

Written only through the outbox (search/index/outbox.py): `sync_member_alerts` makes a
member's documents equal to what they chose now, whatever was there before.
"""

from elasticsearch import helpers

from members.models import MemberProfile
from opportunities.models import OpportunityPage
from search.alerts.saved_searches import saved_search_filterset, saved_search_values
from search.client import elasticsearch_enabled, get_client
from search.index.documents import MemberAlertDocument, fingerprint, member_alerts_alias
from search.index.indexes import create_index, ensure_member_alerts_index, point_alias
from search.index.outbox import apply_index_changes, queue_member_alerts
from search.matching.profile import MatchProfile, profile_from_member
from search.matching.rules import HARD_RULES, member_alert_values
from search.models import AlertFrequency, SavedSearch

PAGE = 10_000  # the most one search request returns


def profile_alert_id(user_id):
    return f"profile-{user_id}"


def saved_search_alert_id(saved_search_id):
    return f"saved-{saved_search_id}"


def saved_search_cleaned(saved_search):
    """The saved search's cleaned filters, or None when they no longer validate."""
    filterset = saved_search_filterset(saved_search, OpportunityPage.objects.none())
    return filterset.form.cleaned_data if filterset.is_valid() else None


def alert_documents_for(user_ids):
    """{document id: body} of every alert document these members should have now.

    A profile's document holds every ALERT_RULES field; a saved search's holds the member's
    HARD_RULES fields (it narrows, never widens) and its own filters (saved_searches.py).
    """
    documents = {}
    profiles = {
        profile.user_id: profile
        for profile in MemberProfile.objects.filter(
            user_id__in=user_ids, user__is_active=True
        ).prefetch_related("topics", "communities")
    }
    for profile in profiles.values():
        if profile.alert_frequency != AlertFrequency.OFF:
            documents[profile_alert_id(profile.user_id)] = {
                "member_id": profile.user_id,
                "kind": "profile",
                **member_alert_values(profile_from_member(profile)),
            }
    saved_searches = SavedSearch.objects.filter(
        member_id__in=user_ids, member__is_active=True
    ).exclude(frequency=AlertFrequency.OFF)
    for saved in saved_searches:
        cleaned = saved_search_cleaned(saved)
        if cleaned is None:
            continue
        profile = profiles.get(saved.member_id)
        rules_of = profile_from_member(profile) if profile else MatchProfile()
        documents[saved_search_alert_id(saved.pk)] = {
            "member_id": saved.member_id,
            "kind": "saved_search",
            "saved_search_id": saved.pk,
            **member_alert_values(rules_of, HARD_RULES),
            **saved_search_values(cleaned),
        }
    return documents


def stored_ids_of(user_id):
    """The ids of the alert documents the index holds for this member now."""
    response = get_client().search(
        index=member_alerts_alias(),
        query={"term": {"member_id": user_id}},
        source=False,
        size=PAGE,
    )
    return {hit["_id"] for hit in response["hits"]["hits"]}


def sync_member_alerts(user_id):
    """Make the member's alert documents what they chose now: write the wanted ones, remove the
    rest (deleted saved searches, alerts turned off, a deleted account). Raises the client's
    errors when Elasticsearch fails; the outbox retries. Without Elasticsearch it does nothing."""
    if not elasticsearch_enabled():
        return
    client = get_client()
    if not client.indices.exists_alias(name=member_alerts_alias()):
        # Made whole from the database, never an empty index holding one member: deciding
        # alerts trusts the index to hold every member's rules (decision 12).
        rebuild_alerts_index()
        return
    wanted = alert_documents_for([user_id])
    for document_id in stored_ids_of(user_id) - set(wanted):
        client.options(ignore_status=404).delete(index=member_alerts_alias(), id=document_id)
    for document_id, body in wanted.items():
        client.index(index=member_alerts_alias(), id=document_id, document=body)
    # Refreshed at once so the next publish finds it; members change rarely.
    client.indices.refresh(index=member_alerts_alias())


def remove_alert_documents(document_ids):
    """Remove alert documents no member owns (left by hand or by an old version)."""
    client = get_client().options(ignore_status=404)
    for document_id in document_ids:
        client.delete(index=member_alerts_alias(), id=document_id, refresh=True)


def members_with_alerts():
    member_ids = set(
        MemberProfile.objects.exclude(alert_frequency=AlertFrequency.OFF).values_list(
            "user_id", flat=True
        )
    )
    member_ids.update(SavedSearch.objects.values_list("member_id", flat=True).distinct())
    return sorted(member_ids)


def rebuild_alerts_index(*, progress=None, chunk=500):
    """Every alert document into a new index, then the alias swapped to it.

    Returns (index name, documents written). progress(done, total) is called per member chunk.
    """
    name = create_index(member_alerts_alias(), MemberAlertDocument)
    member_ids = members_with_alerts()

    def actions():
        for start in range(0, len(member_ids), chunk):
            batch = member_ids[start : start + chunk]
            for document_id, body in alert_documents_for(batch).items():
                yield {"_index": name, "_id": document_id, "_source": body}
            if progress:
                progress(min(start + chunk, len(member_ids)), len(member_ids))

    written, _ = helpers.bulk(get_client(), actions(), chunk_size=500)
    get_client().indices.refresh(index=name)
    point_alias(member_alerts_alias(), name)
    # A member who changed their alerts during the rebuild wrote to the old index: put right.
    missing, extra, stale = alert_drift()
    changed = {member for _, member in missing + extra + stale if member is not None}
    if changed:
        queue_member_alerts(sorted(changed))
        apply_index_changes()
    remove_alert_documents([key for key, member in extra if member is None])
    return name, written


def alert_drift():
    """What differs between members' choices and the member alerts index.

    Returns (missing, extra, stale) lists of (document id, member id).
    """
    ensure_member_alerts_index()
    expected = alert_documents_for(members_with_alerts())
    actual = {}
    for hit in helpers.scan(
        get_client(), index=member_alerts_alias(), query={"query": {"match_all": {}}}, size=1000
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
