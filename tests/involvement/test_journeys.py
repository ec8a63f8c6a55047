"""After selection, through the real views: the organisation records sessions and pays; the
member sees what is due and paid, claims expenses with receipts; either side ends it; another
organisation sees nothing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from involvement.models import ClaimStatus, ExpenseClaim, Involvement, InvolvementEvent
from tests.involvement.conftest import PDF, text

pytestmark = pytest.mark.django_db


def test_selecting_someone_starts_their_involvement_with_the_advert_terms(
    client, opportunity, org_admin, make_involvement, member
):
    involvement = make_involvement(member)
    assert involvement.member == member
    assert involvement.organisation_id == opportunity.get_parent().pk
    assert involvement.fee_per_unit_pence == 2000  # £20 an hour in the advert
    assert involvement.fee_unit == "hour"
    assert involvement.days_to_pay == 10
    assert Involvement.objects.count() == 1


def test_expenses_only_means_no_fee(make_involvement, member):
    assert make_involvement(member, preference="expenses_only").fee_per_unit_pence == 0


def test_the_whole_journey(
    client, django_capture_on_commit_callbacks, org_admin, member, make_involvement, opportunity
):
    involvement = make_involvement(member)
    today = timezone.localdate()
    session_day = today - timedelta(days=3)

    # The organisation records a 1.5 hour session: £30 due ten days later.
    client.force_login(org_admin)
    listing = client.get(f"/portal/involvement/opportunities/{opportunity.pk}/")
    assert "Mo Member" in text(listing)
    response = client.post(
        f"/portal/involvement/{involvement.pk}/sessions/",
        {
            "session-date": session_day.isoformat(),
            "session-quantity": "1.5",
            "session-mode": "online",
        },
        follow=True,
    )
    assert "Session recorded." in text(response)
    session = involvement.sessions.get()
    assert session.fee_due_pence == 3000
    assert session.due_by == session_day + timedelta(days=10)

    # The member sees the session, the fee and the promised date.
    client.force_login(member)
    mine = text(client.get("/account/involvement/"))
    assert opportunity.title in mine and "£30.00" in mine
    detail = text(client.get(f"/account/involvement/{involvement.pk}/"))
    assert f"Due by {session.due_by:%-d %B %Y}" in detail

    # The member claims travel with a receipt; the organisation's admins are emailed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/account/involvement/{involvement.pk}/claims/new/",
            {
                "kind": "travel",
                "amount": "£12.50",
                "spent_on": session_day.isoformat(),
                "description": "Bus to the meeting",
                "receipts": SimpleUploadedFile("ticket.pdf", PDF, content_type="application/pdf"),
            },
            follow=True,
        )
    assert "Your claim has been sent" in text(response)
    claim = ExpenseClaim.objects.get()
    assert claim.amount_pence == 1250 and claim.receipts.count() == 1
    assert any("admin@northfield.example" in m.to for m in mail.outbox)

    # The organisation queries it; the member sees the question and answers.
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/portal/involvement/claims/{claim.pk}/decide/",
            {"decision-decision": "query", "decision-reason": "Which bus?"},
        )
    client.force_login(member)
    assert "Which bus?" in text(client.get(f"/account/involvement/{involvement.pk}/"))
    response = client.post(
        f"/account/involvement/claims/{claim.pk}/answer/",
        {"amount": "12.5", "spent_on": session_day.isoformat(), "description": "The 42 bus"},
        follow=True,
    )
    assert "sent again" in text(response)

    # Approved, then paid; the fee is paid too.
    client.force_login(org_admin)
    client.post(
        f"/portal/involvement/claims/{claim.pk}/decide/",
        {"decision-decision": "approve", "decision-reason": ""},
    )
    client.post(
        f"/portal/involvement/claims/{claim.pk}/paid/",
        {"paid-paid_on": today.isoformat(), "paid-method": "bank_transfer"},
    )
    response = client.post(
        f"/portal/involvement/{involvement.pk}/fees-paid/",
        {
            "fee-sessions": [session.pk],
            "fee-paid_on": today.isoformat(),
            "fee-method": "bank_transfer",
        },
        follow=True,
    )
    assert "Payment recorded" in text(response)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID

    client.force_login(member)
    detail = text(client.get(f"/account/involvement/{involvement.pk}/"))
    assert f"Paid on {today:%-d %B %Y}" in detail
    assert "Fees paid</dt><dd>£30.00" in detail
    assert "Expenses paid</dt><dd>£12.50" in detail

    # The member ends it; the organisation is told.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/account/involvement/{involvement.pk}/end/", {"end-reason": ""})
    involvement.refresh_from_db()
    assert involvement.status == "ended" and involvement.ended_by == "member"
    assert any("ended their involvement" in m.subject for m in mail.outbox)

    # Every change is in the audit trail, with who did it.
    actions = list(InvolvementEvent.objects.values_list("actor", "action"))
    assert ("organisation", "started") in actions
    assert ("member", "claimed") in actions
    assert ("organisation", "query") in actions
    assert ("organisation", "approve") in actions
    assert ("member", "ended") in actions


def test_the_organisation_ends_an_involvement_and_the_member_is_told(
    client, django_capture_on_commit_callbacks, org_admin, member, make_involvement
):
    involvement = make_involvement(member)
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/portal/involvement/{involvement.pk}/end/",
            {"end-reason": "The project finished."},
            follow=True,
        )
    assert "has ended" in text(response)
    message = next(m for m in mail.outbox if "has ended" in m.subject)
    assert message.to == ["member@example.org"]
    assert "The project finished." in message.body


PORTAL_GETS = [
    "/portal/involvement/opportunities/{opportunity}/",
    "/portal/involvement/organisations/{organisation}/payments/",
    "/portal/involvement/{involvement}/",
    "/portal/involvement/claims/{claim}/",
]
PORTAL_POSTS = [
    "/portal/involvement/{involvement}/sessions/",
    "/portal/involvement/{involvement}/fees-paid/",
    "/portal/involvement/{involvement}/terms/",
    "/portal/involvement/{involvement}/end/",
    "/portal/involvement/claims/{claim}/decide/",
    "/portal/involvement/claims/{claim}/paid/",
]
MEMBER_GETS = [
    "/account/involvement/{involvement}/",
    "/account/involvement/{involvement}/claims/new/",
    "/account/involvement/claims/{claim}/answer/",
    "/account/involvement/receipts/{receipt}/",
]
MEMBER_POSTS = [
    "/account/involvement/{involvement}/claims/new/",
    "/account/involvement/{involvement}/end/",
    "/account/involvement/claims/{claim}/answer/",
]


@pytest.fixture
def records(make_involvement, member, opportunity):
    from involvement import services

    involvement = make_involvement(member)
    claim = services.claim_submit(
        involvement=involvement,
        kind="travel",
        amount_pence=500,
        spent_on=timezone.localdate(),
        description="",
        receipts=[
            __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
                "r.pdf", PDF
            )
        ],
        member=member,
    )
    services.claim_decide(claim=claim, decision="query", reason="?", user=None)
    return {
        "opportunity": opportunity.pk,
        "organisation": involvement.organisation_id,
        "involvement": involvement.pk,
        "claim": claim.pk,
        "receipt": claim.receipts.get().pk,
    }


def test_another_organisation_gets_404_everywhere(client, other_org_admin, records):
    client.force_login(other_org_admin)
    for url in PORTAL_GETS + MEMBER_GETS:
        assert client.get(url.format(**records)).status_code == 404, url
    for url in PORTAL_POSTS + MEMBER_POSTS:
        assert client.post(url.format(**records), {}).status_code == 404, url


def test_a_member_of_the_organisation_who_is_not_an_admin_gets_404(client, records, organisation):
    from opportunities.models import OrganisationMembership
    from tests.members.factories import UserFactory

    writer = UserFactory()
    OrganisationMembership.objects.create(user=writer, organisation=organisation)
    client.force_login(writer)
    for url in PORTAL_GETS:
        assert client.get(url.format(**records)).status_code == 404, url


def test_another_member_gets_404_on_the_member_pages(client, records):
    from tests.members.factories import UserFactory

    client.force_login(UserFactory())
    for url in MEMBER_GETS:
        assert client.get(url.format(**records)).status_code == 404, url
    assert "Nothing yet" in text(client.get("/account/involvement/"))


def test_signed_out_people_are_sent_to_sign_in(client, records):
    for url in PORTAL_GETS + MEMBER_GETS:
        response = client.get(url.format(**records))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
