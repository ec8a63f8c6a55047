from django_tasks import task

from involvement import services


@task()
def remind_overdue_payments():
    """Daily: remind organisations' admins about overdue payments. Returns organisations reminded."""
    return services.payment_reminders_send()


@task()
def apply_involvement_retention():
    """Daily: delete receipts and involvement records past their retention. Returns the count."""
    return services.involvement_apply_retention()


@task()
def release_and_expire_feedback():
    """Daily: work out the feedback release of every quarter now due, and delete answers past
    their retention. Returns the number of answers deleted."""
    from involvement import feedback

    for quarter in feedback.released_quarters():
        feedback.release_for(quarter)
    return feedback.feedback_apply_retention()
