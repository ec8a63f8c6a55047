from django_tasks import task

from search.index import outbox


@task()
def apply_index_changes_task():
    return outbox.apply_and_reschedule()


# The alert modules queue these tasks, so the tasks import them when they run.
@task()
def alert_members_task(page_id):
    from search.alerts.recipients import alert_members_about

    decision = alert_members_about(page_id)
    return decision.pk if decision else None  # a task's result must be JSON


@task()
def send_daily_alerts():
    from search.alerts.emails import send_alert_emails
    from search.models import AlertFrequency

    return send_alert_emails(AlertFrequency.DAILY)


@task()
def send_weekly_alerts():
    from search.alerts.emails import send_alert_emails
    from search.models import AlertFrequency

    return send_alert_emails(AlertFrequency.WEEKLY)


@task()
def send_immediate_alerts_task(page_id):
    from search.alerts.recipients import send_immediate_alerts

    return send_immediate_alerts(page_id)


@task()
def record_alert_batch_task(decision_id):
    from search.alerts.recipients import record_alert_batch

    return record_alert_batch(decision_id)


@task()
def finish_alert_decisions():
    from search.alerts.recipients import finish_alert_decisions

    return finish_alert_decisions()
