"""Monitoring records made directly, for report tests, the demo seed and benchmarks (the
journeys make them through the forms and monitoring.services)."""

import hashlib
import secrets
from datetime import date

import factory
from django.utils import timezone

from monitoring.disclosure import latest_released
from monitoring.models import MonitoringRecord, Stage
from monitoring.questions import QUESTION_SET_VERSION


def released_quarter(today=None):
    """The newest quarter whose figures are out ("2026-Q3"), worked out from the date rather
    than written down, so that records placed in it keep showing in reports as the real date
    moves on."""
    return latest_released(today or timezone.localdate()).label


def key_of(respondent):
    """The record key (0 to 255) all of a respondent's records share, drawn from it."""
    return int(hashlib.sha256(respondent.encode()).hexdigest()[:4], 16) % 256


def first_month_of(quarter):
    """The first day of a quarter such as "2026-Q3" (a date)."""
    year, q = quarter.split("-Q")
    return date(int(year), 3 * int(q) - 2, 1)


class MonitoringRecordFactory(factory.django.DjangoModelFactory):
    """One applicant's answers in the newest released quarter; answers are keyword arguments
    named as the model's fields (ethnic_group="asian", ...). A person of their own with a
    random record key unless `respondent=` is given."""

    class Meta:
        model = MonitoringRecord

    token = factory.LazyFunction(lambda: secrets.token_urlsafe(24))
    question_set_version = QUESTION_SET_VERSION
    opportunity = None
    # By id: an opportunity's parent is a plain Page, not an OrganisationPage.
    organisation_id = factory.LazyAttribute(
        lambda record: record.opportunity.get_parent().pk if record.opportunity else None
    )
    level = factory.LazyAttribute(lambda r: getattr(r.opportunity, "level", "") or "")
    region = factory.LazyAttribute(lambda r: getattr(r.opportunity, "region", "") or "")
    quarter = factory.LazyFunction(released_quarter)
    stage = Stage.APPLIED
    recorded_month = factory.LazyAttribute(lambda record: first_month_of(record.quarter))


def add_records(count, *, opportunity=None, organisation=None, quarter=None, involved=0,
                respondent=None, **answers):  # fmt: skip
    """`count` records with the same answers, in `quarter` (the newest released one unless
    given); the first `involved` of them involved. Each is a person of its own with a random
    record key, unless `respondent` is given: then they are all that one person's records, as
    a member who applied to several roles gives. One query (bulk_create); returns the list."""
    organisation = organisation or (opportunity.get_parent() if opportunity else None)
    quarter = quarter or released_quarter()
    # A member's records share their respondent and record key (monitoring.services).
    person = {"respondent": respondent, "record_key": key_of(respondent)} if respondent else {}
    return MonitoringRecord.objects.bulk_create(
        MonitoringRecordFactory.build(
            opportunity=opportunity,
            organisation_id=organisation.pk if organisation else None,
            quarter=quarter,
            stage=Stage.INVOLVED if number < involved else Stage.APPLIED,
            **person,
            **answers,
        )
        for number in range(count)
    )
