"""Alerts: tell members about new opportunities that fit them, once each.

Each member with alerts on has a stored query (their profile), and so does each saved search.
On Elasticsearch these live in a percolator index, and publishing an opportunity percolates
it; the embedded engine applies the same rules in Python. Either way a match becomes an
AlertDelivery (one per member and opportunity), emailed at once or in the next digest.
"""

import logging
from collections import defaultdict

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from elasticsearch import helpers
from elasticsearch.dsl import Q

from core.emails import absolute_url
from core.geography import distance_km
from members.models import MemberProfile
from opportunities.models import OpportunityPage
from opportunities.selectors import open_opportunities
from search import scoring
from search.client import elasticsearch_enabled, get_client
from search.documents import AlertDocument, alerts_alias, prepare
from search.facts import profile_from_member
from search.filters import OpportunitySearchFilter
from search.indexes import create_index, ensure_alerts_index, point_alias
from search.models import AlertDelivery, AlertFrequency, SavedSearch
from search.selectors import opportunity_facts
from search.sync import FAILURES

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "search.alerts.unsubscribe"
# What a saved search keeps: the filters, not the order, place or page it was looked at in.
SAVED_SEARCH_FIELDS = ["q", "topic", "community", "level", "role_type", "format", "region",
                       "money", "meets_checks"]  # fmt: skip
ALL_AUDIENCES = {"service_users", "carers", "both"}
ALL_FORMATS = {"in_person", "online", "hybrid"}
SOONEST_FIRST = [AlertFrequency.IMMEDIATELY, AlertFrequency.DAILY, AlertFrequency.WEEKLY]


# Who an opportunity fits


def fits_interests(profile, facts):
    """With interests given, at least one must be met; with none, anything allowed fits."""
    wanted = [profile.topic_ids, profile.community_ids, profile.levels, profile.role_types]
    if not any(wanted):
        return True
    return bool(
        profile.topic_ids & facts.topic_ids
        or profile.community_ids & facts.community_ids
        or facts.level in profile.levels
        or facts.role_type in profile.role_types
    )


def interest_query(profile):
    should = []
    if profile.topic_ids:
        should.append(Q("terms", topic_ids=sorted(profile.topic_ids)))
    if profile.community_ids:
        should.append(Q("terms", community_ids=sorted(profile.community_ids)))
    if profile.levels:
        should.append(Q("terms", level=sorted(profile.levels)))
    if profile.role_types:
        should.append(Q("terms", role_type=sorted(profile.role_types)))
    return Q("bool", should=should, minimum_should_match=1) if should else Q("match_all")


def profile_alert_query(match_profile):
    """The member's stored query: the hard rules and their interests, as term clauses only.

    Percolation is fast only for queries Elasticsearch can check from their terms alone, so the
    rules are written as "one of these values" rather than "not that" (the same rules as
    scoring.passes_hard_rules). Two rules stay out: "open today" (only open opportunities are
    percolated) and distance (checked afterwards against the few members found).
    """
    rules = []
    audiences = scoring.WHO_FITS.get(match_profile.who, scoring.WHO_FITS[""])
    if set(audiences) != ALL_AUDIENCES:
        rules.append(Q("terms", who_for=sorted(audiences)))
    formats = {"hybrid"}
    if match_profile.in_person_ok:
        formats.add("in_person")
    if match_profile.online_ok:
        formats.add("online")
    if formats != ALL_FORMATS:
        rules.append(Q("terms", format=sorted(formats)))
    if match_profile.payment_need == "must_be_paid":
        rules.append(Q("term", paid=True))
    if match_profile.payment_need == "must_cover_expenses":
        rules.append(Q("term", expenses_covered=True))
    return Q("bool", filter=rules, must=[interest_query(match_profile)]).to_dict()


def within_reach(found, facts):
    """Drop members percolation found whose profile says an in-person role is too far away."""
    if facts.format != "in_person" or not facts.has_location:
        return found
    by_profile = [member_id for member_id, sources in found.items() if None in sources]
    limits = MemberProfile.objects.filter(
        user_id__in=by_profile, max_distance_km__isnull=False, latitude__isnull=False
    ).values_list("user_id", "latitude", "longitude", "max_distance_km")
    for member_id, latitude, longitude, limit in limits:
        if distance_km(latitude, longitude, facts.latitude, facts.longitude) > limit:
            sources = [source for source in found[member_id] if source is not None]
            if sources:
                found[member_id] = sources
            else:
                del found[member_id]
    return found


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


def saved_search_alert_query(saved_search):
    from search.opportunity_search import elasticsearch_query

    filterset = saved_search_filterset(saved_search, OpportunityPage.objects.none())
    if not filterset.is_valid():
        return None
    search = elasticsearch_query(filterset.form.cleaned_data, today=None)
    return search.to_dict().get("query", {"match_all": {}})


# Stored queries in the percolator index


def profile_alert_id(user_id):
    return f"profile-{user_id}"


def saved_search_alert_id(saved_search_id):
    return f"saved-{saved_search_id}"


def stored_queries_for(user_id):
    """(document id, body or None to remove) for every alert the member could have."""
    stored = []
    profile = (
        MemberProfile.objects.filter(user_id=user_id, user__is_active=True)
        .prefetch_related("topics", "communities")
        .first()
    )
    body = None
    if profile is not None and profile.alert_frequency != AlertFrequency.OFF:
        body = {
            "query": profile_alert_query(profile_from_member(profile)),
            "member_id": user_id,
            "kind": "profile",
        }
    stored.append((profile_alert_id(user_id), body))
    for saved in SavedSearch.objects.filter(member_id=user_id).select_related("member"):
        query = saved_search_alert_query(saved) if saved.frequency != AlertFrequency.OFF else None
        body = None
        if query is not None and saved.member.is_active:
            body = {
                "query": query,
                "member_id": user_id,
                "kind": "saved_search",
                "saved_search_id": saved.pk,
            }
        stored.append((saved_search_alert_id(saved.pk), body))
    return stored


def sync_member_alerts(user_id):
    """Write or remove the member's stored queries (Elasticsearch only)."""
    if not elasticsearch_enabled():
        return
    ensure_alerts_index()
    client = get_client()
    for document_id, body in stored_queries_for(user_id):
        if body is None:
            client.options(ignore_status=404).delete(index=alerts_alias(), id=document_id)
        else:
            # Refreshed at once so the next publish percolates against it; members change rarely.
            client.index(index=alerts_alias(), id=document_id, document=body, refresh=True)


def remove_stored_queries(document_ids):
    if not elasticsearch_enabled():
        return
    client = get_client().options(ignore_status=404)
    for document_id in document_ids:
        client.delete(index=alerts_alias(), id=document_id)


def queue_member_alert_sync(user_id):
    """After the change commits, rewrite the member's stored queries in the background."""
    if not elasticsearch_enabled():
        return

    def enqueue():
        from search.tasks import sync_member_alerts_task

        sync_member_alerts_task.enqueue(user_id)

    transaction.on_commit(enqueue)


def rebuild_alerts_index(*, progress=None):
    """Every stored query into a new index, then the alias swapped to it."""
    name = create_index(alerts_alias(), AlertDocument)
    member_ids = set(
        MemberProfile.objects.exclude(alert_frequency=AlertFrequency.OFF).values_list(
            "user_id", flat=True
        )
    )
    member_ids.update(SavedSearch.objects.values_list("member_id", flat=True))

    def actions():
        for done, user_id in enumerate(sorted(member_ids), start=1):
            for document_id, body in stored_queries_for(user_id):
                if body is not None:
                    yield {"_index": name, "_id": document_id, "_source": body}
            if progress:
                progress(done, len(member_ids))

    written, _ = helpers.bulk(get_client(), actions(), chunk_size=500)
    get_client().indices.refresh(index=name)
    point_alias(alerts_alias(), name)
    return name, written


# Matching a new opportunity to members


def matches_from_elasticsearch(page):
    """{member id: [saved search id or None, ...]} from percolating the opportunity."""
    ensure_alerts_index()
    facts = opportunity_facts(OpportunityPage.objects.filter(pk=page.pk))
    if not facts:
        return {}
    return within_reach(percolate_document(prepare(page)), facts[0])


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
        match_profile = profile_from_member(profile)
        if scoring.passes_hard_rules(match_profile, facts, today) and fits_interests(
            match_profile, facts
        ):
            found[profile.user_id].append(None)
    just_this = OpportunityPage.objects.filter(pk=page.pk)
    for saved in SavedSearch.objects.exclude(frequency=AlertFrequency.OFF).filter(
        member__is_active=True
    ):
        filterset = saved_search_filterset(saved, just_this)
        if filterset.is_valid() and filterset.qs.exists():
            found[saved.member_id].append(saved.pk)
    return found


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


# Emails


def unsubscribe_token(user_id):
    return signing.dumps({"member": user_id}, salt=UNSUBSCRIBE_SALT)


def member_for_unsubscribe_token(token):
    """The member id a token was made for, or None if it was not made by us."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)["member"]
    except (signing.BadSignature, KeyError, TypeError):
        return None


@transaction.atomic
def alerts_stop_all(*, member_id):
    """One-click unsubscribe: no more alert emails of any kind for this member."""
    MemberProfile.objects.filter(user_id=member_id).update(alert_frequency=AlertFrequency.OFF)
    SavedSearch.objects.filter(member_id=member_id).update(frequency=AlertFrequency.OFF)
    AlertDelivery.objects.filter(member_id=member_id, sent_at__isnull=True).delete()
    queue_member_alert_sync(member_id)


def send_alert_emails(frequency, *, member_ids=None, now=None):
    """Email each member their unsent alerts of this frequency in one message. Returns emails sent."""
    now = now or timezone.now()
    pending = AlertDelivery.objects.filter(frequency=frequency, sent_at__isnull=True)
    if member_ids is not None:
        pending = pending.filter(member_id__in=member_ids)
    sent = 0
    for member_id in sorted(set(pending.values_list("member_id", flat=True))):
        with transaction.atomic():
            deliveries = list(
                pending.filter(member_id=member_id).select_for_update(skip_locked=True)
            )
            if not deliveries:
                continue
            still_open = list(
                open_opportunities()
                .filter(pk__in=[delivery.opportunity_id for delivery in deliveries])
                .order_by("deadline", "title")
            )
            AlertDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(sent_at=now)
            if still_open:
                member = deliveries[0].member
                _send_alert_email(member, still_open, frequency)
                sent += 1
    return sent


def _send_alert_email(member, opportunities, frequency):
    unsubscribe_url = absolute_url(
        reverse("alerts_unsubscribe", args=[unsubscribe_token(member.pk)])
    )
    context = {
        "opportunities": [{"page": page, "url": absolute_url(page.url)} for page in opportunities],
        "frequency": frequency,
        "unsubscribe_url": unsubscribe_url,
        "manage_url": absolute_url(reverse("alerts_manage")),
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
    }
    subject = " ".join(render_to_string("email/alerts_new_subject.txt", context).split())
    message = EmailMessage(
        subject,
        render_to_string("email/alerts_new.txt", context),
        to=[member.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()


# Saved searches


@transaction.atomic
def saved_search_create(*, member, query_dict, frequency, name=""):
    query_string = saved_search_query_string(query_dict)
    saved = SavedSearch.objects.create(
        member=member,
        name=(name or describe_search(query_dict))[:200],
        query_string=query_string,
        frequency=frequency,
    )
    queue_member_alert_sync(member.pk)
    return saved


@transaction.atomic
def saved_search_delete(*, saved_search):
    member_id, document_id = saved_search.member_id, saved_search_alert_id(saved_search.pk)
    saved_search.delete()
    transaction.on_commit(lambda: remove_stored_queries([document_id]))
    return member_id


def describe_search(query_dict):
    words = " ".join(query_dict.get("q", "").split())[:80]
    filters = sum(len(query_dict.getlist(name)) for name in SAVED_SEARCH_FIELDS if name != "q")
    described = f'"{words}"' if words else "All opportunities"
    if filters:
        described += f" with {filters} filter{'s' if filters != 1 else ''}"
    return described
