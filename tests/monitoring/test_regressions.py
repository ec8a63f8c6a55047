"""The three ways an organisation could read one named person's answers from Presence reports
(docs/decisions/0005-disclosure-control.md), and the same kind of comparison for staff, played
through the real pages, CSVs and services: selecting one person and reading the "involved"
column; exporting before and after one person answered; comparing a quarter with its year; a
region or level a few people away from the whole network; one person who applied to every role
of an organisation, counted once for each application; comparing a quarter with its year after
someone deleted their account in between.

Everything happens in a year after the real one, reached by travelling in time, so that no test
depends on today's date and the periods are released when the test says."""

import csv
import io
from datetime import date
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from members.data_rights import member_delete_account
from monitoring.disclosure import THRESHOLD, parse_period
from monitoring.models import MonitoringRecord
from monitoring.questions import CHARACTERISTICS, PREFER_NOT, PREFER_NOT_LABEL
from monitoring.services import monitoring_record_answers
from opportunities.models import ExpressionOfInterest, InterestStatus
from opportunities.services import interest_express, interest_set_status
from tests.members.factories import StaffFactory, UserFactory
from tests.monitoring.factories import on

pytestmark = pytest.mark.django_db

# What everyone else answers, and what the one person the attacker watches answers: different
# in every characteristic, so any figure that moves with them shows their answer.
EVERYONE_ELSE = {
    "ethnic_group": "white", "ethnicity": "white_british", "sex": "female",
    "gender_same_as_birth": "yes", "sexual_orientation": "heterosexual",
    "disability_condition": "no", "religion": "none", "age_band": "25_34", "carer": "no",
    "involvement_role": "service_user",
}  # fmt: skip
THE_PERSON = {
    "ethnic_group": "black", "ethnicity": "black_african", "sex": "male",
    "gender_same_as_birth": "no", "sexual_orientation": "bisexual",
    "disability_condition": "yes", "disability_impact": "a_lot", "religion": "sikh",
    "age_band": "65_74", "carer": "20_plus", "involvement_role": "carer",
}  # fmt: skip
NOT_PUBLISHED = {"*", "\u2013", ""}
INVOLVED_COLUMNS = ("Involved", "Share of people involved")


@pytest.fixture
def year():
    """A year after the real one, so that travelling there only goes forward."""
    return timezone.localdate().year + 1


def release_date(label):
    return parse_period(label).release_date


@pytest.fixture
def organisation(make_organisation, make_opportunity):
    organiser = UserFactory(display_name="Olu Organiser")
    organisation = make_organisation("Attacker Trust", members=[organiser])
    organisation.organiser = organiser
    organisation.role = make_opportunity(organisation, title="Peer reviewer", paid=False)
    return organisation


def answer(opportunity, answers, name=None):
    """A member expresses interest and answers the questions, as the services do it."""
    member = UserFactory(**({"display_name": name} if name else {}))
    expression = interest_express(member=member, opportunity=opportunity, message="Hello",
                                  payment_preference="not_sure")  # fmt: skip
    monitoring_record_answers(expression=expression, answers=answers, keep_for_next_time=False)
    return expression


def decide(expression, status, organiser):
    interest_set_status(expression=expression, status=status, user=organiser)


# Reading reports as the attacker does.


def portal_url(organisation, period, characteristic, **extra):
    query = urlencode({"period": period, "characteristic": characteristic, **extra})
    return f"/portal/organisations/{organisation.pk}/presence/?{query}"


def dashboard_url(period, characteristic, **extra):
    query = urlencode({"period": period, "characteristic": characteristic, **extra})
    return f"{reverse('presence_dashboard')}?{query}"


def csv_cells(response):
    """{(row, column): text} for every figure of a Presence CSV: the totals at the top and each
    category's row; nothing for a report whose figures are not available."""
    assert response["Content-Type"].startswith("text/csv")
    cells, header = {}, None
    for row in csv.reader(io.StringIO(response.content.decode())):
        if not row:
            continue
        if len(row) > 1 and row[1] == "Applicants":
            header = row
        elif header is None and row[0] in ("People who answered", "Response rate"):
            cells[row[0], ""] = row[1]
        elif header is not None and row[0] != "not available":
            cells.update({(row[0], column): value for column, value in zip(header[1:], row[1:],
                                                                            strict=False)})  # fmt: skip
    return cells


def category_cells(cells):
    return {key: value for key, value in cells.items() if key[1]}


def read(client, url):
    """The page's breakdown and the CSV's figures for one report."""
    page = client.get(url)
    assert page.status_code == 200, url
    exported = client.get(f"{url}&export=csv")
    assert exported.status_code == 200, url
    return page, csv_cells(exported), exported.content.decode()


def assert_involved_column_reveals_nothing(page, cells, label):
    """With one person involved, any figure that differs between categories of the involved
    column shows that person's answer."""
    on_screen = {(row.involved, row.involved_share) for row in page.context["result"].rows}
    assert len(on_screen) <= 1, f"{label}: the involved column picks out a category: {on_screen}"
    exported = {
        tuple(cells[key] for key in [(category, column) for column in INVOLVED_COLUMNS])
        for category in {key[0] for key in category_cells(cells)}
    }
    assert len(exported) <= 1, f"{label}: the CSV's involved column picks out: {exported}"


# (a) Selection isolates one person.


def test_selecting_one_person_does_not_show_their_answers(client, organisation, year):
    quarter = f"{year}-Q1"
    with on(date(year, 2, 10)):
        others = [answer(organisation.role, EVERYONE_ELSE) for _ in range(12)]
        person = answer(organisation.role, THE_PERSON, name="Named Person")
        for expression in others:
            decide(expression, InterestStatus.NOT_SELECTED, organisation.organiser)
        decide(person, InterestStatus.SELECTED, organisation.organiser)
        assert MonitoringRecord.objects.filter(stage="involved").count() == 1

        client.force_login(organisation.organiser)
        for name in CHARACTERISTICS:
            page, cells, _ = read(client, portal_url(organisation, quarter, name))
            assert_involved_column_reveals_nothing(page, cells, f"{name}, during the quarter")

    with on(release_date(quarter)):
        client.force_login(organisation.organiser)
        for name in CHARACTERISTICS:
            page, cells, exported = read(client, portal_url(organisation, quarter, name))
            result = page.context["result"]
            assert result.available, "13 people answered: the applicants' figures are published"
            assert_involved_column_reveals_nothing(page, cells, f"{name}, once released")
            assert "shown once at least 10 people are involved" in page.content.decode()
            assert "shown once at least 10 people are involved" in exported

        # Choosing someone else once the figures are out changes nothing either.
        decide(person, InterestStatus.NOT_SELECTED, organisation.organiser)
        decide(others[0], InterestStatus.SELECTED, organisation.organiser)
        for name in CHARACTERISTICS:
            page, cells, _ = read(client, portal_url(organisation, quarter, name))
            assert_involved_column_reveals_nothing(page, cells, f"{name}, chosen again")


def test_an_opportunity_a_few_people_short_of_its_organisation_is_not_shown(
    client, organisation, make_opportunity, year
):
    quarter = f"{year}-Q1"
    other_role = make_opportunity(organisation, title="Small role", paid=False)
    with on(date(year, 2, 10)):
        for _ in range(12):
            answer(organisation.role, EVERYONE_ELSE)
        answer(other_role, THE_PERSON, name="Named Person")
    with on(release_date(quarter)):
        client.force_login(organisation.organiser)
        for name in CHARACTERISTICS:
            whole, whole_cells, _ = read(client, portal_url(organisation, quarter, name))
            part, part_cells, _ = read(
                client, portal_url(organisation, quarter, name, opportunity=organisation.role.pk)
            )
            assert whole.context["result"].available and category_cells(whole_cells)
            # The role is its organisation less the person: both published would show them.
            assert not part.context["result"].available and not category_cells(part_cells)


# (b) Before and after one answer.


def test_one_more_answer_changes_no_figure(client, organisation, year):
    quarter = f"{year}-Q2"
    with on(date(year, 5, 10)):
        others = [answer(organisation.role, EVERYONE_ELSE) for _ in range(11)]
        client.force_login(organisation.organiser)
        before = {name: read(client, portal_url(organisation, quarter, name))[2]
                  for name in CHARACTERISTICS}  # fmt: skip

    with on(date(year, 5, 11)):
        person = answer(organisation.role, THE_PERSON, name="Named Person")
        client.force_login(organisation.organiser)
        for name in CHARACTERISTICS:
            page, cells, exported = read(client, portal_url(organisation, quarter, name))
            changed = [
                (row, old)
                for row, old in zip(before[name].splitlines(), exported.splitlines(), strict=False)
                if row != old
            ]
            assert not changed, f"{name}: one more answer changed {changed}"
            assert not category_cells(cells), f"{name}: figures before the quarter is released"

    released = {}
    with on(release_date(quarter)):
        client.force_login(organisation.organiser)
        for name in CHARACTERISTICS:
            page, cells, exported = read(client, portal_url(organisation, quarter, name))
            assert page.context["result"].available, "12 people answered in the quarter"
            released[name] = exported
        # More happens: someone else answers, the organisation makes its decisions.
        answer(organisation.role, THE_PERSON, name="Second Person")
        decide(person, InterestStatus.SELECTED, organisation.organiser)
        decide(others[0], InterestStatus.NOT_SELECTED, organisation.organiser)

    for day in (release_date(quarter), date(year, 12, 1)):
        with on(day):
            client.force_login(organisation.organiser)
            for name in CHARACTERISTICS:
                exported = read(client, portal_url(organisation, quarter, name))[2]
                assert exported == released[name], f"{name}: released figures changed"


# (c) Overlapping periods.


@pytest.mark.parametrize("elsewhere", [1, 2])
def test_a_quarter_and_its_year_do_not_single_out_answers_from_another_quarter(
    client, organisation, year, elsewhere
):
    quarter = f"{year}-Q2"
    with on(date(year, 5, 10)):
        expressions = [answer(organisation.role, EVERYONE_ELSE) for _ in range(20)]
        for number, expression in enumerate(expressions):
            status = InterestStatus.SELECTED if number % 2 else InterestStatus.NOT_SELECTED
            decide(expression, status, organisation.organiser)
    with on(date(year, 8, 10)):
        for number in range(elsewhere):
            person = answer(organisation.role, THE_PERSON, name=f"Named Person {number}")
        decide(person, InterestStatus.SELECTED, organisation.organiser)

    with on(release_date(str(year))):
        client.force_login(organisation.organiser)
        organisation_reports = [
            (read(client, portal_url(organisation, str(year), name)),
             read(client, portal_url(organisation, quarter, name)), name)
            for name in CHARACTERISTICS
        ]  # fmt: skip
        client.force_login(StaffFactory())
        network_reports = [
            (read(client, dashboard_url(str(year), name)),
             read(client, dashboard_url(quarter, name)), f"{name}, network")
            for name in CHARACTERISTICS
        ]  # fmt: skip

    for (year_page, year_cells, _), (quarter_page, quarter_cells, _), label in [
        *organisation_reports,
        *network_reports,
    ]:
        assert quarter_page.context["result"].available, f"{label}: 20 people in the quarter"
        if not year_page.context["result"].available:
            assert not category_cells(year_cells)
            continue
        # Both published: every figure must be the same, or the difference is those people.
        differences = {
            key: (quarter_cells[key], year_cells.get(key))
            for key in quarter_cells
            if quarter_cells[key] != year_cells.get(key)
        }
        assert not differences, f"{label}: the year differs from the quarter by {differences}"


# Staff: a region or a level a few people away from the network.


@pytest.mark.parametrize("kind", ["region", "level"])
def test_a_region_or_level_a_few_people_short_of_the_network_is_not_shown(
    client, organisation, make_opportunity, year, kind
):
    quarter = f"{year}-Q1"
    london_role = make_opportunity(organisation, title="London strategy group", paid=False,
                                   region="london", level="strategic")  # fmt: skip
    other_role = make_opportunity(organisation, title="North East course", paid=False,
                                  region="north_east", level="operational")  # fmt: skip
    with on(date(year, 2, 10)):
        for _ in range(20):
            answer(london_role, EVERYONE_ELSE)
        for number in range(3):
            answer(other_role, THE_PERSON, name=f"Named Person {number}")
    chosen = {"region": "london", "level": "strategic"}[kind]
    label = {"region": "London", "level": "Strategy: commissioning, policy and service "
             "development"}[kind]  # fmt: skip

    with on(release_date(quarter)):
        client.force_login(StaffFactory())
        for name in CHARACTERISTICS:
            network, network_cells, _ = read(client, dashboard_url(quarter, name))
            part, part_cells, _ = read(client, dashboard_url(quarter, name, **{kind: chosen}))
            assert network.context["result"].available and category_cells(network_cells), (
                "23 people across the network"
            )
            # Network less London (or strategy) would be the 3 people elsewhere.
            assert not part.context["result"].available, f"{name}: {kind} {chosen} is shown"
            assert not category_cells(part_cells)
        overview = network.context["overview"][f"By {kind}"]
        assert {row.label: row.respondents for row in overview}.get(label, "*") == "*"


# One person, many applications: each expression of interest makes its own record, and the
# same person answers each time (their saved answers fill the form in again).


def roles_of(organisation, make_opportunity, count):
    """The organisation's role and `count - 1` more."""
    more = [
        make_opportunity(organisation, title=f"Role {n}", paid=False) for n in range(2, count + 1)
    ]
    return [organisation.role, *more]


def apply_to_each(roles, answers, name):
    """One member expresses interest in every role and answers each time, the same answers."""
    member = UserFactory(display_name=name)
    expressions = []
    for role in roles:
        expression = interest_express(member=member, opportunity=role, message="Hello",
                                      payment_preference="not_sure")  # fmt: skip
        monitoring_record_answers(expression=expression, answers=answers, keep_for_next_time=True)
        expressions.append(expression)
    return member, expressions


def label_of(name, answers):
    """The row label a report gives to the category of `answers`."""
    characteristic = CHARACTERISTICS[name]
    value = characteristic.category_of(answers) or PREFER_NOT
    return dict([*characteristic.categories, (PREFER_NOT, PREFER_NOT_LABEL)])[value]


def published_cells(cells, column="Applicants"):
    return {row for (row, heading), text in cells.items() if heading == column and text.isdigit()}


def assert_counts_people(text, people, label):
    """A published total is about the people counted: hidden under 10 people, else within the
    noise (2) and the rounding to 5 (2) of them."""
    if people < THRESHOLD:
        assert not text.isdigit(), f"{label}: {text} shown for {people} people"
    elif text.isdigit():
        assert abs(int(text) - people) <= 4, f"{label}: {text} shown for {people} people"


def assert_not_singled_out(cells, name, label):
    """The person's category must not be the only category with a published figure."""
    shown_ = published_cells(cells)
    assert shown_ != {label_of(name, THE_PERSON)}, f"{label}: only the person's category: {cells}"


def cross_cells(page):
    """{(row, column) with a published figure} of the staff page's cross-tabulation."""
    cross = page.context.get("cross")
    if not cross:
        return set()
    return {(row, heading) for row, texts in cross["rows"]
            for heading, text in zip(cross["headings"], texts, strict=True) if text.isdigit()}  # fmt: skip


@pytest.mark.parametrize("roles,others", [(8, 6), (10, 0)])
def test_one_person_who_applies_to_every_role_counts_once(
    client, organisation, make_opportunity, year, roles, others
):
    quarter = f"{year}-Q4"
    every_role = roles_of(organisation, make_opportunity, roles)
    with on(date(year, 12, 1)):
        apply_to_each(every_role, THE_PERSON, "Named Person")
        for number in range(others):
            answer(every_role[number % roles], EVERYONE_ELSE)
    people = 1 + others

    with on(release_date(quarter)):
        client.force_login(organisation.organiser)
        for name in CHARACTERISTICS:
            page, cells, _ = read(client, portal_url(organisation, quarter, name))
            assert_not_singled_out(cells, name, f"{name}, organisation")
            assert_counts_people(cells["People who answered", ""], people, f"{name}, respondents")
            for role in every_role[:2]:
                _, cells, _ = read(client, portal_url(organisation, quarter, name,
                                                      opportunity=role.pk))  # fmt: skip
                assert_not_singled_out(cells, name, f"{name}, {role.title}")

        client.force_login(StaffFactory())
        names = list(CHARACTERISTICS)
        for scope in ({}, {"organisation": organisation.pk}):
            for first, second in zip(names, [*names[1:], names[0]], strict=True):
                page, cells, _ = read(client, dashboard_url(quarter, first, **scope))
                assert_not_singled_out(cells, first, f"{first}, staff {scope}")
                assert_counts_people(cells["People who answered", ""], people, f"staff {scope}")
                page = client.get(dashboard_url(quarter, first, cross_with=second, **scope))
                the_person = (label_of(first, THE_PERSON), label_of(second, THE_PERSON))
                assert cross_cells(page) != {the_person}, (
                    f"{first} by {second}, staff {scope}: only the person's cell is published"
                )


def test_selecting_everyone_but_a_person_who_applied_to_every_role_does_not_isolate_them(
    client, organisation, make_opportunity, year
):
    quarter = f"{year}-Q4"
    every_role = roles_of(organisation, make_opportunity, 8)
    with on(date(year, 12, 1)):
        _, theirs = apply_to_each(every_role, THE_PERSON, "Named Person")
        others = [answer(every_role[number % 8], EVERYONE_ELSE) for number in range(12)]
        # Everyone but the person and two others: 10 involved, 13 people answered.
        for expression in others[2:]:
            decide(expression, InterestStatus.SELECTED, organisation.organiser)
        for expression in [*theirs, *others[:2]]:
            decide(expression, InterestStatus.NOT_SELECTED, organisation.organiser)

    with on(release_date(quarter)):
        client.force_login(organisation.organiser)
        for name in CHARACTERISTICS:
            page, cells, _ = read(client, portal_url(organisation, quarter, name))
            assert page.context["result"].available, "13 people answered"
            # Applicants less involved would be the person and two others.
            assert not published_cells(cells, "Involved"), f"{name}: involved shown: {cells}"
            assert_involved_column_reveals_nothing(page, cells, name)
            assert_not_singled_out(cells, name, name)
            assert_counts_people(cells["People who answered", ""], 13, f"{name}, respondents")


# An account deleted after a quarter is released and before its year is.


def test_an_account_deleted_between_a_quarter_and_its_year_is_not_singled_out(
    client, organisation, make_opportunity, year
):
    quarter, whole_year = f"{year}-Q2", str(year)
    every_role = roles_of(organisation, make_opportunity, 8)
    with on(date(year, 5, 10)):
        for _ in range(12):
            answer(organisation.role, EVERYONE_ELSE)
        for _ in range(12):  # others who answered as the person does
            answer(organisation.role, THE_PERSON)
        member, theirs = apply_to_each(every_role, THE_PERSON, "Leaving Person")

    def reports(period):
        client.force_login(organisation.organiser)
        found = {(name, "organisation"): read(client, portal_url(organisation, period, name))
                 for name in CHARACTERISTICS}  # fmt: skip
        client.force_login(StaffFactory())
        for name in CHARACTERISTICS:
            found[name, "network"] = read(client, dashboard_url(period, name))
            found[name, "staff, organisation"] = read(
                client, dashboard_url(period, name, organisation=organisation.pk)
            )
        return found

    with on(release_date(quarter)):
        released = reports(quarter)
        for (name, where), (page, _, _) in released.items():
            assert page.context["result"].available, f"{name}, {where}: 25 people answered"
        member_delete_account(member=member)
    assert not MonitoringRecord.objects.filter(token__in=[e.monitoring_token for e in theirs])
    assert ExpressionOfInterest.objects.filter(pk=theirs[0].pk, member=None).exists()

    with on(release_date(whole_year)):
        quarter_now, year_now = reports(quarter), reports(whole_year)
    for key, (_, cells, exported) in quarter_now.items():
        assert exported == released[key][2], f"{key}: the released quarter changed"
        year_page, year_cells, _ = year_now[key]
        if not year_page.context["result"].available:
            assert not category_cells(year_cells), key
            continue
        # Both published: any figure that differs is about the person who left.
        differences = {cell: (text, year_cells.get(cell)) for cell, text in cells.items()
                       if text != year_cells.get(cell)}  # fmt: skip
        assert not differences, f"{key}: the year differs from its quarter by {differences}"
