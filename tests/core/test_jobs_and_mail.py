"""The daily jobs each app declares, and mail sent after the transaction commits."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from core.emails import queue_templated_email
from core.jobs import declared_daily_jobs, jobs_due

pytestmark = pytest.mark.django_db


def test_every_declared_job_is_a_task_that_loads():
    jobs = declared_daily_jobs()
    assert {job.task.split(".")[0] for job in jobs} >= {"opportunities", "groups", "search"}
    for job in jobs:
        assert callable(job.load().call)


def test_weekly_jobs_run_on_mondays_only():
    monday, tuesday = date(2026, 11, 30), date(2026, 12, 1)
    weekly = "search.tasks.send_weekly_alerts"
    assert weekly in [job.task for job in jobs_due(monday)]
    assert weekly not in [job.task for job in jobs_due(tuesday)]


def test_the_command_lists_what_it_runs(capsys):
    call_command("daily_jobs", "--list")
    out = capsys.readouterr().out
    assert "search.tasks.send_weekly_alerts (Mondays)" in out
    assert "groups.tasks.ask_listings_to_confirm (every day)" in out


def _queue_welcome():
    queue_templated_email(
        template="moderation_approved",
        context={"kind": "listing", "page": {"title": "Leeds Hearing Voices"}},
        to=["a@example.org", "a@example.org", ""],
    )


def test_mail_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _queue_welcome()
        assert mail.outbox == []
    assert [message.to for message in mail.outbox] == [["a@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue_welcome()
        raise RuntimeError("the save failed")
    assert mail.outbox == []
