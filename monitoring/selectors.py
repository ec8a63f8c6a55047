"""Reads of monitoring data for the member themselves (never for reports: see reports.py)."""

from django.shortcuts import get_object_or_404

from monitoring.models import SavedMonitoringAnswers
from monitoring.questions import QUESTION_SET_VERSION
from opportunities.models import ExpressionOfInterest


def expression_of_member_or_404(*, member, expression_id):
    """The member's own expression of interest, to answer the questions for; Http404 otherwise."""
    return get_object_or_404(ExpressionOfInterest, pk=expression_id, member=member)


def answers_kept_for_next_time(*, member):
    """The member's answers kept for the current question set, or None."""
    return SavedMonitoringAnswers.objects.filter(
        member=member, question_set_version=QUESTION_SET_VERSION
    ).first()


def member_saved_answers_data(member):
    """The answers the member chose to keep for next time, or None, for their copy of their data.

    Their answers given with expressions of interest are not linked to them, so cannot be listed.
    """
    saved = SavedMonitoringAnswers.objects.filter(member=member).first()
    if saved is None:
        return None
    return {
        "question_set_version": saved.question_set_version,
        "answers": {name: value for name, value in saved.answers.items() if value},
        "saved_at": saved.saved_at.isoformat(),
    }
