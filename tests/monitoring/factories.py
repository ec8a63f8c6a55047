"""Monitoring records made directly, for report tests (the journey tests use the forms)."""

import hashlib
import secrets
from datetime import date, datetime, time

import time_machine
from django.db.models import Sum
from django.utils import timezone

from monitoring.disclosure import latest_released, perturbed, shown
from monitoring.models import MonitoringRecord, Stage
from monitoring.questions import QUESTION_SET_VERSION


def released_quarter(today=None):
    """The newest quarter whose figures are out, worked out from the date rather than written
    down, so that records placed in it keep showing in reports as the real date moves on."""
    return latest_released(today or timezone.localdate()).label


def on(day):
    """Travel to midday on `day` (local time) and stay there: `with on(day): ...`."""
    return time_machine.travel(timezone.make_aware(datetime.combine(day, time(12))), tick=False)


def add_records(count, *, opportunity=None, organisation=None, quarter=None, involved=0,
                respondent=None, **answers):  # fmt: skip
    """`count` records with the same answers, in `quarter` (the newest released one unless
    given); the first `involved` of them involved. Each is a person of its own with a random
    record key, unless `respondent` is given: then they are all that one person's records, as
    a member who applied to several roles gives."""
    organisation = organisation or (opportunity.get_parent() if opportunity else None)
    quarter = quarter or released_quarter()
    year, q = quarter.split("-Q")
    # A member's records share their respondent and record key (monitoring.services).
    person = {"respondent": respondent, "record_key": key_of(respondent)} if respondent else {}
    return MonitoringRecord.objects.bulk_create(
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
            **person,
            **answers,
        )
        for number in range(count)
    )


def key_of(respondent):
    """The record key all of a respondent's records share, drawn from it."""
    return int(hashlib.sha256(respondent.encode()).hexdigest()[:4], 16) % 256


def published(records):
    """What a report should show for a cell holding exactly `records`: the cell-key perturbed
    count from their record keys, or None where it may not be published."""
    keys = records.aggregate(keys=Sum("record_key"))["keys"] or 0
    return perturbed(records.count(), keys)


def shown_for(records):
    """`published` as the text a page or CSV shows ("*" where hidden)."""
    return shown(published(records))


def share_of(part, whole):
    """A share as reports show it, from two published counts."""
    return f"{round(100 * part / whole)}%"
