"""Who a newly published opportunity fits, and recording that they are to be told (once).

On Elasticsearch, one query built from the opportunity's facts over the member alert documents
keeps exactly the members whose rules it passes (rules.py's reverse forms; decision 12), and
only their ids leave the index. The embedded engine applies the same rules in Python to every
member with alerts on. Either way PostgreSQL records the deliveries in one statement.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from elasticsearch import NotFoundError
from elasticsearch.dsl import Q

from core.filters import every_word_somewhere
from members.models import MemberProfile, User
from opportunities.models import OpportunityPage
from opportunities.selectors import open_opportunities
from search.alerts.emails import send_alert_emails
from search.alerts.saved_searches import saved_search_filterset, saved_search_reverse_filters
from search.client import elasticsearch_enabled, get_client
from search.filters import TEXT_FIELDS, search_words
from search.index.documents import (
    fingerprint,
    member_alerts_alias,
    opportunities_alias,
)
from search.index.indexes import ensure_member_alerts_index
from search.index.outbox import FAILURES
from search.index.writing import refresh_opportunities
from search.matching.facts import to_document
from search.matching.profile import MatchProfile, profile_from_member
from search.matching.rules import (
    HARD_RULES,
    INTERESTS,
    fits_alert,
    passes_hard_rules,
    reverse_filters,
)
from search.models import AlertDecision, AlertDelivery, AlertFrequency, SavedSearch
from search.opportunity_search import word_query
from search.selectors import opportunity_facts
from search.tasks import (
    alert_members_task,
    record_alert_batch_task,
    send_immediate_alerts_task,
)

logger = logging.getLogger(__name__)

SOONEST_FIRST = [AlertFrequency.IMMEDIATELY, AlertFrequency.DAILY, AlertFrequency.WEEKLY]


def confirm_members(found, facts):
    """Keep only what every rule allows, checked in Python against each member as they are now.

    found: {member id: [saved search id, or None for their profile]}. Inactive members are
    dropped; a profile match must pass every alert rule; a saved-search match must pass the
    member's hard rules too (a saved search narrows what they are told about, never widens it).
    """
    today = timezone.localdate()
    active = set(
        User.objects.filter(pk__in=list(found), is_active=True).values_list("pk", flat=True)
    )
    profiles = {
        profile.user_id: profile_from_member(profile)
        for profile in MemberProfile.objects.filter(user_id__in=active).prefetch_related(
            "topics", "communities"
        )
    }
    confirmed = {}
    for member_id, sources in found.items():
        if member_id not in active:
            continue
        profile = profiles.get(member_id, MatchProfile())
        kept = [
            source
            for source in sources
            if (
                passes_hard_rules(profile, facts, today)
                if source is not None
                else fits_alert(profile, facts, today)
            )
        ]
        if kept:
            confirmed[member_id] = kept
    return confirmed


def matches_from_elasticsearch(page):
    """{member id: [saved search id or None, ...]} found by the reverse search: exactly the
    members whose alert rules (or saved search and hard rules) the opportunity passes."""
    facts = opportunity_facts(OpportunityPage.objects.filter(pk=page.pk))
    if not facts:
        return {}
    profiles, saved = reverse_search(facts[0], today=timezone.localdate())
    found = defaultdict(list)
    for member_id in profiles:
        found[member_id].append(None)
    for saved_search_id, member_id in saved:
        found[member_id].append(saved_search_id)
    return found


def travel_limits_in_use(client, index):
    """Every travel limit (km) an alert document may hold: the profile form's choices, and any
    other limit found in the index (one request, usually an empty answer)."""
    choices = [float(value) for value, _ in MemberProfile.DISTANCE_CHOICES if value]
    response = client.search(
        index=index,
        size=0,
        query=(~Q("terms", reach_km=choices) & Q("exists", field="reach_km")).to_dict(),
        aggs={"limits": {"terms": {"field": "reach_km", "size": 10_000}}},
        filter_path="aggregations",
    )
    others = [bucket["key"] for bucket in response["aggregations"]["limits"]["buckets"]]
    return sorted({*choices, *others})


def reverse_query(facts, today, distances):
    """The one query over member alert documents that keeps exactly the alerts this
    opportunity should give, derived from the rules (rules.py) and saved-search filters: every
    HARD_RULES filter, then a profile's interests or a saved search's facet filters. A saved
    search's words are left to `words_found`."""
    profile = Q("term", kind="profile") & Q(
        "bool", filter=reverse_filters(facts, today, distances, [INTERESTS])
    )
    saved = Q("term", kind="saved_search") & Q("bool", filter=saved_search_reverse_filters(facts))
    return Q(
        "bool",
        filter=[
            *reverse_filters(facts, today, distances, HARD_RULES),
            Q("bool", should=[profile, saved], minimum_should_match=1),
        ],
    )


REVERSE_PAGE = 10_000  # the most one search request returns
Stage = AlertDecision.Stage


def stage_request(query, stage):
    """(query, sort fields, request options) finding the stage's alert documents, ids only.

    Ids travel as the hits' sort values, read in the query phase from doc values with no fetch
    phase, which halves the time of moving 40,000 ids (decision 12). Saved searches with words
    are few; theirs come with their words. The sort fields together are unique to a document.
    """
    ids_only = {"filter_path": "hits.hits.sort"}
    saved_searches = query & Q("term", kind="saved_search")
    if stage == Stage.PROFILES:
        return query & Q("term", kind="profile"), ["member_id"], ids_only
    if stage == Stage.SAVED_SEARCHES:
        plain = saved_searches & ~Q("exists", field="search_terms")
        return plain, ["saved_search_id", "member_id"], ids_only
    worded = saved_searches & Q("exists", field="search_terms")
    return (
        worded,
        ["saved_search_id"],
        {
            "docvalue_fields": ["member_id", "saved_search_id", "search_terms"],
            "filter_path": "hits.hits.fields,hits.hits.sort",
        },
    )


def stage_page(client, index, query, stage, *, after=None, size=REVERSE_PAGE):
    """One page of the stage's hits after the sort values `after`: (hits, last sort values,
    or None when the stage has no more)."""
    stage_query, sort, options = stage_request(query, stage)
    response = client.search(
        index=index,
        query=stage_query.to_dict(),
        size=size,
        sort=[{field: "asc"} for field in sort],
        source=False,
        stored_fields="_none_",
        track_total_hits=False,
        **options,
        **({"search_after": after} if after else {}),
    )
    hits = response.get("hits", {}).get("hits", [])
    return hits, (hits[-1]["sort"] if len(hits) == size else None)


def found_in(stage, hits, facts):
    """[(member id, saved search id or None for their profile)] the stage's hits alert."""
    if stage == Stage.PROFILES:
        return [(hit["sort"][0], None) for hit in hits]
    if stage == Stage.SAVED_SEARCHES:
        return [(hit["sort"][1], hit["sort"][0]) for hit in hits]
    worded = [
        (
            hit["fields"]["member_id"][0],
            hit["fields"]["saved_search_id"][0],
            hit["fields"]["search_terms"],
        )
        for hit in hits
    ]
    if not worded:
        return []
    words = words_found(facts, {word for *_, terms in worded for word in terms})
    return [(member, key) for member, key, terms in worded if words.issuperset(terms)]


def reverse_search(facts, *, today, client=None, index=None):
    """([member id of a profile alert], [(saved search id, member id)]) for an opportunity:
    every stage, every page (for tests and tools; alerts are recorded a batch at a time)."""
    client = client or get_client()
    if index is None:
        ensure_member_alerts_index()
        index = member_alerts_alias()
    query = reverse_query(facts, today, travel_limits_in_use(client, index))
    profiles, saved = [], []
    for stage in Stage.values:
        after = None
        while True:
            hits, after = stage_page(client, index, query, stage, after=after)
            for member, key in found_in(stage, hits, facts):
                if key is None:
                    profiles.append(member)
                else:
                    saved.append((key, member))
            if after is None:
                break
    return profiles, saved


WORDS_PER_REQUEST = 50  # fuzzy word queries in one request: ~10 ms each on the test node


def words_found(facts, words):
    """The words (query_terms of saved searches) found in the opportunity as the search page
    finds them on Elasticsearch, checked against its indexed document WORDS_PER_REQUEST words
    a request, so many distinct words cost more requests rather than one that times out. When
    the index does not hold this version of it yet, or a request fails, the database's word
    search decides for those words instead."""
    words = sorted(words)
    found = set()
    for start in range(0, len(words), WORDS_PER_REQUEST):
        chunk = words[start : start + WORDS_PER_REQUEST]
        try:
            matched = _words_matched_in_index(facts, chunk)
        except FAILURES as error:
            logger.warning("Elasticsearch failed (%s); checking words in the database", error)
            matched = None
        found |= words_found_in_database(facts, chunk) if matched is None else matched
    return found


def _words_matched_in_index(facts, words):
    """The words matched in the opportunity's indexed document, or None when the index does
    not hold this version of it."""
    expected = fingerprint(to_document(facts))
    query = Q(
        "bool",
        filter=[Q("ids", values=[facts.id])],
        should=[word_query(word, _name=word) for word in words],
    ).to_dict()
    for _attempt in range(2):
        try:
            response = get_client().search(
                index=opportunities_alias(),
                query=query,
                filter_path="hits.hits.matched_queries,hits.hits._source",
            )
        except NotFoundError:  # no opportunities index yet
            return None
        hits = response.get("hits", {}).get("hits", [])
        if hits and fingerprint(hits[0]["_source"]) == expected:
            return set(hits[0].get("matched_queries", []))
        if hits:
            return None  # another version of it: the database decides
        refresh_opportunities()  # written but perhaps not yet searchable
    return None


def words_found_in_database(facts, words):
    page = OpportunityPage.objects.filter(pk=facts.id)
    return {
        word
        for word in words
        if every_word_somewhere(page, search_words(word), TEXT_FIELDS).exists()
    }


def matches_from_database(page):
    """The same as matches_from_elasticsearch, worked out in Python."""
    facts = opportunity_facts(OpportunityPage.objects.filter(pk=page.pk))
    if not facts:
        return {}
    facts = facts[0]
    today = timezone.localdate()
    found = defaultdict(list)
    profiles = (
        MemberProfile.objects.exclude(alert_frequency=AlertFrequency.OFF)
        .filter(user__is_active=True)
        .prefetch_related("topics", "communities")
    )
    for profile in profiles:
        if fits_alert(profile_from_member(profile), facts, today):
            found[profile.user_id].append(None)
    just_this = OpportunityPage.objects.filter(pk=page.pk)
    for saved in SavedSearch.objects.exclude(frequency=AlertFrequency.OFF).filter(
        member__is_active=True
    ):
        filterset = saved_search_filterset(saved, just_this)
        if filterset.is_valid() and filterset.qs.exists():
            found[saved.member_id].append(saved.pk)
    return confirm_members(found, facts)


def soonest_source(sources, frequencies):
    """(saved search id or None, frequency) of the source wanted soonest, or None.

    sources: [saved search id, or None for the profile], in order of preference when equally
    soon; frequencies: {source: its AlertFrequency}. A source turned off does not count."""
    options = [
        (SOONEST_FIRST.index(frequencies[source]), position, source)
        for position, source in enumerate(sources)
        if frequencies.get(source) in SOONEST_FIRST
    ]
    if not options:
        return None
    _, _, source = min(options)
    return source, frequencies[source]


def frequencies_for(found):
    """Each matched member's soonest wanted source and frequency, from what they chose now:
    {member id: (saved search id or None, frequency)}. When equally soon, the profile, then
    the oldest saved search, as RECORD_DELIVERIES_SQL chooses."""
    profile_frequency = dict(
        MemberProfile.objects.filter(user_id__in=found).values_list("user_id", "alert_frequency")
    )
    saved_frequency = dict(
        SavedSearch.objects.filter(member_id__in=found).values_list("pk", "frequency")
    )
    chosen = {}
    for member_id, sources in found.items():
        frequencies = {None: profile_frequency.get(member_id)} | {
            key: saved_frequency.get(key) for key in sources if key is not None
        }
        ordered = sorted(set(sources), key=lambda key: (key is not None, key or 0))
        source = soonest_source(ordered, frequencies)
        if source is not None:
            chosen[member_id] = source
    return chosen


def alert_members_about(page_id):
    """Decide who a newly published opportunity is for, and record that they are to be told.

    On Elasticsearch this is one count of the alert documents the opportunity fits and one
    AlertDecision row; tasks then record each member's alert a batch at a time
    (record_alert_batch). On the embedded engine, or when Elasticsearch fails, every alert is
    recorded here in Python. Returns the AlertDecision, or None when the page is not open.
    """
    page = open_opportunities().filter(pk=page_id).first()
    if page is None:
        return None
    if elasticsearch_enabled():
        try:
            return decide_in_elasticsearch(page)
        except FAILURES as error:
            logger.warning("Elasticsearch failed (%s); matching alerts in the database", error)
    return decide_in_database(page)


def decide_in_elasticsearch(page):
    facts = opportunity_facts(OpportunityPage.objects.filter(pk=page.pk))
    if not facts:
        return None
    client = get_client()
    index = member_alerts_alias()
    if not client.indices.exists_alias(name=index):
        # An empty index made now would tell no one; `search_reindex` builds it from the database.
        logger.error("No member alerts index (%s); deciding alerts in the database", index)
        return decide_in_database(page)
    query = reverse_query(facts[0], timezone.localdate(), travel_limits_in_use(client, index))
    query = query.to_dict()
    count = client.count(index=index, query=query)["count"]
    with transaction.atomic():
        decision = _new_decision(
            page.pk,
            query=query,
            documents_found=count,
            finished_at=None if count else timezone.now(),
        )
        if count:
            queue_alert_batch(decision.pk)
    return decision


def decide_in_database(page):
    with transaction.atomic():
        decision = _new_decision(page.pk)
        decision.alerts_recorded = record_deliveries(page.pk, matches_from_database(page))
        decision.finished_at = timezone.now()
        decision.save(update_fields=["alerts_recorded", "finished_at"])
        queue_immediate_alerts(page.pk)  # also for an alert moved to "at once", none new
    return decision


def _new_decision(page_id, **fields):
    # A decision still recording for an earlier publish is covered by this one.
    AlertDecision.objects.filter(opportunity_id=page_id, finished_at__isnull=True).update(
        finished_at=timezone.now()
    )
    return AlertDecision.objects.create(opportunity_id=page_id, **fields)


# Alert documents one batch reads and records: one search page, ~150 ms at 100,000 members.
ALERT_BATCH = REVERSE_PAGE


def record_alert_batch(decision_id, *, size=None, queue_next=True):
    """Record the next batch of a decision's alerts; after the commit, queue the next batch
    and the emails of those who want them at once. Returns the alerts this batch recorded.

    Each batch checks the opportunity is still open, pages the decision's query over every
    member's rules as they are now from where the last batch stopped (profiles by member id,
    then saved searches by id), and records the ids in one statement. Batches of one decision never run at once
    (the row is locked). If Elasticsearch fails part way, the database decides the rest.
    """
    size = size or ALERT_BATCH
    with transaction.atomic():
        decision = (
            AlertDecision.objects.select_for_update()
            .filter(pk=decision_id, finished_at__isnull=True)
            .first()
        )
        if decision is None:
            return 0
        page = open_opportunities().filter(pk=decision.opportunity_id).first()
        if page is None:  # closed or withdrawn since: nothing more to tell
            recorded, finished = 0, True
        else:
            try:
                recorded, finished = _record_next_batch(decision, size)
            except FAILURES as error:
                logger.warning("Elasticsearch failed (%s); the database decides the rest", error)
                recorded, finished = record_deliveries(page.pk, matches_from_database(page)), True
        decision.alerts_recorded += recorded
        if finished:
            decision.finished_at = timezone.now()
        decision.save()
        # Queued even when nothing new was recorded: a batch may have moved an alert recorded
        # earlier to a sooner source (weekly by the profile, at once by a saved search).
        queue_immediate_alerts(decision.opportunity_id)
        if not finished and queue_next:
            queue_alert_batch(decision.pk)
    return recorded


def _record_next_batch(decision, size):
    """(alerts recorded, whether the decision is finished); moves the decision's place on.

    The query is the one made when deciding (a later edit is published, so decided afresh);
    the alert documents it runs over are the members' rules as they are now.
    """
    stages = Stage.values
    hits, after = stage_page(
        get_client(),
        member_alerts_alias(),
        Q(decision.query),
        decision.stage,
        after=decision.resume_after or None,
        size=size,
    )
    facts = None
    if decision.stage == Stage.WORDED_SAVED_SEARCHES and hits:
        facts = opportunity_facts(OpportunityPage.objects.filter(pk=decision.opportunity_id))[0]
    found = defaultdict(list)
    for member, key in found_in(decision.stage, hits, facts):
        found[member].append(key)
    recorded = record_deliveries(decision.opportunity_id, found) if found else 0
    if after is not None:
        decision.resume_after = after
        return recorded, False
    position = stages.index(decision.stage)
    if position + 1 == len(stages):
        return recorded, True
    decision.stage, decision.resume_after = stages[position + 1], []
    return recorded, False


def queue_alert_batch(decision_id):
    def enqueue():
        record_alert_batch_task.enqueue(decision_id)

    transaction.on_commit(enqueue)


STALLED_AFTER = timedelta(minutes=10)
RECENTLY_PUBLISHED = timedelta(days=2)


def finish_alert_decisions(*, older_than=STALLED_AFTER):
    """Finish what a stopped worker or a lost task left, once it has waited `older_than` (a
    timedelta): each decision that has not moved on since is recorded to the end; each
    opportunity published in the last two days with no decision since is decided and recorded;
    each opportunity with alerts waiting to go at once has its first 200 emailed (the rest
    queued). Done here rather than queued, so what it records reaches the digests the same
    daily run sends next. "Never twice" holds whatever runs twice. Returns how many
    decisions and opportunities it took up."""
    before = timezone.now() - older_than
    stalled = list(
        AlertDecision.objects.filter(finished_at__isnull=True, updated_at__lt=before).values_list(
            "pk", flat=True
        )
    )
    for decision_id in stalled:
        record_to_the_end(decision_id)
    decided_since = AlertDecision.objects.filter(
        opportunity_id=OuterRef("pk"), decided_at__gte=OuterRef("last_published_at")
    )
    undecided = list(
        open_opportunities()
        .filter(
            last_published_at__lt=before,
            last_published_at__gte=timezone.now() - RECENTLY_PUBLISHED,
        )
        .exclude(Exists(decided_since))
        .values_list("pk", flat=True)
    )
    for page_id in undecided:
        decision = alert_members_about(page_id)
        if decision is not None:
            record_to_the_end(decision.pk)
    unsent = list(
        AlertDelivery.objects.filter(
            frequency=AlertFrequency.IMMEDIATELY, sent_at__isnull=True, matched_at__lt=before
        )
        .values_list("opportunity_id", flat=True)
        .distinct()
    )
    for page_id in unsent:
        send_immediate_alerts(page_id)
    return len(stalled) + len(undecided) + len(unsent)


MOST_BATCHES = 1_000  # 10 million alert documents: past this something is wrong


def record_to_the_end(decision_id):
    """Run the decision's batches here, one after another, until it is finished (or
    MOST_BATCHES have run, when the queued chain or the next daily run goes on)."""
    for _batch in range(MOST_BATCHES):
        if not AlertDecision.objects.filter(pk=decision_id, finished_at__isnull=True).exists():
            return
        record_alert_batch(decision_id, queue_next=False)


# The soonest frequency wins; then the profile, then the oldest saved search. A batch may find a
# member an earlier batch recorded (their profile, then a saved search): an unsent alert moves to
# the sooner source, as refresh_pending_alerts would. Counts only the rows inserted (xmax = 0).
RECORD_DELIVERIES_SQL = """
WITH sources (member_id, saved_search_id, frequency) AS (
    SELECT profile.user_id, NULL::bigint, profile.alert_frequency
    FROM unnest(%(members)s::bigint[]) AS found (id)
    JOIN members_memberprofile profile ON profile.user_id = found.id
  UNION ALL
    SELECT saved.member_id, saved.id, saved.frequency
    FROM unnest(%(saved)s::bigint[]) AS found (id)
    JOIN search_savedsearch saved ON saved.id = found.id
), chosen AS (
    SELECT DISTINCT ON (sources.member_id) sources.*
    FROM sources JOIN members_user member ON member.id = sources.member_id
    WHERE member.is_active AND sources.frequency = ANY(%(frequencies)s)
    ORDER BY sources.member_id, array_position(%(frequencies)s, sources.frequency::text),
        sources.saved_search_id NULLS FIRST
), written AS (
    INSERT INTO search_alertdelivery
        (member_id, opportunity_id, saved_search_id, frequency, matched_at)
    SELECT member_id, %(page)s, saved_search_id, frequency, %(now)s FROM chosen
    ON CONFLICT (member_id, opportunity_id) DO UPDATE
    SET saved_search_id = EXCLUDED.saved_search_id, frequency = EXCLUDED.frequency
    WHERE search_alertdelivery.sent_at IS NULL
        AND array_position(%(frequencies)s, EXCLUDED.frequency::text)
            < array_position(%(frequencies)s, search_alertdelivery.frequency::text)
    RETURNING xmax = 0 AS inserted
)
SELECT count(*) FILTER (WHERE inserted) FROM written
"""


def record_deliveries(page_id, found, *, now=None):
    """Record, once each, that the members found are to be told about the page.

    found: {member id: [saved search id, or None for their profile]}. What the database holds
    now has the last word: inactive members, alerts turned off and deleted saved searches are
    skipped; each member's soonest frequency is kept (SOONEST_FIRST). On PostgreSQL the ids
    travel as two array parameters into one INSERT ... SELECT; "never twice" is the
    one_alert_per_member_and_opportunity constraint. Returns the number of new alerts.
    """
    now = now or timezone.now()
    if connection.vendor == "postgresql":
        members = [member for member, sources in found.items() if None in sources]
        saved = [key for sources in found.values() for key in sources if key is not None]
        with connection.cursor() as cursor:
            cursor.execute(
                RECORD_DELIVERIES_SQL,
                {
                    "members": members,
                    "saved": saved,
                    "frequencies": [str(frequency) for frequency in SOONEST_FIRST],
                    "page": page_id,
                    "now": now,
                },
            )
            return cursor.fetchone()[0]
    active = set(
        User.objects.filter(pk__in=list(found), is_active=True).values_list("pk", flat=True)
    )
    chosen = frequencies_for({member: found[member] for member in found if member in active})
    recorded = {
        delivery.member_id: delivery
        for delivery in AlertDelivery.objects.filter(
            opportunity_id=page_id, member_id__in=list(chosen)
        )
    }
    new = [
        AlertDelivery(
            member_id=member_id,
            opportunity_id=page_id,
            saved_search_id=saved_search_id,
            frequency=frequency,
            matched_at=now,
        )
        for member_id, (saved_search_id, frequency) in chosen.items()
        if member_id not in recorded
    ]
    # Never twice, even if two publishes race: a row written meanwhile wins.
    AlertDelivery.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    for member_id, delivery in recorded.items():
        saved_search_id, frequency = chosen[member_id]
        if delivery.sent_at is None and sooner(frequency, delivery.frequency):
            AlertDelivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(
                saved_search_id=saved_search_id, frequency=frequency
            )
    return len(new)


def sooner(frequency, than):
    """Whether alerts at `frequency` go out sooner than at `than` (SOONEST_FIRST)."""
    return SOONEST_FIRST.index(frequency) < SOONEST_FIRST.index(than)


IMMEDIATE_BATCH = 200  # members emailed by one task run


def queue_immediate_alerts(page_id):
    """After the commit, email in batches the members told about the page who want it at once."""

    def enqueue():
        send_immediate_alerts_task.enqueue(page_id)

    transaction.on_commit(enqueue)


def send_immediate_alerts(page_id, *, batch=IMMEDIATE_BATCH):
    """Email up to `batch` members waiting to hear at once about the page; queue the next batch
    if more wait. Returns the emails sent."""
    waiting = AlertDelivery.objects.filter(
        opportunity_id=page_id, frequency=AlertFrequency.IMMEDIATELY, sent_at__isnull=True
    )
    members = list(waiting.order_by("member_id").values_list("member_id", flat=True)[:batch])
    if not members:
        return 0
    sent = send_alert_emails(AlertFrequency.IMMEDIATELY, member_ids=members)
    if len(members) == batch:
        queue_immediate_alerts(page_id)
    return sent


def queue_alerts_for(page_id):
    def enqueue():
        alert_members_task.enqueue(page_id)

    transaction.on_commit(enqueue)


def refresh_pending_alerts(member_ids):
    """Re-decide every unsent alert of these members from what they want now.

    Called when a member changes what they want (profile, saved searches) and before each
    email. An alert still wanted keeps or moves to its soonest source (profile or a saved
    search, whichever is sooner: daily before weekly); one no source wants any more, or for an
    inactive member, is cancelled. Roles closed since are left for the email to skip.
    """
    pending = list(AlertDelivery.objects.filter(member_id__in=member_ids, sent_at__isnull=True))
    if not pending:
        return
    facts_by_id = {
        facts.id: facts
        for facts in opportunity_facts(
            open_opportunities().filter(pk__in={delivery.opportunity_id for delivery in pending})
        )
    }
    members = {member.pk: member for member in User.objects.filter(pk__in=member_ids)}
    profiles = {
        profile.user_id: profile
        for profile in MemberProfile.objects.filter(user_id__in=member_ids).prefetch_related(
            "topics", "communities"
        )
    }
    saved_searches = defaultdict(list)
    # Oldest first: when equally soon, the profile, then the oldest saved search (as recorded).
    for saved in (
        SavedSearch.objects.filter(member_id__in=member_ids)
        .exclude(frequency=AlertFrequency.OFF)
        .order_by("pk")
    ):
        saved_searches[saved.member_id].append(saved)
    # Each saved search asked once about all of its member's waiting opportunities (one query
    # a saved search, at most 20 a member), so the soonest source can win as when recorded.
    wanted_by = {}
    for member_id, searches in saved_searches.items():
        waiting = OpportunityPage.objects.filter(
            pk__in=[d.opportunity_id for d in pending if d.member_id == member_id]
        )
        for saved in searches:
            filterset = saved_search_filterset(saved, waiting)
            wanted_by[saved.pk] = (
                set(filterset.qs.values_list("pk", flat=True)) if filterset.is_valid() else set()
            )
    today = timezone.localdate()
    for delivery in pending:
        facts = facts_by_id.get(delivery.opportunity_id)
        if facts is None:
            continue
        member = members.get(delivery.member_id)
        profile = profiles.get(delivery.member_id)
        wanted = []
        if member is not None and member.is_active:
            match_profile = profile_from_member(profile) if profile else MatchProfile()
            profile_on = profile and profile.alert_frequency != AlertFrequency.OFF
            if profile_on and fits_alert(match_profile, facts, today):
                wanted.append(None)
            if passes_hard_rules(match_profile, facts, today):
                wanted += [
                    saved.pk
                    for saved in saved_searches[delivery.member_id]
                    if delivery.opportunity_id in wanted_by[saved.pk]
                ]
        frequencies = {None: profile.alert_frequency if profile else None} | {
            saved.pk: saved.frequency for saved in saved_searches[delivery.member_id]
        }
        chosen = soonest_source(wanted, frequencies)
        if chosen is None:
            # Only while still unsent: a row sent meanwhile is the "never twice" guard.
            AlertDelivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).delete()
        elif chosen != (delivery.saved_search_id, delivery.frequency):
            saved_search_id, frequency = chosen
            AlertDelivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(
                saved_search_id=saved_search_id, frequency=frequency
            )
