"""Feedback on how it felt: asked when an involvement ends, kept apart from the person, shown to
organisations and staff only as released totals of at least 10 people."""

import json
import re
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.perturbation import THRESHOLD
from involvement import feedback, services
from involvement.models import FeedbackRelease, FeedbackRequest, FeedbackResponse
from tests.involvement.conftest import text
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

ANSWERED = date(2026, 2, 10)  # in 2026-Q1
RELEASED = date(2026, 5, 20)  # 2026-Q1 is released from 28 April 2026
ANSWERS = {
    "felt": "good",
    "paid_on_time": "sometimes",
    "heard_what_changed": "no",
    "take_part_again": "yes",
    "anything_else": "The second meeting was hard to follow.",
}


def _ended(make_involvement, org_admin, member=None):
    involvement = make_involvement(member or UserFactory())
    services.involvement_end(involvement=involvement, ended_by="organisation", user=org_admin)
    return involvement


def _answer(involvement, answers=ANSWERS, day=ANSWERED):
    feedback.feedback_submit(
        feedback_request=involvement.feedback_request,
        answers=answers,
        member=involvement.member,
        today=day,
    )


def test_ending_an_involvement_asks_the_member_once_by_email_and_on_their_page(
    client, django_capture_on_commit_callbacks, make_involvement, member, org_admin
):
    involvement = make_involvement(member)
    with django_capture_on_commit_callbacks(execute=True):
        services.involvement_end(involvement=involvement, ended_by="member", user=member)
    asked = [m for m in mail.outbox if m.to == [member.email] and "feel" in m.subject]
    assert len(asked) == 1
    assert f"/account/involvement/{involvement.pk}/feedback/" in asked[0].body
    client.force_login(member)
    assert "Tell us how taking part felt" in text(client.get("/account/involvement/"))
    assert "Tell us how taking part felt" in text(
        client.get(f"/account/involvement/{involvement.pk}/")
    )
    feedback.feedback_request_send(involvement=involvement)  # a second end signal
    assert FeedbackRequest.objects.count() == 1


def test_the_member_answers_and_the_answers_keep_no_link_to_them(
    client, make_involvement, member, org_admin
):
    involvement = _ended(make_involvement, org_admin, member)
    client.force_login(member)
    url = f"/account/involvement/{involvement.pk}/feedback/"
    page = client.get(url)
    assert "How did taking part feel?" in text(page)
    response = client.post(url, ANSWERS, follow=True)
    assert "kept apart from your name" in text(response)
    assert "Tell us how taking part felt" not in text(response)
    response_row = FeedbackResponse.objects.get()
    assert response_row.felt == "good"
    # No field of the answers points at the member, their involvement or a moment.
    fields = {f.name for f in FeedbackResponse._meta.get_fields()}
    assert not fields & {"member", "involvement", "user", "created_at", "answered_at"}
    # Once only.
    client.post(url, {**ANSWERS, "felt": "very_poor"})
    assert FeedbackResponse.objects.count() == 1
    assert "already answered" in text(client.get(url))


def test_only_the_member_reaches_the_questionnaire(
    client, make_involvement, member, org_admin, other_org_admin
):
    involvement = _ended(make_involvement, org_admin, member)
    url = f"/account/involvement/{involvement.pk}/feedback/"
    assert client.get(url).status_code == 302
    for user in (org_admin, other_org_admin, UserFactory(), UserFactory(is_staff=True)):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, ANSWERS).status_code == 404
    assert not FeedbackResponse.objects.exists()


def test_an_active_involvement_has_no_questionnaire(client, make_involvement, member):
    involvement = make_involvement(member)
    client.force_login(member)
    assert client.get(f"/account/involvement/{involvement.pk}/feedback/").status_code == 404


@pytest.mark.both_databases
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"felt": "wonderful"}, "Choose how taking part felt from the options given"),
        ({"felt": ["good", "poor"]}, "Give how taking part felt once only"),
        ({"anything_else": "x" * 2001}, "2,000 characters or fewer"),
        ({"paid_on_time": "\x00"}, "whether you were paid on time from the options"),
    ],
)
def test_hostile_answers_get_a_400_with_the_summary_and_what_was_typed(
    client, make_involvement, member, org_admin, data, message
):
    involvement = _ended(make_involvement, org_admin, member)
    client.force_login(member)
    response = client.post(
        f"/account/involvement/{involvement.pk}/feedback/",
        {"anything_else": "kept text", **data},
    )
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    if "anything_else" not in data:
        assert "kept text" in page
    assert not FeedbackResponse.objects.exists()


def _portal(client, org_admin, organisation, day=RELEASED):
    client.force_login(org_admin)
    with time_machine.travel(day, tick=False):
        response = client.get(f"/portal/involvement/organisations/{organisation.pk}/feedback/")
    assert response.status_code == 200
    return text(response).split("<h2>How taking part felt</h2>")[1].split("<h2>Outcomes")[0]


def test_organisations_see_released_totals_only_and_never_the_words(
    client, make_involvement, org_admin, organisation
):
    for _ in range(THRESHOLD + 2):
        _answer(_ended(make_involvement, org_admin))
    # Before the quarter is released, nothing.
    assert "2026-Q1" not in _portal(client, org_admin, organisation, day=date(2026, 4, 20))
    section = _portal(client, org_admin, organisation)
    assert "2026-Q1" in section
    counts = [int(n) for n in re.findall(r"<td>(\d+)</td>", section)]
    assert counts and all(n % 5 == 0 and n >= THRESHOLD for n in counts)
    assert "hard to follow" not in section
    assert FeedbackRelease.objects.filter(period="2026-Q1").count() == 1


def test_staff_see_figures_and_the_words_without_who(client, make_involvement, org_admin):
    for _ in range(THRESHOLD):
        _answer(_ended(make_involvement, org_admin))
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    with time_machine.travel(RELEASED, tick=False):
        page = text(client.get("/cms/reports/involvement-feedback/"))
    assert "The second meeting was hard to follow." in page
    assert "2026-Q1" in page
    client.force_login(org_admin)
    assert client.get("/cms/reports/involvement-feedback/").status_code in (302, 403)


def test_the_portal_feedback_page_is_404_for_another_organisation(
    client, organisation, other_org_admin
):
    client.force_login(other_org_admin)
    url = f"/portal/involvement/organisations/{organisation.pk}/feedback/"
    assert client.get(url).status_code == 404


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=st.integers(min_value=1, max_value=THRESHOLD + 3),
    target_felt=st.sampled_from(["very_good", "very_poor"]),
    answer_late=st.booleans(),
)
def test_an_organisation_cannot_learn_one_person_s_answers_by_comparing_reports(
    client, make_involvement, org_admin, organisation, people, target_felt, answer_late
):
    """The attacker's sequence: a small organisation reads its feedback and its report row,
    one person answers, and it reads again, before and after the release, and in the year."""
    FeedbackResponse.objects.all().delete()
    FeedbackRelease.objects.all().delete()
    FeedbackRequest.objects.all().delete()
    others = [_ended(make_involvement, org_admin) for _ in range(people - 1)]
    for involvement in others:
        _answer(involvement, {**ANSWERS, "felt": "mixed"})
    target = _ended(make_involvement, org_admin)
    from involvement.reports import organisation_rows, parse_period

    def reports(day):
        with time_machine.travel(day, tick=False):
            rows = [
                {k: v for k, v in row.items() if k.startswith("feedback")}
                for label in ("2026-Q1", "2026-Q2", "2026")
                for row in organisation_rows(period=parse_period(label), organisation=organisation)
            ]
        return _portal(client, org_admin, organisation, day=day), rows

    seen_before = [reports(date(2026, 3, 1)), reports(RELEASED)]
    # The person answers: in the quarter (before its release) or after it was released.
    _answer(target, {**ANSWERS, "felt": target_felt}, day=RELEASED if answer_late else ANSWERED)
    seen_after = [reports(date(2026, 3, 1)), reports(RELEASED)]
    if answer_late:
        # Figures already out never change.
        assert seen_after == seen_before
    else:
        # Before the release nothing is shown, whoever answered.
        assert seen_after[0] == seen_before[0]
        assert "2026-Q1" not in seen_after[0][0] or "Not shown" in seen_after[0][0]
    page, rows = seen_after[1]
    # The target's answer is never shown as such: with fewer than THRESHOLD people nothing is
    # published; with more, its cell is perturbed and at least THRESHOLD or hidden.
    if people < THRESHOLD:
        assert "About" not in page
        assert all(
            value is None for row in rows for key, value in row.items() if key != "feedback_note"
        )
    assert rows[2]["feedback_note"] == "Feedback is released per quarter only."
    for row in rows:
        for key, value in row.items():
            if key != "feedback_note" and value is not None:
                assert value % 5 == 0 and value >= THRESHOLD


def test_a_network_remainder_of_a_few_people_hides_the_organisation_that_exposes_it(
    make_involvement, make_organisation, make_opportunity, org_admin, organisation
):
    """Ten people answer for one organisation and one for another: the network (11) is
    published, so the ten cannot be, or the network less them would be the one."""
    for _ in range(THRESHOLD):
        _answer(_ended(make_involvement, org_admin))
    small = make_organisation("Small Group")
    involvement = make_involvement(on=make_opportunity(small, title="Small role"))
    services.involvement_end(involvement=involvement, ended_by="organisation", user=org_admin)
    _answer(involvement)
    figures = feedback.compute_release("2026-Q1")
    assert figures["network"] is not None
    assert figures[f"organisation:{organisation.pk}"] is None
    assert figures[f"organisation:{small.pk}"] is None


def test_the_report_command_gives_the_released_feedback(
    make_involvement, org_admin, organisation, capsys
):
    for _ in range(THRESHOLD + 2):
        _answer(_ended(make_involvement, org_admin))
    with time_machine.travel(RELEASED, tick=False):
        call_command("involvement_report", "--period", "2026-Q1", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    row = next(
        r
        for r in (rows if isinstance(rows, list) else rows["organisations"])
        if r["slug"] == organisation.slug
    )
    assert row["feedback_answers"] in (10, 15)
    assert row["feedback_note"] == ""


def test_deleting_the_account_erases_the_answers(make_involvement, member, org_admin):
    _answer(_ended(make_involvement, org_admin, member))
    member.delete()
    assert not FeedbackResponse.objects.exists()


def test_feedback_and_presence_records_cannot_be_joined_person_by_person():
    """The keyed hashes differ per kind of record, for every member: a database reader cannot
    match someone's feedback to their equality answers."""
    from types import SimpleNamespace

    from involvement.feedback import respondent_for as feedback_respondent
    from monitoring.services import respondent_for as presence_respondent

    members = [SimpleNamespace(pk=pk) for pk in range(1, 500)]
    presence = {presence_respondent(member)[0] for member in members}
    feedback = {feedback_respondent(member)[0] for member in members}
    assert len(presence) == len(feedback) == len(members)
    assert presence.isdisjoint(feedback)
