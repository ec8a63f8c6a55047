"""An attacker plays the organisation's and the staff's Presence reports (decision 0005).

Hypothesis builds random populations and random sequences of what each role can do: the
organisation selects and deselects people, one more person expresses interest and answers,
someone who answered (the target too) expresses interest in one more role and answers again as
before, someone (the target too) deletes their account, time passes (past release dates too),
the period (quarter or year), scope (organisation or one opportunity; network, one region, one
level or one organisation) or characteristic changes, reports are exported again, and staff ask
for cross-tabulations. Everything goes through the
real services and the real pages (CSV exports; the staff page for cross-tabulations), so the
test runs unchanged against decision 4's code. At the end each role comes back once the target's
year is released and exports every scope it may for the target's quarter and year.

Each role is a differencing attacker (attacker_helpers.py): it knows who answered where and
when, who was selected when and who left when, never anyone's answers, compares every pair of
tables it read and names the target's category for each characteristic in play. A table counts
people: someone who applied to several roles is one person in it, and someone who deleted their
account is in the figures worked out before they left and in none worked out after. The organisation wants the
target's answers, so it selects and deselects the target more often than anyone else, and the
target answers in the first half of the run.

The bound, over the whole run (one guess per example, role and characteristic in play that the
role saw published): the attacker is right no more often than the baseline, the most common
category of the published totals that role read, allowing only sampling error. The two guesses
differ only where some pair of tables ruled categories out. Were those exclusions worth no more
than chance, each such guess would be a win or a loss against the baseline with even odds, so
wins minus losses stays within three standard deviations: 3 * sqrt(wins + losses) (McNemar's
test, one-sided, about 0.1% false alarms). At least two guesses per example are required, so
that the margin means something. The run is deterministic (derandomized hypothesis, record keys
from a seeded generator).

Two checks keep the harness honest: every published cell must allow the true count of the group
the attacker believes it counts (else the attacker's model, not the rules, would be wrong), and
no pair of tables may rule out every category (the truth always fits when the model is right).
"""

import csv
import io
import itertools
import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.data_rights import member_delete_account
from members.models import User
from monitoring import questions
from monitoring.models import MonitoringRecord, PresenceRelease
from monitoring.questions import CHARACTERISTICS, PREFER_NOT, PREFER_NOT_LABEL
from monitoring.services import monitoring_record_answers
from opportunities.models import ExpressionOfInterest
from opportunities.services import interest_set_status
from tests.members.factories import StaffFactory, UserFactory
from tests.monitoring.attacker_helpers import (
    CELL_KEY,
    ROUNDED,
    RULES_MARK,
    Attacker,
    fits,
    true_counts,
)

EXAMPLES = 30
OPPORTUNITIES = {
    "A1": {"organisation": "A", "region": "london", "level": "operational"},
    "A2": {"organisation": "A", "region": "north_west", "level": "strategic"},
    "B1": {"organisation": "B", "region": "london", "level": "strategic"},
}
# More roles of the organisation, for people who apply to several: nobody starts in them.
MORE_ROLES = {f"A{number}": OPPORTUNITIES["A1" if number % 2 else "A2"] for number in range(3, 9)}
ROLES = {**OPPORTUNITIES, **MORE_ROLES}
ORGANISATION_SCOPES = ["organisation:A", "opportunity:A1", "opportunity:A2"]
STAFF_SCOPES = [
    "network",
    "region:london",
    "region:north_west",
    "level:operational",
    "level:strategic",
    "organisation:A",
    "organisation:B",
]
BACKGROUND_QUARTERS = {"2025-Q4": date(2025, 11, 10), "2026-Q1": date(2026, 1, 3)}
# Answer columns and their options; each weighs 0.65 of the one before it in a shuffled list.
OPTIONS = {
    column: [value for value, _ in choices] + [PREFER_NOT]
    for column, choices in {
        "ethnic_group": [*questions.ETHNIC_GROUPS, ("", "No answer")],
        "sex": questions.SEXES,
        "gender_same_as_birth": questions.YES_NO,
        "sexual_orientation": questions.SEXUAL_ORIENTATIONS,
        "disability_condition": questions.YES_NO,
        "disability_impact": questions.DISABILITY_IMPACTS,
        "religion": questions.RELIGIONS,
        "age_band": questions.AGE_BANDS,
        "carer": questions.CARER,
        "involvement_role": questions.INVOLVEMENT_ROLES,
    }.items()
}


def categories_of(name):
    return [value for value, _ in CHARACTERISTICS[name].categories] + [PREFER_NOT]


def category(name, answers):
    return CHARACTERISTICS[name].category_of(answers) or PREFER_NOT


def release_date(label):
    """Decision 5: a period's figures come out 28 days after it ends."""
    year, _, quarter = label.partition("-Q")
    if quarter in ("", "4"):
        return date(int(year) + 1, 1, 29)
    return date(int(year), 3 * int(quarter) + 1, 29)


def quarters_of(label):
    return [f"{label}-Q{q}" for q in range(1, 5)] if "-Q" not in label else [label]


def quarter_of(day):
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


RELEASES = sorted({release_date(f"{year}-Q{q}") for year in (2025, 2026) for q in range(1, 5)})


# What the attacker knows about people: everything but their answers.


@dataclass
class Person:
    """One expression of interest and its answers; `number` is the person who made it, who may
    have made others (one person in every table, whatever their number of applications)."""

    number: int
    opportunity: str
    quarter: str
    answered: tuple  # (day, step)
    expression_id: int
    decisions: list = field(default_factory=list)  # [(day, step, selected)]

    def in_scope(self, scope):
        kind, _, value = scope.partition(":")
        if kind == "opportunity":
            return self.opportunity == value
        return kind == "network" or ROLES[self.opportunity][kind] == value

    def selected(self, at, frozen):
        """Selected when a report was read at `at`. Under decision 5 a decision counts only if it
        was made before the person's quarter was released."""
        cutoff = release_date(self.quarter)
        made = [
            chosen
            for day, step, chosen in self.decisions
            if (day, step) < at and (not frozen or day < cutoff)
        ]
        return bool(made) and made[-1]


def members(people, scope, period, column, at, frozen, left=None):
    """The people a table read at `at` counts: everyone with an application in its scope and
    period (for the involved column, a selected one), each once."""
    left = left or {}
    return {
        person.number
        for person in people
        if person.answered < at
        and person.quarter in quarters_of(period)
        and person.in_scope(scope)
        and still_counted(left.get(person.number), period, at, frozen)
        and (column == "applicants" or person.selected(at, frozen))
    }


def still_counted(gone, period, at, frozen):
    """Whether someone who may have deleted their account, `gone` = (when, periods released by
    then) or None, is in a table of `period` read at `at`: under decision 5 only if the period
    was worked out before they left, under decision 4 only if read before they left."""
    if gone is None:
        return True
    when, released = gone
    return period in released if frozen else at < when


# The world: pages made once per test, people and actions once per example (rolled back).


@dataclass
class World:
    organisations: dict
    opportunities: dict
    organisation_client: Client
    staff_client: Client
    organiser: object


@dataclass
class Scenario:
    seed: int
    background: dict
    start: date
    characteristics: list
    actions: list
    target_at: int
    target_roles: int  # how many roles the target applies to when it arrives
    leaver: object  # None, "target" or a number: who leaves once the target's quarter is out


TARGETED = st.tuples(st.sampled_from(["select", "select", "deselect"]), st.just("target"))
ACTIONS = st.one_of(
    # The organisation knows who the target is and wants its answers: it selects the target
    # (and only the target, or everyone but the target) more often than anyone else.
    TARGETED,
    TARGETED,
    st.tuples(st.just("isolate"), st.sampled_from(["only", "all_but"])),
    st.tuples(st.sampled_from(["select", "deselect"]), st.integers(0, 99)),
    st.tuples(st.just("arrive"), st.sampled_from(sorted(OPPORTUNITIES))),
    # The target, or someone else who answered, applies to one more role and answers again;
    # someone, the target too, deletes their account.
    st.tuples(
        st.just("again"),
        st.tuples(st.sampled_from(["target", "target", 0, 1, 2]), st.sampled_from([1, 3, 9])),
    ),
    st.tuples(st.just("leave"), st.one_of(st.just("target"), st.integers(0, 99))),
    st.tuples(st.just("wait"), st.integers(1, 45)),
    # To the next release date, the day before it or a few days after.
    st.tuples(st.just("release"), st.sampled_from([-1, 0, 3])),
    # This quarter, the one before, this year or the one before.
    st.tuples(st.just("period"), st.integers(0, 3)),
    st.tuples(st.just("scope"), st.integers(0, 99)),
    st.tuples(st.just("characteristic"), st.integers(0, 9)),
    # Every scope the role may choose, for the period in view.
    st.tuples(st.just("export"), st.just(0)),
    st.tuples(st.just("cross"), st.just(0)),
)


@st.composite
def scenarios(draw):
    actions = draw(st.lists(ACTIONS, min_size=5, max_size=12))
    return Scenario(
        seed=draw(st.integers(0, 2**32 - 1)),
        background={
            (opportunity, quarter): draw(st.integers(3, 20))
            for opportunity in sorted(OPPORTUNITIES)
            for quarter in BACKGROUND_QUARTERS
        },
        start=date(2026, 1, 5) + timedelta(days=draw(st.integers(0, 80))),
        characteristics=draw(
            st.lists(st.sampled_from(sorted(CHARACTERISTICS)), min_size=2, max_size=2, unique=True)
        ),
        actions=actions,
        target_at=draw(st.integers(0, len(actions) // 2)),
        target_roles=draw(st.sampled_from([1, 3, 9])),
        leaver=draw(st.one_of(st.none(), st.just("target"), st.integers(0, 99))),
    )


class Play:
    """One example: the people, the clock, both attackers and what they read."""

    def __init__(self, world, scenario):
        self.world, self.scenario = world, scenario
        self.random = random.Random(scenario.seed)
        self.weights = {}
        for column, options in OPTIONS.items():
            shuffled = self.random.sample(options, len(options))
            self.weights[column] = (shuffled, [0.65**i for i in range(len(shuffled))])
        self.people, self.answers = [], {}  # applications; answers by person
        self.users, self.arrived, self.left = {}, [], {}  # by person; who came through the site
        self.day, self.step = scenario.start, 0
        self.target = None
        self.period = 0  # an index into periods_in_view()
        self.scopes = {"organisation": ORGANISATION_SCOPES[0], "staff": STAFF_SCOPES[0]}
        self.characteristic = 0
        self.attackers = {role: Attacker() for role in ("organisation", "staff")}
        self.rules = None
        self.reports = 0

    # People

    def draw_answers(self):
        answers = {}
        for column, (options, weights) in self.weights.items():
            answers[column] = self.random.choices(options, weights)[0]
        if answers["disability_condition"] != "yes":
            answers["disability_impact"] = ""
        return answers

    def background(self):
        """People who answered before the example starts, made in bulk as the services would."""
        users, rows = [], []
        for (opportunity, quarter), count in sorted(self.scenario.background.items()):
            for _ in range(count):
                users.append(User(email=f"b{len(users)}.{self.scenario.seed}@example.org"))
                rows.append((opportunity, quarter, self.draw_answers()))
        users = User.objects.bulk_create(users)
        expressions = ExpressionOfInterest.objects.bulk_create(
            ExpressionOfInterest(
                member=user,
                opportunity=self.world.opportunities[opportunity],
                created_at=_moment(BACKGROUND_QUARTERS[quarter]),
                monitoring_token=f"t{user.pk}",
            )
            for user, (opportunity, quarter, _) in zip(users, rows, strict=True)
        )
        records = []
        for expression, (opportunity, quarter, answers) in zip(expressions, rows, strict=True):
            place = OPPORTUNITIES[opportunity]
            records.append(
                MonitoringRecord(
                    token=expression.monitoring_token,
                    question_set_version="2026.1",
                    opportunity=self.world.opportunities[opportunity],
                    organisation_id=self.world.organisations[place["organisation"]].pk,
                    level=place["level"],
                    region=place["region"],
                    quarter=quarter,
                    recorded_month=BACKGROUND_QUARTERS[quarter].replace(day=1),
                    **answers,
                )
            )
            answered = (BACKGROUND_QUARTERS[quarter], -1)
            person = self.add_person(opportunity, quarter, answered, expression.pk, answers)
            self.users[person.number] = expression.member
        MonitoringRecord.objects.bulk_create(records)

    def add_person(self, opportunity, quarter, answered, expression_id, answers, number=None):
        """An application: of a new person, or of person `number` again."""
        number = len(self.answers) if number is None else number
        person = Person(number, opportunity, quarter, answered, expression_id)
        self.people.append(person)
        self.answers[number] = answers
        return person

    def arrive(self, opportunity):
        """One more person expresses interest and answers, through the services."""
        user = User.objects.create(email=f"n{len(self.people)}.{self.scenario.seed}@example.org")
        expression = ExpressionOfInterest.objects.create(
            member=user, opportunity=self.world.opportunities[opportunity]
        )
        answers = self.draw_answers()
        monitoring_record_answers(
            expression=expression, answers=answers, keep_for_next_time=False, today=self.day
        )
        answered = self.now()
        person = self.add_person(opportunity, quarter_of(self.day), answered, expression.pk,
                                 answers)  # fmt: skip
        self.users[person.number] = user
        self.arrived.append(person.number)
        return person

    def apply_again(self, number, roles):
        """Someone who answered through the site expresses interest in up to `roles` more roles
        and answers each time, the same as before (their saved answers fill the form in)."""
        taken = {person.opportunity for person in self.people if person.number == number}
        free = [key for key in sorted(ROLES) if key not in taken]
        if number in self.left:
            return
        for opportunity in self.random.sample(free, min(roles, len(free))):
            expression = ExpressionOfInterest.objects.create(
                member=self.users[number], opportunity=self.world.opportunities[opportunity]
            )
            monitoring_record_answers(expression=expression, answers=self.answers[number],
                                      keep_for_next_time=True, today=self.day)  # fmt: skip
            self.add_person(opportunity, quarter_of(self.day), self.now(), expression.pk,
                            self.answers[number], number=number)  # fmt: skip

    def leave(self, number):
        """Someone deletes their account: their answers are erased; figures worked out before
        stay as they were."""
        if number in self.left:
            return
        member_delete_account(member=self.users[number])
        released = frozenset(PresenceRelease.objects.values_list("period", flat=True))
        self.left[number] = (self.now(), released)

    def decide(self, person, selected):
        """The organisation selects or deselects someone in its roles."""
        if ROLES[person.opportunity]["organisation"] != "A" or person.number in self.left:
            return
        current = bool(person.decisions) and person.decisions[-1][2]
        if current == selected:
            return
        interest_set_status(
            expression=ExpressionOfInterest.objects.get(pk=person.expression_id),
            status="selected" if selected else "not_selected",
            user=self.world.organiser,
        )
        person.decisions.append((*self.now(), selected))

    def own_people(self):
        return [p for p in self.people if ROLES[p.opportunity]["organisation"] == "A"]

    def targets_own(self):
        """The target's applications to the organisation's roles."""
        return [p for p in self.own_people() if p.number == self.target.number]

    # Time

    def now(self):
        self.step += 1
        return (self.day, self.step)

    def move_to(self, day, traveller):
        if day > self.day:
            self.day = day
            traveller.move_to(_moment(day))

    # Reports

    def offered(self, period):
        """Whether the forms offer the period on the day: the last eight quarters, their years."""
        labels, year, quarter = set(), self.day.year, (self.day.month - 1) // 3 + 1
        for _ in range(8):
            labels |= {f"{year}-Q{quarter}", str(year)}
            year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        return period in labels

    def read(self, role, scope, period, characteristic):
        if not self.offered(period):
            return
        at = self.now()
        params = {"period": period, "characteristic": characteristic, "export": "csv"}
        kind, _, value = scope.partition(":")
        if role == "organisation":
            url = f"/portal/organisations/{self.world.organisations['A'].pk}/presence/"
            if kind == "opportunity":
                params["opportunity"] = self.world.opportunities[value].pk
            client = self.world.organisation_client
        else:
            url = reverse("presence_dashboard")
            params.update(self.staff_filter(scope))
            client = self.world.staff_client
        response = client.get(url, params)
        assert response.status_code == 200, (role, params, response.status_code)
        self.reports += 1
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.rules = CELL_KEY if any(row[:1] == [RULES_MARK] for row in rows) else ROUNDED
        published = _published(rows, characteristic)
        if published is None:
            return
        attacker = self.attackers[role]
        frozen = self.rules == CELL_KEY
        for column, cells in published.items():
            group = members(self.people, scope, period, column, at, frozen, self.left)
            self.check_bounds(group, characteristic, cells, (role, scope, period, column))
            categories = [(c,) for c in categories_of(characteristic)]
            texts = {(c,): text for c, text in cells.items()}
            attacker.read((characteristic,), categories, group, texts, self.rules)
        attacker.add_totals(characteristic, published["applicants"])

    def read_cross(self, scope, period, first, second):
        """Staff: the page with a cross-tabulation of two characteristics."""
        if not self.offered(period):
            return
        at = self.now()
        params = {"period": period, "characteristic": first, "cross_with": second}
        params.update(self.staff_filter(scope))
        response = self.world.staff_client.get(reverse("presence_dashboard"), params)
        assert response.status_code == 200, (params, response.status_code)
        self.reports += 1
        cross = response.context.get("cross")
        if not cross or self.rules is None:
            return
        first_labels = _labels(first)
        second_values = [_labels(second)[heading] for heading in cross["headings"]]
        cells = {}
        for label, texts in cross["rows"]:
            for value, text in zip(second_values, texts, strict=True):
                cells[first_labels[label], value] = text
        frozen = self.rules == CELL_KEY
        group = members(self.people, scope, period, "applicants", at, frozen, self.left)
        self.check_bounds(group, (first, second), cells, ("staff", scope, period, "cross"))
        self.attackers["staff"].read((first, second), sorted(cells), group, cells, self.rules)

    def staff_filter(self, scope):
        kind, _, value = scope.partition(":")
        if kind == "network":
            return {}
        return {kind: self.world.organisations[value].pk if kind == "organisation" else value}

    def check_bounds(self, group, characteristic, cells, where):
        """The harness, not the attacker: every published cell allows the true count of the
        people the attacker believes it counts. Else the attacker's model is wrong, and the test
        would prove nothing, or the figures do not count people as decision 5 says (counting
        applications puts a person in a cell once for each role they applied to)."""
        names = (characteristic,) if isinstance(characteristic, str) else characteristic
        for key, text in cells.items():
            key = key if isinstance(key, tuple) else (key,)
            truth = sum(
                [category(name, self.answers[n]) for name in names] == list(key) for n in group
            )
            bounds = true_counts(text, self.rules)
            assert bounds is None or bounds[0] <= truth <= bounds[1], (
                where,
                key,
                f"{text} published for {truth} people",
            )

    def periods_in_view(self):
        quarter = quarter_of(self.day)
        year, number = int(quarter[:4]), int(quarter[-1])
        previous = f"{year}-Q{number - 1}" if number > 1 else f"{year - 1}-Q4"
        return [quarter, previous, str(year), str(year - 1)]

    def read_view(self, scopes=None):
        """Each role exports its view, every characteristic in play, as after any action."""
        period = self.periods_in_view()[self.period]
        for characteristic in self.scenario.characteristics:
            for role in ("organisation", "staff"):
                for scope in scopes[role] if scopes else [self.scopes[role]]:
                    self.read(role, scope, period, characteristic)

    # The run

    def run(self):
        scenario, names = self.scenario, self.scenario.characteristics
        with time_machine.travel(_moment(self.day), tick=False) as traveller:
            self.background()
            for index, action in enumerate([*scenario.actions, None]):
                if index == scenario.target_at:
                    self.target = self.arrive(self.random.choice(["A1", "A2"]))
                    self.apply_again(self.target.number, scenario.target_roles - 1)
                    for attacker in self.attackers.values():
                        attacker.target = self.target.number
                    self.read_view()  # right after the target answered
                if action is None:
                    break
                self.act(action, traveller)
                self.read_view()
            # Later, once every period is out, each role asks every report it may; someone may
            # delete their account once the target's quarter is out, before its year is.
            year = self.target.quarter[:4]
            periods = [self.target.quarter, year]
            if scenario.leaver is not None:
                self.move_to(release_date(self.target.quarter) + timedelta(days=1), traveller)
                self.read_everything([self.target.quarter])
                everyone = sorted(self.users)
                leaver = scenario.leaver
                self.leave(
                    self.target.number if leaver == "target" else everyone[leaver % len(everyone)]
                )
            self.move_to(release_date(year) + timedelta(days=1), traveller)
            self.read_everything(periods)
            self.read_cross("network", year, *names)
        return self.outcome()

    def read_everything(self, periods):
        """Each role exports every scope it may, for each period and characteristic in play."""
        for period, name in itertools.product(periods, self.scenario.characteristics):
            for scope in ORGANISATION_SCOPES:
                self.read("organisation", scope, period, name)
            for scope in STAFF_SCOPES:
                self.read("staff", scope, period, name)

    def act(self, action, traveller):
        kind, value = action
        own = self.own_people()
        if kind in ("select", "deselect") and value == "target":
            for person in self.targets_own() if self.target is not None else []:
                self.decide(person, kind == "select")
        elif kind in ("select", "deselect") and own:
            self.decide(own[value % len(own)], kind == "select")
        elif kind == "isolate" and self.target is not None:
            for person in own:
                self.decide(person, (person.number == self.target.number) == (value == "only"))
        elif kind == "arrive":
            self.arrive(value)
        elif kind == "again":
            who, roles = value
            if who == "target" and self.target is not None:
                self.apply_again(self.target.number, roles)
            elif who != "target" and self.arrived:
                self.apply_again(self.arrived[who % len(self.arrived)], roles)
        elif kind == "leave" and value == "target":
            if self.target is not None:
                self.leave(self.target.number)
        elif kind == "leave":
            self.leave(sorted(self.users)[value % len(self.users)])
        elif kind == "wait":
            self.move_to(self.day + timedelta(days=value), traveller)
        elif kind == "release":
            later = [day for day in RELEASES if day + timedelta(days=value) > self.day]
            if later:
                self.move_to(later[0] + timedelta(days=value), traveller)
        elif kind == "period":
            self.period = value
        elif kind == "scope":
            self.scopes = {
                "organisation": ORGANISATION_SCOPES[value % len(ORGANISATION_SCOPES)],
                "staff": STAFF_SCOPES[value % len(STAFF_SCOPES)],
            }
        elif kind == "characteristic":
            self.characteristic = value % len(self.scenario.characteristics)
        elif kind == "export":
            self.read_view({"organisation": ORGANISATION_SCOPES, "staff": STAFF_SCOPES})
        elif kind == "cross":
            names = self.scenario.characteristics
            first = names[self.characteristic]
            period = self.periods_in_view()[self.period]
            self.read_cross(self.scopes["staff"], period, first, names[1 - self.characteristic])

    def outcome(self):
        """[(role, characteristic, attacker right, baseline right)] for what each role saw."""
        results = []
        truth = self.answers[self.target.number]
        for role, attacker in self.attackers.items():
            for name in self.scenario.characteristics:
                if not attacker.knows(name):
                    continue
                guess, baseline = attacker.guess(name, categories_of(name))
                right = category(name, truth)
                results.append((role, name, guess == right, baseline == right))
        conflicts = sum(attacker.conflicts for attacker in self.attackers.values())
        return results, conflicts


def _moment(day):
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def _labels(name):
    choices = [*CHARACTERISTICS[name].categories, (PREFER_NOT, PREFER_NOT_LABEL)]
    return {label: value for value, label in choices}


def _published(rows, name):
    """{"applicants"|"involved": {category: text}} from a report's CSV; None when the report has
    no figures; the involved column left out when it is not published."""
    header = next(i for i, row in enumerate(rows) if row[1:2] == ["Applicants"])
    body = [row for row in rows[header + 1 :] if row]
    if not body or body[0][0] == "not available":
        return None
    labels = _labels(name)
    published = {
        "applicants": {labels[row[0]]: row[1] for row in body},
        "involved": {labels[row[0]]: row[3] for row in body},
    }
    if any(true_counts(text, CELL_KEY) is None for text in published["involved"].values()):
        del published["involved"]  # an en dash: the column is not published
    return published


@pytest.fixture
def world(settings, make_organisation, make_opportunity):
    # Reports are read years ahead of the sign-in.
    settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600
    organiser, staff = UserFactory(), StaffFactory()
    organisations = {
        "A": make_organisation("Attwood Trust", members=[organiser]),
        "B": make_organisation("Brookside Mind"),
    }
    opportunities = {
        key: make_opportunity(
            organisations[place["organisation"]],
            title=f"Role {key}",
            region=place["region"],
            level=place["level"],
        )
        for key, place in ROLES.items()
    }
    organisation_client, staff_client = Client(), Client()
    organisation_client.force_login(organiser)
    staff_client.force_login(staff)
    return World(organisations, opportunities, organisation_client, staff_client, organiser)


@pytest.mark.django_db
def test_no_role_names_anyones_answer_better_than_the_published_totals(world):
    trials, conflicts, reports = [], [], []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(scenarios())
    def play(scenario):
        # Record keys from a seeded generator, so that the run is the same every time; each
        # example is rolled back, the pages and sign-ins made once stay.
        drawn = random.Random(f"keys {scenario.seed}")
        keys = SimpleNamespace(
            randbelow=drawn.randrange, token_hex=lambda size: drawn.randbytes(size).hex()
        )
        respondents = {}

        def respondent_for(member):  # the member's own respondent, with a seeded key
            if member.pk not in respondents:
                respondents[member.pk] = (f"member-{member.pk}", drawn.randrange(256))
            return respondents[member.pk]

        with (
            mock.patch("monitoring.models.secrets", keys, create=True),
            mock.patch("monitoring.services.respondent_for", respondent_for, create=True),
            transaction.atomic(),
        ):
            example = Play(world, scenario)
            results, conflicted = example.run()
            trials.append(results)
            conflicts.append(conflicted)
            reports.append(example.reports)
            transaction.set_rollback(True)

    play()

    flat = [trial for example in trials for trial in example]
    named = sum(
        any(right and not baseline for *_, right, baseline in example) for example in trials
    )
    could = sum(any(not baseline for *_, baseline in example) for example in trials)
    wins = sum(right and not baseline for _, _, right, baseline in flat)
    losses = sum(baseline and not right for _, _, right, baseline in flat)
    attacker = sum(right for _, _, right, _ in flat)
    baseline = sum(baseline for _, _, _, baseline in flat)
    margin = 3 * math.sqrt(wins + losses)
    summary = (
        f"{len(trials)} examples, {sum(reports)} reports, {len(flat)} guesses (role and "
        f"characteristic): attacker right {attacker}, baseline right {baseline}; attacker alone "
        f"right {wins}, baseline alone right {losses}; margin {margin:.1f}; "
        f"examples where the baseline missed the target somewhere {could}, where the attacker "
        f"named it there {named}; "
        f"model conflicts {sum(conflicts)}"
    )
    print(summary)
    assert len(flat) >= 2 * EXAMPLES, summary  # enough guesses for the margin to mean something
    assert sum(conflicts) == 0, summary  # the truth fits every pair when the model is right
    assert wins - losses <= margin, summary


# The attacker itself, on published tables made up by hand: it must catch decision 4's leaks.

LETTERS = [("a",), ("b",), ("c",)]


def attacker_reading(tables, rules):
    """An attacker after `tables`: [(members, {letter: published text})]; the target is 0."""
    attacker = Attacker()
    attacker.target = 0
    for members, texts in tables:
        published = {(letter,): text for letter, text in texts.items()}
        attacker.read(("letter",), LETTERS, members, published, rules)
        attacker.add_totals("letter", texts)
    return attacker


@pytest.mark.parametrize(
    "tables",
    [
        # Exported before and after the target answered: "0" became "*".
        [
            ({1, 2, 3}, {"a": "10", "b": "0", "c": "*"}),
            ({0, 1, 2, 3}, {"a": "10", "b": "*", "c": "*"}),
        ],
        # Only the target selected, and the involved column read.
        [({0}, {"a": "0", "b": "*", "c": "0"})],
        # A year and its quarter, the target alone answering in another quarter.
        [({1, 2}, {"a": "15", "b": "0", "c": "*"}), ({0, 1, 2}, {"a": "15", "b": "*", "c": "*"})],
    ],
)
def test_the_attacker_names_the_target_from_decision_4s_leaks(tables):
    assert attacker_reading(tables, ROUNDED).guess("letter", ["a", "b", "c"]) == ("b", "a")


def test_the_attacker_rules_out_categories_with_others_unknown():
    # Two people answered in between, the target and someone else: "a" went up by at least one
    # (7 to 8 shows "*" then "10") and "c" by at least one ("0" then "*"), so those two are the
    # two people; the target is not in "b", the commonest, and the attacker says "a".
    tables = [
        ({1}, {"a": "*", "b": "15", "c": "0"}),
        ({0, 1, 9}, {"a": "10", "b": "15", "c": "*"}),
    ]
    assert attacker_reading(tables, ROUNDED).guess("letter", ["a", "b", "c"]) == ("a", "b")


def test_the_same_pairs_under_decision_5_leave_the_attacker_with_the_baseline():
    tables = [
        ({1, 2, 3}, {"a": "10", "b": "*", "c": "*"}),
        ({0, 1, 2, 3}, {"a": "10", "b": "*", "c": "*"}),
    ]
    assert attacker_reading(tables, CELL_KEY).guess("letter", ["a", "b", "c"]) == ("a", "a")


@given(
    st.lists(st.tuples(st.integers(-3, 3), st.integers(0, 4)), min_size=1, max_size=4),
    st.integers(0, 3),
    st.integers(0, 3),
)
@settings(max_examples=300, derandomize=True, database=None)
def test_fits_agrees_with_trying_every_way_people_could_fall_into_categories(boxes, added, removed):
    box = [(low, low + width) for low, width in boxes]
    categories = range(len(box))
    tried = False
    for put_in in itertools.combinations_with_replacement(categories, added):
        for taken_out in itertools.combinations_with_replacement(categories, removed):
            change = [put_in.count(c) - taken_out.count(c) for c in categories]
            tried |= all(low <= d <= high for d, (low, high) in zip(change, box, strict=True))
    assert fits(box, added - removed, added) == tried
