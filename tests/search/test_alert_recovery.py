"""Alerts recover from what goes wrong around the batches (decision 12): lost tasks, a missing
index, many saved-search words, a member changing their mind, and SQLite alike."""

import random
import string
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks import TaskResultStatus
from elastic_transport import ConnectionTimeout

from core.models import Topic
from members.models import MemberProfile
from search import tasks
from search.alerts import queries, recipients
from search.client import get_client
from search.index.documents import member_alerts_alias
from search.index.indexes import indexes_behind
from search.models import AlertDecision, AlertDelivery, AlertFrequency, SavedSearch
from search.services import alerts_follow_profile, saved_search_delete
from tests.search.alerting import run_batches, told

pytestmark = pytest.mark.django_db


def test_the_decide_task_is_recorded_as_successful(elasticsearch, member, draft, after_commit):
    """The decide task ends as a success whose result the task table can store (its id), so
    a real failure stands out."""
    member()
    page = draft()
    with after_commit():
        page.save_revision().publish()
    with after_commit():
        result = tasks.alert_members_task.enqueue(page.pk)
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors


def test_a_missing_member_alerts_index_does_not_silently_tell_no_one(
    elasticsearch, member, draft, after_commit
):
    """With the member alerts index gone (lost node data, deleted by hand, an upgrade without
    `search_reindex`), deciding does not trust an empty index: the database decides."""
    members = [member() for _ in range(3)]
    client = get_client()
    for name in indexes_behind(member_alerts_alias()):
        client.indices.delete(index=name)
    page = draft()
    with after_commit():
        page.save_revision().publish()

    assert set(told(page)) == {user.pk for user in members}


def test_a_lost_decide_task_is_resumed_by_the_daily_job(
    elasticsearch, member, draft, after_commit, django_capture_on_commit_callbacks
):
    """A decide task that never ran (a worker killed while running it, a database error) is
    taken up by the daily job: the opportunity is decided and its members told."""
    members = [member() for _ in range(2)]
    page = draft()
    with django_capture_on_commit_callbacks(execute=False):  # the alert task never runs
        page.save_revision().publish()

    with after_commit():
        recipients.finish_alert_decisions(older_than=timedelta(0))

    assert set(told(page)) == {user.pk for user in members}


def test_immediate_alerts_whose_email_task_was_lost_are_sent_by_a_daily_job(
    elasticsearch, member, draft, django_capture_on_commit_callbacks
):
    """Alerts waiting to go at once whose email task was lost are sent by the daily job."""
    now_member = member()
    page = draft()
    with django_capture_on_commit_callbacks(execute=False):
        page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=False):
        decision = recipients.alert_members_about(page.pk)
    run_batches(decision, django_capture_on_commit_callbacks)  # email tasks dropped
    assert told(page) == {now_member.pk: AlertFrequency.IMMEDIATELY}

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_daily_alerts.call()
        tasks.send_weekly_alerts.call()
        recipients.finish_alert_decisions(older_than=timedelta(0))

    assert [m.to for m in mail.outbox] == [[now_member.email]]


def test_a_profile_change_keeps_a_pending_alert_on_the_soonest_source(
    elasticsearch, member, draft, after_commit, django_capture_on_commit_callbacks
):
    """A member who changes their profile to weekly keeps a waiting alert daily while a daily
    saved search still wants it: the soonest source wins, as when it was recorded."""
    user = member(AlertFrequency.DAILY, saved=[("format=online", AlertFrequency.DAILY)])
    page = draft(format="online")
    with after_commit():
        page.save_revision().publish()
    assert told(page) == {user.pk: AlertFrequency.DAILY}

    profile = MemberProfile.objects.get(user=user)
    profile.alert_frequency = AlertFrequency.WEEKLY
    profile.save()
    with after_commit():
        alerts_follow_profile(profile=profile)

    assert told(page) == {user.pk: AlertFrequency.DAILY}


def test_many_distinct_saved_search_words_are_checked_without_the_python_fallback(
    elasticsearch, member, draft, after_commit, monkeypatch
):
    """Members may write many made-up words (20 saved searches each); they are checked against
    the opportunity a bounded number a request, so no request grows until it times out and
    sends everyone's decision to Python."""
    rng = random.Random(19)
    for _ in range(2):
        member(
            AlertFrequency.OFF,
            saved=[
                ("q=" + "+".join("".join(rng.choices(string.ascii_lowercase, k=9)) for _ in range(3)),
                 AlertFrequency.DAILY)
                for _ in range(20)
            ],
        )  # fmt: skip
    honest = member()
    worded = member(AlertFrequency.OFF, saved=[("q=housing", AlertFrequency.DAILY)])
    page = draft()
    requests = []
    real_check = recipients._words_matched_in_index
    monkeypatch.setattr(
        recipients,
        "_words_matched_in_index",
        lambda facts, words: requests.append(len(words)) or real_check(facts, words),
    )
    fell_back = []
    real = recipients.matches_from_database
    monkeypatch.setattr(
        recipients, "matches_from_database", lambda p: fell_back.append(p.pk) or real(p)
    )
    with after_commit():
        page.save_revision().publish()

    assert {honest.pk, worded.pk} <= set(told(page))
    assert len(told(page)) == 2  # no made-up words are in the opportunity
    assert max(requests) <= recipients.WORDS_PER_REQUEST and sum(requests) == 2 * 20 * 3 + 1
    assert fell_back == []


def test_a_failed_words_request_is_decided_in_the_database_for_those_words_only(
    elasticsearch, member, draft, after_commit, monkeypatch
):
    worded = member(AlertFrequency.OFF, saved=[("q=housing", AlertFrequency.DAILY)])
    other = member(AlertFrequency.OFF, saved=[("q=gardening", AlertFrequency.DAILY)])
    page = draft()

    def timed_out(facts, words):
        raise ConnectionTimeout("timed out")

    monkeypatch.setattr(recipients, "_words_matched_in_index", timed_out)
    monkeypatch.setattr(
        recipients, "matches_from_database", lambda p: pytest.fail("everyone decided in Python")
    )
    with after_commit():
        page.save_revision().publish()

    assert worded.pk in told(page)
    assert other.pk not in told(page)


def test_the_daily_job_does_not_start_a_second_chain_for_a_decision_still_running(
    elasticsearch, member, draft, django_capture_on_commit_callbacks, monkeypatch
):
    """A decision still moving (its last batch ended recently) is left to its own chain of
    tasks: the daily job starts no second one."""
    monkeypatch.setattr(recipients, "ALERT_BATCH", 1)
    for _ in range(4):
        member()
    page = draft()
    with django_capture_on_commit_callbacks(execute=False):
        page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=False):
        decision = recipients.alert_members_about(page.pk)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        recipients.record_alert_batch(decision.pk)  # progressing: its next batch is queued
    next_batches = [c for c in queued if c.__qualname__.startswith("queue_alert_batch")]
    AlertDecision.objects.filter(pk=decision.pk).update(
        decided_at=decision.decided_at - recipients.STALLED_AFTER
    )
    with django_capture_on_commit_callbacks(execute=False):
        resumed = recipients.finish_alert_decisions()

    assert len(next_batches) + resumed == 1  # one chain


def test_republishing_moves_an_unsent_alert_to_a_sooner_saved_search_on_every_database(
    member, draft, after_commit, django_capture_on_commit_callbacks, settings
):
    """Republishing moves an unsent weekly alert to an 'at once' saved search added since, on
    every database, emails it at once, and counts nothing new as recorded."""
    settings.ELASTICSEARCH_URL = ""
    user = member(AlertFrequency.WEEKLY)
    page = draft(format="online")
    with after_commit():
        page.save_revision().publish()
    assert told(page) == {user.pk: AlertFrequency.WEEKLY}
    SavedSearch.objects.create(
        member=user,
        name="online",
        query_string="format=online",
        frequency=AlertFrequency.IMMEDIATELY,
    )
    with after_commit():
        page.save_revision().publish()

    decision = AlertDecision.objects.filter(opportunity=page).latest("pk")
    assert told(page) == {user.pk: AlertFrequency.IMMEDIATELY}, connection.vendor
    assert decision.alerts_recorded == 0, "nothing new was recorded"
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_checking_a_members_waiting_alerts_asks_each_saved_search_once(member, draft, after_commit):
    """Before each email, every waiting alert is checked against the member's saved searches:
    one query a saved search however many alerts wait, not one per alert and search."""
    user = member(
        AlertFrequency.WEEKLY,
        saved=[(f"format=online&q={word}", AlertFrequency.DAILY) for word in ("housing", "panel")],
    )

    def queries_to_refresh(opportunities):
        for number in range(opportunities):
            page = draft(f"Housing panel {number}", format="online")
            with after_commit():
                page.save_revision().publish()
        recorded = list(
            AlertDelivery.objects.order_by("pk").values_list("saved_search", "frequency")
        )
        with CaptureQueriesContext(connection) as captured:
            recipients.refresh_pending_alerts([user.pk])
        # Nothing changed since recording: the same source (equally soon, the oldest) stays.
        assert (
            list(AlertDelivery.objects.order_by("pk").values_list("saved_search", "frequency"))
            == recorded
        )
        return len(captured)

    few = queries_to_refresh(1)
    AlertDelivery.objects.all().delete()
    many = queries_to_refresh(6)
    assert AlertDelivery.objects.filter(member=user, sent_at__isnull=True).count() == 6
    assert many == few


def test_a_missing_alerts_index_is_not_recreated_partial_by_one_members_change(
    elasticsearch, member, draft, after_commit
):
    """Fix 2 checks only that the alias exists. Any member's alert change (the outbox's
    sync_member_alerts) calls ensure_member_alerts_index, which makes an EMPTY index behind the
    alias and writes just that member: from then on deciding trusts the index, and everyone
    else is silently told nothing (until search_check or search_reindex repairs it)."""
    others = [member() for _ in range(3)]
    client = get_client()
    for name in indexes_behind(member_alerts_alias()):
        client.indices.delete(index=name)
    changed = member()  # one member saves their profile while the index is gone
    page = draft()
    with after_commit():
        page.save_revision().publish()

    assert set(told(page)) == {user.pk for user in [*others, changed]}


@pytest.mark.parametrize("engine", ["elasticsearch", "embedded"])
def test_the_soonest_of_several_saved_searches_wins_and_follows_deletion(
    engine, request, member, draft, after_commit, settings
):
    if engine == "elasticsearch":
        request.getfixturevalue("elasticsearch")
    else:
        settings.ELASTICSEARCH_URL = ""
    user = member(
        AlertFrequency.WEEKLY,
        saved=[
            ("format=online", AlertFrequency.DAILY),
            ("topic=", AlertFrequency.WEEKLY),
            ("q=housing", AlertFrequency.IMMEDIATELY),
        ],
    )
    page = draft(format="online")
    with after_commit():
        page.save_revision().publish()
    assert told(page) == {user.pk: AlertFrequency.IMMEDIATELY}
    mail.outbox.clear()
    # Stop it going at once: mark it unsent again as if the email task had not run yet.
    AlertDelivery.objects.filter(opportunity=page).update(sent_at=None)

    immediate = SavedSearch.objects.get(member=user, frequency=AlertFrequency.IMMEDIATELY)
    with after_commit():
        saved_search_delete(saved_search=immediate)
    assert told(page) == {user.pk: AlertFrequency.DAILY}

    profile = MemberProfile.objects.get(user=user)
    profile.alert_frequency = AlertFrequency.OFF
    profile.save()
    with after_commit():
        alerts_follow_profile(profile=profile)
    assert told(page) == {user.pk: AlertFrequency.DAILY}


@pytest.mark.parametrize("engine", ["elasticsearch", "embedded"])
def test_a_sent_alert_is_never_changed_or_sent_again_on_republish(
    engine, request, member, draft, after_commit, settings
):
    if engine == "elasticsearch":
        request.getfixturevalue("elasticsearch")
    else:
        settings.ELASTICSEARCH_URL = ""
    user = member(AlertFrequency.WEEKLY)
    page = draft(format="online")
    with after_commit():
        page.save_revision().publish()
    with after_commit():
        recipients.send_alert_emails(AlertFrequency.WEEKLY)
    sent = AlertDelivery.objects.get(opportunity=page)
    assert sent.sent_at is not None and len(mail.outbox) == 1
    SavedSearch.objects.create(
        member=user, name="o", query_string="format=online", frequency=AlertFrequency.IMMEDIATELY
    )
    queries.sync_member_alerts(user.pk)
    with after_commit():
        page.save_revision().publish()
    with after_commit():
        recipients.finish_alert_decisions(older_than=timedelta(0))

    again = AlertDelivery.objects.get(opportunity=page)
    assert (again.frequency, again.saved_search_id, again.sent_at) == (
        AlertFrequency.WEEKLY,
        None,
        sent.sent_at,
    )
    assert len(mail.outbox) == 1


def test_refresh_does_not_count_a_saved_search_that_is_no_longer_valid(
    member, draft, after_commit, settings, taxonomy
):
    """A saved search whose topic was deleted is invalid: it is not indexed and
    matches_from_database skips it (`filterset.is_valid()`). refresh_pending_alerts asks
    `saved_search_filterset(...).qs.exists()` without is_valid(): django-filter drops the
    invalid field and filters by the rest, so the search WIDENS to every online role and moves
    the member's weekly alert to 'immediately'."""
    settings.ELASTICSEARCH_URL = ""
    gone = Topic.objects.create(name="Gone soon")
    user = member(
        AlertFrequency.WEEKLY,
        saved=[(f"format=online&topic={gone.pk}", AlertFrequency.IMMEDIATELY)],
    )
    gone.delete()
    page = draft(format="online")
    with after_commit():
        page.save_revision().publish()
    assert told(page) == {user.pk: AlertFrequency.WEEKLY}

    with after_commit():
        alerts_follow_profile(profile=MemberProfile.objects.get(user=user))

    assert told(page) == {user.pk: AlertFrequency.WEEKLY}


def test_refresh_keeps_the_source_recording_chose_between_equally_soon_saved_searches(
    member, draft, after_commit, settings
):
    """Ties: PostgreSQL's SQL picks the profile, then the lowest saved-search id; the Python
    paths (frequencies_for over SavedSearch's default '-created_at' order) pick the newest.
    So the same member's alert is credited to different saved searches on SQLite and
    PostgreSQL, and every refresh on PostgreSQL rewrites the row to the other one."""
    settings.ELASTICSEARCH_URL = ""
    user = member(
        AlertFrequency.OFF,
        saved=[("format=online", AlertFrequency.DAILY), ("q=housing", AlertFrequency.DAILY)],
    )
    oldest = SavedSearch.objects.filter(member=user).order_by("pk").first()
    page = draft(format="online")
    with after_commit():
        page.save_revision().publish()
    recorded = AlertDelivery.objects.get(opportunity=page).saved_search_id
    with after_commit():
        alerts_follow_profile(profile=MemberProfile.objects.get(user=user))

    assert (recorded, AlertDelivery.objects.get(opportunity=page).saved_search_id) == (
        oldest.pk,
        oldest.pk,
    ), connection.vendor


# Cost of refresh_pending_alerts ---------------------------------------------------------------


def test_cost_of_refreshing_a_member_with_20_saved_searches_and_10_pending_alerts(
    member, draft, after_commit, settings, taxonomy
):
    settings.ELASTICSEARCH_URL = ""
    user = member(
        AlertFrequency.WEEKLY,
        saved=[
            (
                f"q=word{n}&format=online&topic={taxonomy['topics']['Housing'].pk}",
                AlertFrequency.WEEKLY,
            )
            for n in range(19)
        ]
        + [("format=online", AlertFrequency.WEEKLY)],
    )
    pages = [draft(title=f"Housing panel {n}", format="online") for n in range(10)]
    for page in pages:
        with after_commit():
            page.save_revision().publish()
    assert AlertDelivery.objects.filter(member=user, sent_at__isnull=True).count() == 10

    import time

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as refreshing:
        recipients.refresh_pending_alerts([user.pk])
    took = time.perf_counter() - started
    with CaptureQueriesContext(connection) as sending:
        recipients.send_alert_emails(AlertFrequency.WEEKLY, member_ids=[user.pk])
    print(
        f"\nrefresh: {len(refreshing)} queries in {took * 1000:.0f} ms; weekly email: {len(sending)} queries"
    )
    # One email for one member: a few dozen queries would be reasonable.
    assert len(refreshing) <= 50, len(refreshing)


def test_the_daily_job_queues_nothing_for_decided_pages_and_decides_a_republish_once(
    member, draft, after_commit, django_capture_on_commit_callbacks, settings
):
    settings.ELASTICSEARCH_URL = ""
    member()
    pages = [draft(title=f"Housing panel {n}") for n in range(8)]
    for page in pages:
        with after_commit():
            page.save_revision().publish()
    assert recipients.finish_alert_decisions(older_than=timedelta(0)) == 0

    # Unpublished, then republished with its task lost: decided again by the next run only.
    page = pages[0]
    page.unpublish()
    with django_capture_on_commit_callbacks(execute=False):
        page.save_revision().publish()
    with after_commit():
        assert recipients.finish_alert_decisions(older_than=timedelta(0)) == 1
    assert recipients.finish_alert_decisions(older_than=timedelta(0)) == 0
    assert AlertDecision.objects.filter(opportunity=page).count() == 2


@pytest.mark.parametrize("count", [50, 51])
def test_words_are_checked_fifty_a_request_whatever_they_look_like(
    count, elasticsearch, draft, after_commit, monkeypatch
):
    from opportunities.models import OpportunityPage
    from search.selectors import opportunity_facts

    page = draft(title="Housing café co-production panel")
    with after_commit():
        page.save_revision().publish()
    facts = opportunity_facts(OpportunityPage.objects.filter(pk=page.pk))[0]
    long_word = "x" * 200  # the search box allows 200 characters
    fillers = [f"zq{chr(97 + n // 26)}{chr(97 + n % 26)}vv" for n in range(count - 4)]
    words = {"housing", "caf", "production", long_word, *fillers}
    assert len(words) == count
    sizes = []
    real = recipients._words_matched_in_index
    monkeypatch.setattr(
        recipients, "_words_matched_in_index", lambda f, w: sizes.append(len(w)) or real(f, w)
    )
    fell_back = []
    real_db = recipients.words_found_in_database
    monkeypatch.setattr(
        recipients,
        "words_found_in_database",
        lambda f, w: fell_back.append(len(w)) or real_db(f, w),
    )

    found = recipients.words_found(facts, words)

    assert found == {"housing", "caf", "production"}
    assert sizes == ([50] if count == 50 else [50, 1])
    assert fell_back == []


def test_members_deactivated_or_deleted_between_batches_are_not_told(
    elasticsearch, member, draft, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(recipients, "ALERT_BATCH", 1)
    users = [member(saved=[("q=housing", AlertFrequency.DAILY)]) for _ in range(4)]
    page = draft()
    with django_capture_on_commit_callbacks(execute=False):
        page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=False):
        decision = recipients.alert_members_about(page.pk)
    with django_capture_on_commit_callbacks(execute=False):
        recipients.record_alert_batch(decision.pk)
    users[2].is_active = False
    users[2].save()
    users[3].delete()
    for _ in range(20):
        with django_capture_on_commit_callbacks(execute=False):
            recipients.record_alert_batch(decision.pk)
    decision.refresh_from_db()

    assert decision.finished_at is not None
    assert set(told(page)) == {users[0].pk, users[1].pk}
