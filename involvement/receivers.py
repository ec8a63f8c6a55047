"""Receivers: selection starts an involvement; deleting an account keeps payments, not the person."""

from opportunities.models import InterestStatus


def start_involvement_on_selection(sender, expression, status, user=None, **kwargs):
    """opportunities' interest_status_changed: SELECTED makes the Involvement (once)."""
    from involvement.services import involvement_start

    if status == InterestStatus.SELECTED and expression.member_id is not None:
        involvement_start(expression=expression, user=user)


def keep_payments_without_the_person(sender, instance, **kwargs):
    """Before an account goes: receipts and the person's own words go, payment records stay."""
    from involvement.services import involvement_forget_member

    involvement_forget_member(member=instance)


def ask_for_feedback(sender, involvement, **kwargs):
    """involvement_ended: the member is asked, once, how taking part felt."""
    from involvement.feedback import feedback_request_send

    feedback_request_send(involvement=involvement)


def forget_feedback_of_the_person(sender, instance, **kwargs):
    """Before an account goes: the feedback answers it gave go too (found by the keyed hash)."""
    from involvement.feedback import feedback_forget_member

    feedback_forget_member(member=instance)


def delete_receipt_file(sender, instance, **kwargs):
    """A receipt's file goes with its row, however the row goes (retention, a cascade)."""
    instance.file.delete(save=False)
