"""Reads of monitoring data for the member themselves (never for reports: see reports.py)."""

from monitoring.models import SavedMonitoringAnswers


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
