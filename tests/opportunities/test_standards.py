"""Each 4Pi check passes and fails on the right fields."""

from datetime import time
from decimal import Decimal

import pytest

from opportunities import standards
from opportunities.models import OpportunityPage

# Wagtail pages look up their content type when built, even unsaved.
pytestmark = pytest.mark.django_db


def complete_opportunity(**overrides):
    """An advert that meets every check; tests take one thing away at a time."""
    fields = {
        "title": "Co-design our crisis line",
        "summary": "Help redesign how our crisis line answers calls.",
        "purpose": "Callers told us the line feels rushed.",
        "can_change": "The call script and the follow-up process.",
        "cannot_change": "The opening hours, which are set by commissioners.",
        "expected_outcomes": "A new script tested with callers.",
        "responsibilities": "Attend four workshops and review two drafts.",
        "places": 4,
        "paid": True,
        "fee_amount": Decimal("25"),
        "fee_unit": "hour",
        "days_to_pay": 14,
        "payment_choice": True,
        "expenses_covered": True,
        "papers_days_ahead": 7,
        "earliest_start": time(10, 30),
        "support_peer": True,
        "step_free": True,
        "recruitment": "We read every expression of interest and choose for a mix of experience.",
        "feedback": "We will write to everyone within a month of the last workshop.",
    }
    fields.update(overrides)
    return OpportunityPage(**fields)


def result_for(page, key):
    [result] = [result for result in standards.evaluate(page) if result.check.key == key]
    return result


def test_a_complete_advert_meets_every_check():
    page = complete_opportunity()

    assert standards.checks_met(page) == len(standards.CHECKS)
    assert standards.check_ratio(page) == 1
    assert standards.warnings(page) == []


def test_every_check_names_one_of_the_4pi_standards():
    assert {check.standard for check in standards.CHECKS} >= {
        standards.Standard.PURPOSE,
        standards.Standard.PRESENCE,
        standards.Standard.PROCESS,
        standards.Standard.IMPACT,
    }
    assert all(check.explanation for check in standards.CHECKS)


@pytest.mark.parametrize(
    ("key", "overrides"),
    [
        ("purpose_and_limits", {"purpose": ""}),
        ("purpose_and_limits", {"can_change": "  "}),
        ("purpose_and_limits", {"cannot_change": ""}),
        ("outcomes_expected", {"expected_outcomes": ""}),
        ("two_or_more_places", {"places": 1}),
        ("two_or_more_places", {"places": None}),
        ("role_description", {"responsibilities": ""}),
        ("payment_clear", {"fee_amount": None}),
        ("payment_clear", {"fee_unit": ""}),
        ("payment_clear", {"days_to_pay": None}),
        ("benefits_protected", {"payment_choice": False}),
        ("benefits_protected", {"paid": False, "expenses_covered": False}),
        ("papers_in_advance", {"papers_days_ahead": 4}),
        ("papers_in_advance", {"papers_days_ahead": None}),
        ("not_before_10", {"earliest_start": time(9, 30)}),
        ("not_before_10", {"earliest_start": None}),
        ("support_offered", {"support_peer": False}),
        ("access_arranged", {"step_free": False}),
        ("fair_recruitment", {"recruitment": ""}),
        ("feedback_promised", {"feedback": ""}),
    ],
)
def test_each_check_fails_when_its_field_is_missing(key, overrides):
    page = complete_opportunity(**overrides)

    assert not result_for(page, key).passed
    assert standards.checks_met(page) == len(standards.CHECKS) - 1


@pytest.mark.parametrize(
    ("key", "overrides"),
    [
        ("two_or_more_places", {"places": 2}),
        ("payment_clear", {"paid": False, "fee_amount": None, "fee_unit": "", "days_to_pay": None}),
        ("benefits_protected", {"payment_choice": False, "benefits_letter": True}),
        ("benefits_protected", {"payment_choice": False, "vouchers_available": True}),
        ("benefits_protected", {"paid": False, "expenses_covered": True}),
        ("papers_in_advance", {"papers_days_ahead": 5}),
        ("not_before_10", {"earliest_start": time(10, 0)}),
        ("access_arranged", {"step_free": False, "accessibility": "We pay for a support worker."}),
    ],
)
def test_each_check_passes_at_its_edge(key, overrides):
    assert result_for(complete_opportunity(**overrides), key).passed


@pytest.mark.parametrize(
    ("overrides", "warning_key"),
    [
        ({"places": 1}, "two_or_more_places"),
        ({"responsibilities": ""}, "role_description"),
        ({"fee_amount": None}, "payment_clear"),
    ],
)
def test_the_essential_failures_are_shown_as_warnings(overrides, warning_key):
    warnings = standards.warnings(complete_opportunity(**overrides))

    assert [warning.check.key for warning in warnings] == [warning_key]


def test_other_failures_are_not_warnings():
    assert standards.warnings(complete_opportunity(feedback="", papers_days_ahead=None)) == []
