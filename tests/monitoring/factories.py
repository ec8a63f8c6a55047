"""Monitoring records for report tests (monitoring.factories), and what a report should show."""

from datetime import datetime, time

import time_machine
from django.db.models import Sum
from django.utils import timezone

from monitoring.disclosure import perturbed, shown
from monitoring.factories import MonitoringRecordFactory, add_records, key_of, released_quarter

__all__ = [
    "MonitoringRecordFactory",
    "add_records",
    "key_of",
    "on",
    "published",
    "released_quarter",
    "share_of",
    "shown_for",
]


def on(day):
    """Travel to midday on `day` (local time) and stay there: `with on(day): ...`."""
    return time_machine.travel(timezone.make_aware(datetime.combine(day, time(12))), tick=False)


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
