"""Writes for search: saved searches and alert settings. Each change to what a member wants
alerts about reaches the member alerts index through the outbox, after the commit."""

from django.db import transaction

from members.models import MemberProfile, User
from search.alerts.recipients import refresh_pending_alerts
from search.alerts.saved_searches import describe_search, saved_search_query_string
from search.index.outbox import queue_member_alerts
from search.models import AlertDelivery, AlertFrequency, SavedSearch

# More than this is a list nobody reads.
MAX_SAVED_SEARCHES = 20


class TooManySavedSearches(Exception):
    """The member already keeps MAX_SAVED_SEARCHES; the message says what to do."""


@transaction.atomic
def saved_search_create(*, member, query_dict, frequency, name=""):
    """Save a search's filters for alerts. Returns the SavedSearch.

    Raises TooManySavedSearches when the member already keeps MAX_SAVED_SEARCHES.
    """
    # Locking the member's row makes two saves at once count each other.
    User.objects.select_for_update().filter(pk=member.pk).first()
    if SavedSearch.objects.filter(member=member).count() >= MAX_SAVED_SEARCHES:
        raise TooManySavedSearches(
            f"You can keep up to {MAX_SAVED_SEARCHES} saved searches. "
            "Delete one you no longer need, then save this one."
        )
    saved = SavedSearch(
        member=member,
        name=(name or describe_search(query_dict))[:200],
        query_string=saved_search_query_string(query_dict),
        frequency=frequency,
    )
    saved.full_clean()
    saved.save()
    queue_member_alerts([member.pk])
    return saved


@transaction.atomic
def saved_search_delete(*, saved_search):
    """Delete a saved search and, through the outbox, its stored query. Returns the member id."""
    member_id = saved_search.member_id
    waiting = list(
        AlertDelivery.objects.filter(saved_search=saved_search, sent_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    saved_search.delete()
    # Its alerts now have no source; another may still want them.
    AlertDelivery.objects.filter(pk__in=waiting).update(frequency=AlertFrequency.OFF)
    refresh_pending_alerts([member_id])
    queue_member_alerts([member_id])
    return member_id


@transaction.atomic
def alerts_stop_all(*, member_id):
    """One-click unsubscribe: no more alert emails of any kind for this member."""
    MemberProfile.objects.filter(user_id=member_id).update(alert_frequency=AlertFrequency.OFF)
    SavedSearch.objects.filter(member_id=member_id).update(frequency=AlertFrequency.OFF)
    AlertDelivery.objects.filter(member_id=member_id, sent_at__isnull=True).delete()
    queue_member_alerts([member_id])


@transaction.atomic
def alerts_follow_profile(*, profile):
    """After a member saves their profile: their stored query follows it, and what waits to be
    emailed follows what they want now (another frequency, alerts off, other hard rules)."""
    refresh_pending_alerts([profile.user_id])
    queue_member_alerts([profile.user_id])
