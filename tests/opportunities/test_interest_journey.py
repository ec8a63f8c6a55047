"""Expressing interest: express, see status, organisation updates, member emailed; withdraw;
never twice; never after closing."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from opportunities.models import ExpressionOfInterest
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

INTEREST = {
    "message": "I have used crisis services for ten years.",
    "access_needs": "Large print papers, please.",
    "share_access_needs": "on",
    "payment_preference": "expenses_only",
}


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def poster():
    return UserFactory(email="poster@northfield.example")


@pytest.fixture
def opportunity(make_organisation, make_opportunity, poster):
    return make_opportunity(make_organisation(members=[poster]))


def test_express_see_status_and_hear_about_each_change(after_commit, client, opportunity, poster):
    member = UserFactory(email="member@example.org")
    client.force_login(member)

    page = client.get(opportunity.url)
    assert "Express interest" in text(page)
    with after_commit():
        response = client.post(
            f"/opportunity/{opportunity.pk}/express-interest/", INTEREST, follow=True
        )
    assert "has your expression of interest" in text(response)
    assert "Questions about you" in text(response)  # optional, then their list
    assert "Status: <strong>Sent</strong>" in text(client.get("/account/interest/"))
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"member@example.org", "poster@northfield.example"} <= recipients

    # The organisation sees it, with the access needs the member agreed to share.
    client.force_login(poster)
    portal = client.get(f"/portal/opportunities/{opportunity.pk}/interest/")
    assert "I have used crisis services for ten years." in text(portal)
    assert "Large print papers, please." in text(portal)
    expression = ExpressionOfInterest.objects.get()
    mail.outbox.clear()
    with after_commit():
        client.post(f"/portal/interest/{expression.pk}/status/", {"status": "shortlisted"})

    [email] = mail.outbox
    assert email.to == ["member@example.org"]
    assert "Shortlisted" in email.subject
    client.force_login(member)
    assert "Status: <strong>Shortlisted</strong>" in text(client.get("/account/interest/"))


def test_access_needs_stay_private_without_consent(after_commit, client, opportunity, poster):
    client.force_login(UserFactory())
    with after_commit():
        client.post(
            f"/opportunity/{opportunity.pk}/express-interest/",
            {**INTEREST, "share_access_needs": ""},
        )

    client.force_login(poster)
    portal = client.get(f"/portal/opportunities/{opportunity.pk}/interest/")

    assert "Large print papers, please." not in text(portal)
    assert all("Large print" not in message.body for message in mail.outbox)


def test_a_member_can_withdraw(client, opportunity):
    member = UserFactory()
    client.force_login(member)
    client.post(f"/opportunity/{opportunity.pk}/express-interest/", INTEREST)
    expression = ExpressionOfInterest.objects.get()

    response = client.post(f"/account/interest/{expression.pk}/withdraw/", follow=True)

    expression.refresh_from_db()
    assert expression.status == "withdrawn"
    assert "You have withdrawn" in text(response)
    assert [change.status for change in expression.status_changes.all()] == [
        "submitted",
        "withdrawn",
    ]


def test_nobody_can_express_interest_twice(client, opportunity):
    client.force_login(UserFactory())
    client.post(f"/opportunity/{opportunity.pk}/express-interest/", INTEREST)

    response = client.post(
        f"/opportunity/{opportunity.pk}/express-interest/", INTEREST, follow=True
    )

    assert ExpressionOfInterest.objects.count() == 1
    assert "already expressed interest" in text(response)


def test_nobody_can_express_interest_after_closing(client, make_organisation, make_opportunity):
    organisation = make_organisation()
    past_deadline = make_opportunity(
        organisation,
        "Past deadline",
        rolling=False,
        deadline=timezone.localdate() - timedelta(days=1),
    )
    closed_by_hand = make_opportunity(organisation, "Closed by hand")
    closed_by_hand.closed_at = timezone.now()
    closed_by_hand.save()
    client.force_login(UserFactory())

    for opportunity in (past_deadline, closed_by_hand):
        page = client.get(opportunity.url)
        assert "This opportunity is closed" in text(page)
        assert "Express interest</a>" not in text(page)
        response = client.post(f"/opportunity/{opportunity.pk}/express-interest/", INTEREST)
        assert response.status_code == 410
    assert not ExpressionOfInterest.objects.exists()


def test_closing_survives_a_later_edit_being_published(make_organisation, make_opportunity):
    opportunity = make_opportunity(make_organisation())
    opportunity.closed_at = timezone.now()
    opportunity.save()

    draft = opportunity.get_latest_revision_as_object()
    draft.summary = "Edited after closing."
    draft.save_revision().publish()

    opportunity.refresh_from_db()
    assert opportunity.summary == "Edited after closing."
    assert opportunity.is_closed


def test_telling_everyone_else_leaves_nobody_waiting(after_commit, client, opportunity, poster):
    chosen, waiting = UserFactory(), UserFactory(email="waiting@example.org")
    for member in (chosen, waiting):
        client.force_login(member)
        with after_commit():
            client.post(f"/opportunity/{opportunity.pk}/express-interest/", INTEREST)
    client.force_login(poster)
    chosen_expression = ExpressionOfInterest.objects.get(member=chosen)
    with after_commit():
        client.post(f"/portal/interest/{chosen_expression.pk}/status/", {"status": "selected"})
    mail.outbox.clear()

    with after_commit():
        client.post(f"/portal/opportunities/{opportunity.pk}/interest/tell-others/")

    assert ExpressionOfInterest.objects.get(member=waiting).status == "not_selected"
    assert ExpressionOfInterest.objects.get(member=chosen).status == "selected"
    assert [message.to for message in mail.outbox] == [["waiting@example.org"]]


def test_outcomes_are_shown_and_sent_to_those_who_took_part(
    after_commit, client, opportunity, poster
):
    participant = UserFactory(email="took.part@example.org")
    client.force_login(participant)
    with after_commit():
        client.post(f"/opportunity/{opportunity.pk}/express-interest/", INTEREST)
    client.force_login(poster)
    expression = ExpressionOfInterest.objects.get()
    with after_commit():
        client.post(f"/portal/interest/{expression.pk}/status/", {"status": "selected"})
    mail.outbox.clear()

    with after_commit():
        client.post(
            f"/portal/opportunities/{opportunity.pk}/outcomes/",
            {"difference_made": "The course now has a peer-led session every week."},
        )

    page = client.get(opportunity.url)
    assert "You said, we did" in text(page)
    assert "peer-led session every week" in text(page)
    [email] = mail.outbox
    assert email.to == ["took.part@example.org"]
    assert "peer-led session every week" in email.body


@pytest.mark.both_databases
def test_an_empty_expression_of_interest_is_refused(after_commit, client, opportunity, poster):
    client.force_login(UserFactory())

    with after_commit():
        response = client.post(
            f"/opportunity/{opportunity.pk}/express-interest/",
            {"message": "", "access_needs": "Breaks, please.", "payment_preference": "not_sure"},
        )

    assert response.status_code == 400
    assert "Enter your message, or tick “I do not want to add a message”" in text(response)
    assert "Breaks, please." in text(response)  # what they typed is kept
    assert not ExpressionOfInterest.objects.exists()
    assert not mail.outbox  # the organisation is not sent an empty expression


@pytest.mark.both_databases
def test_choosing_to_add_no_message_sends_it(client, opportunity, poster):
    client.force_login(UserFactory())

    response = client.post(
        f"/opportunity/{opportunity.pk}/express-interest/",
        {"message": "", "no_message": "on", "payment_preference": "not_sure"},
    )

    assert response.status_code == 302
    assert ExpressionOfInterest.objects.get().message == ""


@pytest.mark.both_databases
@settings(max_examples=40, deadline=None)
@given(message=st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=80))
def test_a_message_needs_a_few_words(message):
    from opportunities.forms import MESSAGE_MIN_WORDS, ExpressionOfInterestForm
    from opportunities.models import OpportunityPage

    form = ExpressionOfInterestForm(
        {"message": message, "payment_preference": "not_sure"},
        opportunity=OpportunityPage(paid=False),
    )

    words = re.findall(r"\w+", message)
    assert form.is_valid() == (len(words) >= MESSAGE_MIN_WORDS)
    if not form.is_valid():
        [error] = form.errors["message"]
        assert "I do not want to add a message" in error
