"""Keeping the index in step with the database, durably: every index write goes through here.

Every publish, unpublish, edit, close and delete of an opportunity, and every change to what a
member wants alerts about, writes an IndexChange row in the same transaction. After the commit a
django-tasks task applies the waiting changes. If Elasticsearch does not answer, the rows stay
and the task is queued again after a back-off, so the index catches up by itself once
Elasticsearch is back; `search_check` reports anything else that differs.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from elastic_transport import ConnectionError, ConnectionTimeout, TransportError
from elasticsearch import ApiError

from core.caching import content_changed
from search.client import elasticsearch_enabled, get_client
from search.models import IndexChange

logger = logging.getLogger(__name__)

BATCH = 500
FIRST_RETRY_SECONDS = 5
LONGEST_RETRY_SECONDS = 3600
FAILURES = (ConnectionError, ConnectionTimeout, TransportError, ApiError)
Document = IndexChange.Document


def retry_delay(attempts):
    """5 s, 10 s, 20 s ... doubling up to an hour."""
    seconds = FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, LONGEST_RETRY_SECONDS))


def queue_index_changes(object_ids, action, *, document=Document.OPPORTUNITY):
    """Record that these entries must be (re)written or removed, and wake the worker after
    the commit. One row per entry: the latest action wins."""
    if not elasticsearch_enabled():
        return
    now = timezone.now()
    for object_id in object_ids:
        IndexChange.objects.update_or_create(
            document=document,
            object_id=object_id,
            defaults={
                "action": action,
                "queued_at": now,
                "attempts": 0,
                "next_attempt_at": now,
                "last_error": "",
            },
        )
    transaction.on_commit(wake_worker)


def queue_member_alerts(member_ids):
    """The members' alert documents must be rewritten from what they chose now."""
    queue_index_changes(member_ids, IndexChange.Action.INDEX, document=Document.MEMBER_ALERTS)


def wake_worker(run_after=None):
    from search.tasks import apply_index_changes_task  # tasks imports this module

    task = apply_index_changes_task
    if run_after is not None and run_after > timezone.now():
        if not task.get_backend().supports_defer:
            return  # no deferred tasks here: the next change or `search_check --repair` applies it
        task = task.using(run_after=run_after)
    try:
        task.enqueue()
    except Exception:  # the outbox row is safe; a failed enqueue must never break a publish
        logger.exception("Could not queue the index sync task")


def _apply(due):
    # writing and queries queue their changes through this module.
    from opportunities.models import OpportunityPage
    from search.alerts.queries import sync_member_alerts
    from search.index.documents import opportunities_alias
    from search.index.writing import index_opportunities, remove_opportunities

    opportunities = [change for change in due if change.document == Document.OPPORTUNITY]
    live_ids = set(
        OpportunityPage.objects.live()
        .filter(pk__in=[change.object_id for change in opportunities])
        .values_list("pk", flat=True)
    )
    to_index = [
        c.object_id for c in opportunities if c.action == "index" and c.object_id in live_ids
    ]
    to_remove = [c.object_id for c in opportunities if c.object_id not in to_index]
    if to_index:
        index_opportunities(OpportunityPage.objects.filter(pk__in=to_index))
    if to_remove:
        remove_opportunities(to_remove)
    if opportunities:
        # Searchable now, then a new content version: a page answered from the index between
        # the publish and now (kept a minute, decision 0013) is made again on the next request.
        get_client().indices.refresh(index=opportunities_alias(), ignore_unavailable=True)
        content_changed()
    for change in due:
        if change.document == Document.MEMBER_ALERTS:
            sync_member_alerts(change.object_id)


def apply_index_changes(*, now=None):
    """Apply every due change. Returns (applied, still_waiting)."""
    now = now or timezone.now()
    started = timezone.now()
    due = list(IndexChange.objects.filter(next_attempt_at__lte=now).order_by("pk")[:BATCH])
    if not due:
        return 0, IndexChange.objects.count()
    try:
        _apply(due)
    except FAILURES as error:
        for change in due:
            change.attempts += 1
            change.next_attempt_at = now + retry_delay(change.attempts)
            change.last_error = str(error)[:1000]
        IndexChange.objects.bulk_update(due, ["attempts", "next_attempt_at", "last_error"])
        logger.warning("Index sync failed (%s); %d changes wait for a retry", error, len(due))
        return 0, IndexChange.objects.count()
    # A change queued again while we worked has a newer queued_at and stays for the next run.
    IndexChange.objects.filter(
        pk__in=[change.pk for change in due], queued_at__lte=started
    ).delete()
    return len(due), IndexChange.objects.count()


def apply_and_reschedule():
    """What the task does: apply what is due, then queue itself for the next retry if needed."""
    applied, waiting = apply_index_changes()
    if waiting:
        next_due = IndexChange.objects.order_by("next_attempt_at").first()
        if next_due is not None:
            wake_worker(run_after=max(next_due.next_attempt_at, timezone.now()))
    return applied
