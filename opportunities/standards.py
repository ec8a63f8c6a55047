"""The 4Pi checks: what the National Involvement Standards ask of an advert, computed from its fields.

Each check names its standard and says in plain words what it looks for. Posters see the list
while writing; the public page shows how many checks an advert meets; search can filter on it.
"""

from dataclasses import dataclass
from datetime import time
from enum import StrEnum


class Standard(StrEnum):
    PURPOSE = "Purpose"
    PRESENCE = "Presence"
    PROCESS = "Process"
    IMPACT = "Impact"


MINIMUM_PAPERS_DAYS = 5
EARLIEST_FRIENDLY_START = time(10, 0)


def _has_text(value):
    return bool((value or "").strip())


def _payment_clear(page):
    if not page.paid:
        return True
    return page.fee_amount is not None and bool(page.fee_unit) and page.days_to_pay is not None


def _benefits_protected(page):
    if not page.paid:
        return page.expenses_covered
    return page.payment_choice or page.vouchers_available or page.benefits_letter


def _access_arranged(page):
    return any(
        [
            page.plain_language,
            page.step_free,
            page.bsl,
            page.hearing_loop,
            _has_text(page.accessibility),
        ]
    )


@dataclass(frozen=True)
class Check:
    key: str
    standard: Standard
    label: str
    explanation: str
    test: object
    # Shown to the poster as a warning when it fails: the standards treat these as essential.
    essential: bool = False

    def passes(self, page):
        return bool(self.test(page))


CHECKS = [
    Check(
        "purpose_and_limits",
        Standard.PURPOSE,
        "Purpose and limits of change stated",
        "Say why this involvement is happening, what people's views can change and what they cannot.",
        lambda page: (
            _has_text(page.purpose) and _has_text(page.can_change) and _has_text(page.cannot_change)
        ),
    ),
    Check(
        "outcomes_expected",
        Standard.PURPOSE,
        "Expected outcomes recorded at the start",
        "Say what you hope will come of it, so everyone can see later whether it did.",
        lambda page: _has_text(page.expected_outcomes),
    ),
    Check(
        "two_or_more_places",
        Standard.PRESENCE,
        "At least two places for service users or carers",
        "Nobody with lived experience should be the only one in the room.",
        lambda page: (page.places or 0) >= 2,
        essential=True,
    ),
    Check(
        "role_description",
        Standard.PROCESS,
        "Role description present",
        "Every role, paid or unpaid, needs a description of what the person would do.",
        lambda page: _has_text(page.summary) and _has_text(page.responsibilities),
        essential=True,
    ),
    Check(
        "payment_clear",
        Standard.PROCESS,
        "Payment and expenses clear",
        "If the role is paid, say the fee, what it is per (hour, session or day) and how many days "
        "it takes to pay.",
        _payment_clear,
        essential=True,
    ),
    Check(
        "benefits_protected",
        Standard.PROCESS,
        "People on benefits can take part safely",
        "Paid roles offer a choice of expenses only or a lower fee, vouchers, or a letter for "
        "benefits advisers; unpaid roles cover expenses.",
        _benefits_protected,
    ),
    Check(
        "papers_in_advance",
        Standard.PROCESS,
        f"Papers sent at least {MINIMUM_PAPERS_DAYS} days ahead",
        "People need time to read and prepare, especially if they are unwell or use assistive "
        "technology.",
        lambda page: (page.papers_days_ahead or 0) >= MINIMUM_PAPERS_DAYS,
    ),
    Check(
        "not_before_10",
        Standard.PROCESS,
        "Meetings start at 10am or later",
        "Early starts are hard for many people, for example those on medication.",
        lambda page: (
            page.earliest_start is not None and page.earliest_start >= EARLIEST_FRIENDLY_START
        ),
    ),
    Check(
        "support_offered",
        Standard.PROCESS,
        "Support offered",
        "Offer at least one kind of support: admin help, supervision, emotional or peer support, "
        "training or briefings.",
        lambda page: bool(page.support_offered),
    ),
    Check(
        "access_arranged",
        Standard.PROCESS,
        "Access needs thought about",
        "Say what is in place (plain language, step-free venue, BSL, hearing loop) or how you make "
        "reasonable adjustments.",
        _access_arranged,
    ),
    Check(
        "fair_recruitment",
        Standard.PROCESS,
        "Fair, open recruitment explained",
        "Say how people will be chosen, so that the process is transparent.",
        lambda page: _has_text(page.recruitment),
    ),
    Check(
        "feedback_promised",
        Standard.IMPACT,
        "Feedback promised",
        "Say how and when you will tell people what difference their involvement made.",
        lambda page: _has_text(page.feedback),
    ),
]

CHECKS_BY_KEY = {check.key: check for check in CHECKS}


@dataclass(frozen=True)
class CheckResult:
    check: Check
    passed: bool

    @property
    def is_warning(self):
        return self.check.essential and not self.passed


def evaluate(page):
    """Every check with whether this opportunity passes it, in the standards' order."""
    return [CheckResult(check, check.passes(page)) for check in CHECKS]


def checks_met(page):
    return sum(1 for result in evaluate(page) if result.passed)


def check_ratio(page):
    """Share of the 4Pi checks met, 0..1: shown on the page and used by matching."""
    return checks_met(page) / len(CHECKS)


def warnings(page):
    return [result for result in evaluate(page) if result.is_warning]
