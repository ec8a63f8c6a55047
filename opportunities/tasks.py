"""Background jobs. A scheduler (cron, or `manage.py daily_jobs`) enqueues them once a day."""

from django_tasks import task

from opportunities import services


@task()
def send_interest_reminders():
    return services.interest_send_reminders()


@task()
def request_outcome_reports():
    return services.opportunities_request_outcomes()


@task()
def send_organisation_invitation(invitation_id):
    """Email one invitation; queued after the request that made it, so the request does the
    same work whoever the address belongs to."""
    return services.invitation_send(invitation_id=invitation_id)


@task()
def delete_old_invitations():
    return services.invitations_delete_old()
