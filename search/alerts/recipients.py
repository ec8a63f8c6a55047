"""Who a newly published opportunity fits, and recording that they are to be told (once).

On Elasticsearch, publishing percolates the opportunity against the stored queries; the members
found by their profile are then checked in Python against every alert rule (rules.py), so the
rules a stored query cannot hold (open, distance) still hold. The embedded engine applies the
same rules in Python to every member with alerts on.
"""

import logging
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from members.models import MemberProfile, User
from opportunities.models import OpportunityPage
from opportunities.selectors import open_opportunities
from search.alerts.emails import send_alert_emails
from search.alerts.saved_searches import saved_search_filterset
from search.client import elasticsearch_enabled, get_client
from search.index.documents import alerts_alias
from search.index.indexes import ensure_alerts_index
from search.index.outbox import FAILURES
from search.matching.facts import to_document
from search.matching.profile import MatchProfile, profile_from_member
from search.matching.rules import fits_alert, passes_hard_rules
from search.models import AlertDelivery, AlertFrequency, SavedSearch
from search.selectors import opportunity_facts

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
    """{member id: [saved search id or None, ...]} from percolating the opportunity."""
    ensure_alerts_index()
    facts = opportunity_facts(OpportunityPage.objects.filter(pk=page.pk))
    if not facts:
        return {}
    return confirm_members(percolate_document(to_document(facts[0])), facts[0])


PERCOLATE_PAGE = 10_000  # the most one request may return


def percolate_document(document):
    """Every stored query the document matches, read a page at a time in index order."""
    found = defaultdict(list)
    search_after = None
    while True:
        response = get_client().search(
            index=alerts_alias(),
            query={"percolate": {"field": "query", "document": document}},
            size=PERCOLATE_PAGE,
            sort=["_doc"],
            source=False,
            docvalue_fields=["member_id", "saved_search_id"],
            track_total_hits=False,
            **({"search_after": search_after} if search_after else {}),
        )
        hits = response["hits"]["hits"]
        for hit in hits:
            fields = hit.get("fields", {})
            found[fields["member_id"][0]].append(fields.get("saved_search_id", [None])[0])
        if len(hits) < PERCOLATE_PAGE:
            return found
        search_after = hits[-1]["sort"]


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


def frequencies_for(found):
    """Each matched member's soonest wanted frequency, from what they chose now."""
    profile_frequency = dict(
        MemberProfile.objects.filter(user_id__in=found).values_list("user_id", "alert_frequency")
    )
    saved_frequency = dict(
        SavedSearch.objects.filter(member_id__in=found).values_list("pk", "frequency")
    )
    chosen = {}
    for member_id, sources in found.items():
        options = []
        for saved_search_id in sources:
            frequency = (
                profile_frequency.get(member_id)
                if saved_search_id is None
                else saved_frequency.get(saved_search_id)
            )
            if frequency in SOONEST_FIRST:
                options.append((SOONEST_FIRST.index(frequency), saved_search_id, frequency))
        if options:
            _, saved_search_id, frequency = min(options, key=lambda option: option[0])
            chosen[member_id] = (saved_search_id, frequency)
    return chosen


def alert_members_about(page_id):
    """Record who a newly published opportunity fits, and email those who want it at once."""
    page = open_opportunities().filter(pk=page_id).first()
    if page is None:
        return 0
    found = None
    if elasticsearch_enabled():
        try:
            found = matches_from_elasticsearch(page)
        except FAILURES as error:
            logger.warning("Percolation failed (%s); matching alerts in the database", error)
    if found is None:
        found = matches_from_database(page)
    chosen = frequencies_for(found)
    already = set(
        AlertDelivery.objects.filter(opportunity_id=page_id).values_list("member_id", flat=True)
    )
    AlertDelivery.objects.bulk_create(
        [
            AlertDelivery(
                member_id=member_id,
                opportunity_id=page_id,
                saved_search_id=saved_search_id,
                frequency=frequency,
            )
            for member_id, (saved_search_id, frequency) in chosen.items()
            if member_id not in already
        ],
        ignore_conflicts=True,  # never twice, even if two publishes race
    )
    immediate = [
        member_id
        for member_id, (_, frequency) in chosen.items()
        if frequency == AlertFrequency.IMMEDIATELY
    ]
    if immediate:
        send_alert_emails(AlertFrequency.IMMEDIATELY, member_ids=immediate)
    return len(chosen)


def queue_alerts_for(page_id):
    def enqueue():
        from search.tasks import alert_members_task

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
    for saved in SavedSearch.objects.filter(member_id__in=member_ids).exclude(
        frequency=AlertFrequency.OFF
    ):
        saved_searches[saved.member_id].append(saved)
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
                own = [
                    s
                    for s in saved_searches[delivery.member_id]
                    if s.pk == delivery.saved_search_id
                ]
                wanted += [saved.pk for saved in own]
                if not wanted:  # its source is gone: ask the member's other saved searches
                    just_this = OpportunityPage.objects.filter(pk=facts.id)
                    wanted += [
                        saved.pk
                        for saved in saved_searches[delivery.member_id]
                        if saved_search_filterset(saved, just_this).qs.exists()
                    ]
        chosen = frequencies_for({delivery.member_id: wanted}).get(delivery.member_id)
        if chosen is None:
            delivery.delete()
        elif chosen != (delivery.saved_search_id, delivery.frequency):
            delivery.saved_search_id, delivery.frequency = chosen
            delivery.save(update_fields=["saved_search", "frequency"])
