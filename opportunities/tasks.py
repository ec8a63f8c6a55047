"""Background jobs. A scheduler (cron, or `manage.py daily_jobs`) enqueues them once a day."""

from django_tasks import task

from opportunities import services


@task()
def send_interest_reminders():
    return services.interest_send_reminders()


@task()
def request_outcome_reports():
    return services.opportunities_request_outcomes()
