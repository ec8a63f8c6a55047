"""Monitoring records made directly, for report tests (the journey tests use the forms)."""

import secrets
from datetime import date

from monitoring.models import MonitoringRecord, Stage
from monitoring.questions import QUESTION_SET_VERSION


def add_records(count, *, opportunity=None, organisation=None, quarter="2026-Q4", involved=0,
                **answers):  # fmt: skip
    """`count` records with the same answers; the first `involved` of them involved."""
    organisation = organisation or (opportunity.get_parent() if opportunity else None)
    year, q = quarter.split("-Q")
    MonitoringRecord.objects.bulk_create(
        MonitoringRecord(
            token=secrets.token_urlsafe(24),
            question_set_version=QUESTION_SET_VERSION,
            opportunity=opportunity,
            organisation_id=organisation.pk if organisation else None,
            level=getattr(opportunity, "level", "") or "",
            region=getattr(opportunity, "region", "") or "",
            quarter=quarter,
            stage=Stage.INVOLVED if number < involved else Stage.APPLIED,
            recorded_month=date(int(year), 3 * int(q) - 2, 1),
            **answers,
        )
        for number in range(count)
    )
