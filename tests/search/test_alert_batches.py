"""Alerts recorded a batch at a time: publishing decides in one count and one row, then tasks
record each member's alert, once, from what they want when their batch runs (decision 12)."""

import pytest
from django.core import mail
from django.utils import timezone

from members.models import MemberProfile
from opportunities import services as opportunity_services
from search.alerts import queries, recipients
from search.models import AlertDecision, AlertDelivery, AlertFrequency
from tests.search.alerting import decide, run_batches, told

pytestmark = pytest.mark.django_db

BATCH = 2  # small, so a handful of members takes several batches in every stage


@pytest.fixture
def small_batches(monkeypatch, elasticsearch):
    monkeypatch.setattr(recipients, "ALERT_BATCH", BATCH)


def test_publishing_decides_with_one_row_and_batches_then_tell_each_member_once(
    small_batches, member, draft, django_capture_on_commit_callbacks
):
    by_profile = [member() for _ in range(5)]
    by_search = [member(AlertFrequency.OFF, (), [("format=online", "daily")]) for _ in range(3)]
    by_words = [member(AlertFrequency.OFF, (), [("q=housing", "weekly")]) for _ in range(3)]
    not_for_them = [
        member(topics=("Crisis care",)),
        member(AlertFrequency.OFF, (), [("format=in_person", "daily")]),
        member(AlertFrequency.OFF, (), [("q=gardening", "daily")]),
    ]
    page = draft(format="online")

    decision, queued = decide(page, django_capture_on_commit_callbacks)
    # Deciding wrote one row and queued the first batch; no member's alert is recorded yet.
    # The count holds candidates: the saved search for "gardening" until its words are checked.
    assert decision.documents_found == 5 + 3 + 3 + 1
    assert decision.finished_at is None
    assert len(queued) == 1
    assert told(page) == {}

    batches = run_batches(decision, django_capture_on_commit_callbacks)
    assert batches >= 5 // BATCH + 3 // BATCH + 3 // BATCH
    everyone = by_profile + by_search + by_words
    assert set(told(page)) == {user.pk for user in everyone}
    assert not {user.pk for user in not_for_them} & set(told(page))
    assert decision.alerts_recorded == len(everyone)


def test_each_member_is_emailed_once_however_many_batches_and_sources_find_them(
    small_batches, member, draft, django_capture_on_commit_callbacks
):
    members = [member() for _ in range(5)]
    # Found twice: by the profile (weekly, an early batch) and a saved search (at once, later).
    both = member(AlertFrequency.WEEKLY, saved=[("format=online", "immediately")])
    # Found twice the other way round: at once by the profile, weekly by the saved search.
    soon_first = member(saved=[("format=online", "weekly")])
    page = draft(format="online")

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    decision = AlertDecision.objects.get(opportunity=page)
    assert decision.finished_at is not None
    frequencies = told(page)
    assert frequencies[both.pk] == AlertFrequency.IMMEDIATELY  # the sooner source wins
    assert frequencies[soon_first.pk] == AlertFrequency.IMMEDIATELY
    emailed = sorted(address for message in mail.outbox for address in message.to)
    assert emailed == sorted(user.email for user in [*members, both, soon_first])


def test_a_batch_reads_what_each_member_wants_when_it_runs(
    small_batches, member, draft, django_capture_on_commit_callbacks
):
    staying = [member() for _ in range(3)]
    leaving = member()
    page = draft()
    decision, _ = decide(page, django_capture_on_commit_callbacks)

    MemberProfile.objects.filter(user=leaving).update(alert_frequency=AlertFrequency.OFF)
    queries.sync_member_alerts(leaving.pk)
    run_batches(decision, django_capture_on_commit_callbacks)

    assert set(told(page)) == {user.pk for user in staying}


def test_when_elasticsearch_fails_part_way_the_database_decides_the_rest(
    small_batches, member, draft, settings, django_capture_on_commit_callbacks
):
    members = [member() for _ in range(5)]
    page = draft()
    decision, _ = decide(page, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        recipients.record_alert_batch(decision.pk)
    assert len(told(page)) == BATCH

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    run_batches(decision, django_capture_on_commit_callbacks)

    assert set(told(page)) == {user.pk for user in members}
    assert AlertDelivery.objects.filter(opportunity=page).count() == len(members)


def test_a_role_closed_before_its_batches_run_tells_no_one_else(
    small_batches, member, draft, django_capture_on_commit_callbacks
):
    for _ in range(5):
        member()
    page = draft()
    decision, _ = decide(page, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        recipients.record_alert_batch(decision.pk)

    opportunity_services.opportunity_close(opportunity=page)
    run_batches(decision, django_capture_on_commit_callbacks)

    assert len(told(page)) == BATCH


def test_a_decision_a_stopped_worker_left_unfinished_is_resumed(
    small_batches, member, draft, django_capture_on_commit_callbacks
):
    members = [member() for _ in range(5)]
    page = draft()
    decision, _ = decide(page, django_capture_on_commit_callbacks)  # its batch task is lost
    with django_capture_on_commit_callbacks(execute=False):
        recipients.record_alert_batch(decision.pk)

    assert recipients.finish_alert_decisions() == 0  # not yet: it may still be running
    AlertDecision.objects.filter(pk=decision.pk).update(  # its last batch ended long ago
        updated_at=timezone.now() - recipients.STALLED_AFTER
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert recipients.finish_alert_decisions() == 1

    decision.refresh_from_db()
    assert decision.finished_at is not None
    assert set(told(page)) == {user.pk for user in members}
    assert decision.alerts_recorded == len(members)


def test_publishing_again_while_batches_run_still_tells_each_member_once(
    small_batches, member, draft, django_capture_on_commit_callbacks
):
    members = [member() for _ in range(5)]
    page = draft()
    first, _ = decide(page, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        recipients.record_alert_batch(first.pk)

    second, _ = decide(page, django_capture_on_commit_callbacks)
    run_batches(second, django_capture_on_commit_callbacks)
    run_batches(first, django_capture_on_commit_callbacks)  # a late task of the first

    first.refresh_from_db()
    assert first.finished_at is not None  # the later decision covers it
    assert first.alerts_recorded == BATCH
    assert set(told(page)) == {user.pk for user in members}
    assert AlertDelivery.objects.filter(opportunity=page).count() == len(members)
