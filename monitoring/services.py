"""Writes for Presence monitoring. Nothing here logs or returns answers."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.perturbation import respondent_key
from monitoring.disclosure import open_quarters, parse_period, quarter_of, release_due, release_for
from monitoring.models import (
    MonitoringAuditEntry,
    MonitoringRecord,
    PresenceRelease,
    SavedMonitoringAnswers,
    Stage,
)
from monitoring.questions import ANSWER_FIELDS, FREE_TEXT_FIELDS, QUESTION_SET_VERSION
from opportunities.models import ExpressionOfInterest, InterestStatus


def respondent_for(member):
    """(respondent, record key) of a member's Presence records (core.perturbation.respondent_key)."""
    return respondent_key(member_id=member.pk, purpose="presence-respondent")


class AlreadyAnswered(Exception):
    """This expression of interest already has monitoring answers."""


@transaction.atomic
def monitoring_record_answers(*, expression, answers, keep_for_next_time, today=None):
    """Store answers given with consent, apart from the member; link them by a new token.

    `answers` maps answer and free-text fields to values; anything else is ignored. Returns the
    record (callers must not show or log it).
    """
    expression = ExpressionOfInterest.objects.select_for_update().get(pk=expression.pk)
    if expression.monitoring_token:
        raise AlreadyAnswered
    today = today or timezone.localdate()
    opportunity = expression.opportunity
    values = {name: answers.get(name, "") or "" for name in [*ANSWER_FIELDS, *FREE_TEXT_FIELDS]}
    respondent, record_key = respondent_for(expression.member)
    record = MonitoringRecord.objects.create(
        token=secrets.token_urlsafe(32),
        respondent=respondent,
        record_key=record_key,
        question_set_version=QUESTION_SET_VERSION,
        opportunity=opportunity,
        organisation_id=opportunity.get_parent().pk,
        level=opportunity.level or "",
        region=opportunity.region or "",
        quarter=quarter_of(today),
        stage=_stage_for(expression.status),
        recorded_month=today.replace(day=1),
        **values,
    )
    expression.monitoring_token = record.token
    expression.save(update_fields=["monitoring_token"])
    member = expression.member
    if keep_for_next_time:
        SavedMonitoringAnswers.objects.update_or_create(
            member=member,
            defaults={
                "answers": values,
                "question_set_version": QUESTION_SET_VERSION,
                "saved_at": timezone.now(),
            },
        )
    else:
        SavedMonitoringAnswers.objects.filter(member=member).delete()
    return record


def _stage_for(status):
    return Stage.INVOLVED if status == InterestStatus.SELECTED else Stage.APPLIED


def monitoring_follow_status(*, expression, today=None):
    """The record's stage follows the organisation's decision (selected means involved) until
    its quarter's figures are released; after that it stays as released, so that a decision
    can never be seen as a change between two reports."""
    token = (
        ExpressionOfInterest.objects.filter(pk=expression.pk)
        .values_list("monitoring_token", flat=True)
        .first()
    )
    if token:
        MonitoringRecord.objects.filter(
            token=token, quarter__in=open_quarters(today or timezone.localdate())
        ).update(stage=_stage_for(expression.status))


def _erase_for_member(member, reason):
    expressions = ExpressionOfInterest.objects.filter(member=member).exclude(monitoring_token="")
    tokens = list(expressions.values_list("monitoring_token", flat=True))
    # By respondent too: records whose expression went with a deleted opportunity have no token
    # left to find them by.
    respondent, _ = respondent_for(member)
    erased, _ = MonitoringRecord.objects.filter(
        Q(token__in=tokens) | Q(respondent=respondent)
    ).delete()
    expressions.update(monitoring_token="")
    SavedMonitoringAnswers.objects.filter(member=member).delete()
    MonitoringAuditEntry.objects.create(reason=reason, records_erased=erased)
    return erased


@transaction.atomic
def monitoring_withdraw_consent(*, member):
    """Erase every monitoring record the member gave, and their saved answers. Returns a count."""
    return _erase_for_member(member, MonitoringAuditEntry.Reason.CONSENT_WITHDRAWN)


def monitoring_erase_for_deleted_account(*, member):
    return _erase_for_member(member, MonitoringAuditEntry.Reason.ACCOUNT_DELETED)


def monitoring_release_due(*, period="", today=None):
    """Work out the figures of `period` ("2026-Q3"), or of every recent period whose release
    date has come, if nobody has yet. Returns how many were worked out now."""
    if not period:
        return release_due(today=today)
    period = parse_period(period)
    had = PresenceRelease.objects.filter(period=period.label).exists()
    return int(release_for(period, today=today) is not None and not had)


def monitoring_apply_retention(*, today=None):
    """Delete records older than MONITORING_RETENTION_DAYS, and releases of periods that ended
    before then. Returns how many records."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.MONITORING_RETENTION_DAYS)
    erased, _ = MonitoringRecord.objects.filter(recorded_month__lt=cutoff).delete()
    PresenceRelease.objects.filter(period__lt=quarter_of(cutoff)[:4]).delete()
    if erased:
        MonitoringAuditEntry.objects.create(
            reason=MonitoringAuditEntry.Reason.RETENTION, records_erased=erased
        )
    return erased
