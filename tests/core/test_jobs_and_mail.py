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


def test_one_failing_job_does_not_stop_the_others(monkeypatch, capsys):
    from types import SimpleNamespace

    from django.core.management import CommandError

    from core.management.commands import daily_jobs

    def broken():
        raise RuntimeError("the mail server is away")

    jobs = [
        SimpleNamespace(task="a.tasks.broken", described="broken", load=lambda: broken()),
        SimpleNamespace(
            task="b.tasks.fine",
            described="things done",
            load=lambda: SimpleNamespace(call=lambda: 3, name="b.tasks.fine"),
        ),
    ]
    monkeypatch.setattr(daily_jobs, "jobs_due", lambda: jobs)
    with pytest.raises(CommandError, match=r"a\.tasks\.broken"):
        call_command("daily_jobs")
    assert "3 things done" in capsys.readouterr().out


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


def test_only_core_emails_sends_mail():
    """One mail path: every email goes through core.emails (queued after commit)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    senders = []
    for path in root.glob("*/**/*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.split("/")[0] in {".venv", "node_modules", "tests", "bench", "deploy"}:
            continue
        if relative == "core/emails.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "django.core.mail"
            ):
                senders.append(relative)
            if isinstance(node, ast.Attribute) and node.attr in {"send_mail", "send_mass_mail"}:
                senders.append(relative)
    assert senders == []


def test_a_failed_send_never_undoes_the_save(
    client, settings, make_organisation, make_opportunity, after_commit
):
    from opportunities.models import ExpressionOfInterest
    from tests.members.factories import UserFactory

    settings.EMAIL_BACKEND = "tests.core.test_jobs_and_mail.BrokenMailServer"
    opportunity = make_opportunity(make_organisation())
    member = UserFactory()
    client.force_login(member)

    with after_commit():
        response = client.post(
            f"/opportunity/{opportunity.pk}/express-interest/",
            {"no_message": "on", "payment_preference": "full_fee"},
        )

    assert response.status_code == 302  # the member is told it was sent, not shown an error
    assert ExpressionOfInterest.objects.filter(member=member).exists()
    assert mail.outbox == []  # the task failed on its own, where it can be retried


class BrokenMailServer:
    """An email backend whose server refuses every connection."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")
