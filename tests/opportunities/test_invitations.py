"""Organisations invite people; nobody joins without accepting, and inviting never tells the
administrator whether an address has an account or belongs anywhere already."""

import re
from datetime import timedelta
from html import escape

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opportunities import services
from opportunities.models import OrganisationInvitation, OrganisationMembership
from opportunities.models.invitations import hash_token
from tests.members.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ADMIN = OrganisationMembership.Role.ADMIN
LINK = re.compile(r"https?://[^/\s]+(/portal/invitations/[^/\s]+/)")


@pytest.fixture
def admin():
    return UserFactory(email="admin@new-organisation.example.org", display_name="Alex")


@pytest.fixture
def organisation(make_organisation, admin):
    """A brand-new organisation that NSUN has not verified yet, with one administrator."""
    organisation = make_organisation("Brand New Organisation", verified=False)
    OrganisationMembership.objects.create(user=admin, organisation=organisation, role=ADMIN)
    return organisation


def people_url(organisation):
    return f"/portal/organisations/{organisation.pk}/people/"


def invite(client, organisation, email, capture):
    """Post the invitation form and let the task worker send the email afterwards."""
    with capture(execute=True):
        return client.post(people_url(organisation), {"email": email})


def invitation_link(address):
    emails = [message for message in mail.outbox if message.to == [address]]
    assert len(emails) == 1, [message.to for message in mail.outbox]
    return LINK.search(emails[0].body).group(1)


def is_member(user, organisation):
    return OrganisationMembership.objects.filter(user=user, organisation=organisation).exists()


def normalised(html, address):
    """The page with what legitimately differs between two invitations taken out: the typed
    address in the invitations table, form tokens and invitation ids."""
    html = html.replace(f">{escape(address)}</th>", ">EMAIL</th>")
    html = html.replace(f"the invitation to {escape(address)}<", "the invitation to EMAIL<")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
    return re.sub(r"/invitations/\d+/revoke/", "/invitations/N/revoke/", html)


def test_inviting_answers_the_same_whoever_the_address_belongs_to(
    client, make_organisation, organisation, admin, django_capture_on_commit_callbacks
):
    colleague = UserFactory(email="colleague@example.org")
    OrganisationMembership.objects.create(user=colleague, organisation=organisation)
    elsewhere = UserFactory(email="elsewhere@example.org")
    other = make_organisation("Another Organisation", members=[elsewhere])
    OrganisationInvitation.objects.create(
        organisation=other,
        email="invited.elsewhere@example.org",
        email_normalised="invited.elsewhere@example.org",
        expires_at=timezone.now() + timedelta(days=14),
    )
    UserFactory(email="known@example.org")
    UserFactory(email="invited.elsewhere@example.org")
    addresses = {
        "warm-up": "warm.up@example.org",
        "has an account": "Known@Example.org",
        "no account": "nobody.here@example.org",
        "already in this organisation": colleague.email,
        "in another organisation": elsewhere.email,
        "invited by another organisation": "invited.elsewhere@example.org",
        "their own": admin.email,
    }
    client.force_login(admin)
    seen, delivered = {}, {}
    for case, address in addresses.items():
        mail.outbox.clear()
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks() as after_commit,
        ):
            response = client.post(people_url(organisation), {"email": address})
        sql = [query["sql"] for query in queries.captured_queries]  # read before the next request
        page = client.get(response["Location"])
        for callback in after_commit:  # the task worker's part, after the answer has gone
            callback()
        delivered[case] = [message.to for message in mail.outbox]
        seen[case] = {
            "status": response.status_code,
            "location": response["Location"],
            "queries": len(sql),
            "page status": page.status_code,
            "page": normalised(page.content.decode(), address),
            "emails to the administrator": [m.body for m in mail.outbox if admin.email in m.to],
        }
        OrganisationInvitation.objects.filter(organisation=organisation).update(
            revoked_at=timezone.now()
        )
    seen.pop("warm-up")

    first = seen["has an account"]
    for case, answer in seen.items():
        for key, value in answer.items():
            assert value == first[key], f"{key} differs for an address that is {case}"
    assert "They join only if they accept it" in first["page"]
    # Only the worker, afterwards, treats them differently: people already in the organisation
    # have nothing to accept.
    assert delivered["has an account"] == [["Known@Example.org"]]
    assert delivered["no account"] == [["nobody.here@example.org"]]
    assert delivered["in another organisation"] == [["elsewhere@example.org"]]
    assert delivered["already in this organisation"] == delivered["their own"] == []
    assert not OrganisationMembership.objects.filter(
        user__email__in=["known@example.org", "elsewhere@example.org"], organisation=organisation
    ).exists()


def test_the_invited_person_joins_only_when_they_accept(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    person = UserFactory(email="sam@example.org")
    client.force_login(admin)

    invite(client, organisation, "Sam@Example.org ", django_capture_on_commit_callbacks)

    assert not is_member(person, organisation)
    link = invitation_link("Sam@Example.org")
    body = mail.outbox[0].body
    assert "Alex has invited you to help manage their organisation" in body
    assert "NSUN has not yet verified this organisation" in body
    client.force_login(person)
    page = client.get(link)
    assert page.status_code == 200
    assert "Accept and join" in page.content.decode()
    assert not is_member(person, organisation)

    response = client.post(link, {"action": "accept"})

    assert response.status_code == 302
    assert response["Location"] == f"/portal/organisations/{organisation.pk}/"
    assert is_member(person, organisation)
    assert client.get(link).status_code == 410  # single use


def test_declining_changes_nothing(client, organisation, admin, django_capture_on_commit_callbacks):
    person = UserFactory(email="sam@example.org")
    client.force_login(admin)
    invite(client, organisation, person.email, django_capture_on_commit_callbacks)
    link = invitation_link(person.email)
    client.logout()

    response = client.post(link, {"action": "decline"})  # no need to sign in to say no

    assert response.status_code == 200
    assert "You have declined" in response.content.decode()
    assert not is_member(person, organisation)
    client.force_login(person)
    refused = client.post(link, {"action": "accept"})
    assert refused.status_code == 410
    assert "This invitation was declined" in refused.content.decode()
    assert not is_member(person, organisation)


def test_someone_else_signed_in_cannot_accept(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    person = UserFactory(email="sam@example.org")
    someone_else = UserFactory(email="someone.else@example.org")
    client.force_login(admin)
    invite(client, organisation, person.email, django_capture_on_commit_callbacks)
    link = invitation_link(person.email)
    client.force_login(someone_else)

    page = client.get(link)
    response = client.post(link, {"action": "accept"})

    assert page.status_code == 403
    assert response.status_code == 403
    html = response.content.decode()
    assert "not a confirmed address on the account you are signed in with" in html
    assert person.email not in html
    assert "Accept and join" not in html
    assert not is_member(someone_else, organisation)
    assert not is_member(person, organisation)


def test_an_unconfirmed_address_on_the_account_cannot_accept(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    person = UserFactory(email="sam@example.org", verified=False)
    client.force_login(admin)
    invite(client, organisation, person.email, django_capture_on_commit_callbacks)
    link = invitation_link(person.email)
    client.force_login(person)

    response = client.post(link, {"action": "accept"})

    assert response.status_code == 403
    assert not is_member(person, organisation)


def test_a_new_person_creates_an_account_then_accepts(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    invite(client, organisation, "new.person@example.org", django_capture_on_commit_callbacks)
    link = invitation_link("new.person@example.org")
    assert "first create an account" in mail.outbox[0].body
    client.logout()
    mail.outbox.clear()

    page = client.get(link).content.decode()
    signup_url = re.search(r'href="(/accounts/signup/\?next=[^"]+)"', page).group(1)
    client.post(
        signup_url.replace("&amp;", "&"),
        {
            "email": "new.person@example.org",
            "password1": "plenty-of-words-here-9",
            "password2": "plenty-of-words-here-9",
        },
    )
    confirm = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[0].body)
    client.post(confirm.group(1))
    signed_in = client.post(
        f"/accounts/login/?next={link}",
        {"login": "new.person@example.org", "password": "plenty-of-words-here-9", "next": link},
    )
    assert signed_in["Location"] == link

    client.post(link, {"action": "accept"})

    assert OrganisationMembership.objects.filter(
        user__email="new.person@example.org", organisation=organisation
    ).exists()


def test_accepting_while_signed_out_asks_to_sign_in_first(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    person = UserFactory(email="sam@example.org")
    client.force_login(admin)
    invite(client, organisation, person.email, django_capture_on_commit_callbacks)
    link = invitation_link(person.email)
    client.logout()

    response = client.post(link, {"action": "accept"})
    assert response["Location"].startswith("/accounts/login/?next=/portal/invitations/")
    assert not is_member(person, organisation)

    client.post(response["Location"], {"login": person.email, "password": DEFAULT_PASSWORD})
    client.post(link, {"action": "accept"})
    assert is_member(person, organisation)


def expire(invitation):
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()


def revoke(invitation):
    invitation.revoked_at = timezone.now()
    invitation.save()


def use(invitation):
    invitation.accepted_at = timezone.now()
    invitation.save()


@pytest.mark.both_databases
@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (expire, "This invitation has expired."),
        (revoke, "The organisation has withdrawn this invitation."),
        (use, "This invitation has already been accepted."),
    ],
)
def test_expired_withdrawn_or_used_invitations_are_refused_plainly(
    client, organisation, admin, django_capture_on_commit_callbacks, spoil, message
):
    person = UserFactory(email="sam@example.org")
    client.force_login(admin)
    invite(client, organisation, person.email, django_capture_on_commit_callbacks)
    link = invitation_link(person.email)
    spoil(OrganisationInvitation.objects.get())
    client.force_login(person)

    for response in [client.get(link), client.post(link, {"action": "accept"})]:
        assert response.status_code == 410
        assert message in response.content.decode()
    assert not is_member(person, organisation)


@pytest.mark.both_databases
@pytest.mark.parametrize(
    "token", ["not-a-real-token", "x" * 5000, "%00null", "%E2%80%AEreversed", "'; DROP TABLE x;--"]
)
def test_a_wrong_link_is_refused_plainly(client, token):
    client.force_login(UserFactory())

    for response in [
        client.get(f"/portal/invitations/{token}/"),
        client.post(f"/portal/invitations/{token}/", {"action": "accept"}),
    ]:
        assert response.status_code == 404
        assert "This invitation link does not work" in response.content.decode()


@pytest.mark.both_databases
def test_an_answer_other_than_accept_or_decline_is_refused(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    person = UserFactory(email="sam@example.org")
    client.force_login(admin)
    invite(client, organisation, person.email, django_capture_on_commit_callbacks)
    link = invitation_link(person.email)
    client.force_login(person)

    response = client.post(link, {"action": "join-everything\x00"})

    assert response.status_code == 400
    assert "Choose whether to accept or decline" in response.content.decode()
    assert not is_member(person, organisation)


@pytest.mark.both_databases
@pytest.mark.parametrize(
    "typed",
    ["not an email", "", "a" * 250 + "@example.org", "null\x00@example.org", "<script>@x.org"],
)
def test_a_bad_address_gets_a_plain_message_and_keeps_what_was_typed(
    client, organisation, admin, typed
):
    client.force_login(admin)

    response = client.post(people_url(organisation), {"email": typed})

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "<script>@x.org" not in html
    if typed and "\x00" not in typed:
        assert f'value="{escape(typed)}"' in html
    assert not OrganisationInvitation.objects.exists()


@pytest.mark.both_databases
def test_invitations_are_limited_per_organisation_per_day(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    for number in range(services.INVITATIONS_PER_DAY):
        response = invite(
            client, organisation, f"person{number}@example.org", django_capture_on_commit_callbacks
        )
        assert response.status_code == 302

    response = invite(
        client, organisation, "one.more@example.org", django_capture_on_commit_callbacks
    )

    assert response.status_code == 429
    html = response.content.decode()
    assert "as many as it can send in a day" in html
    assert 'value="one.more@example.org"' in html
    assert not OrganisationInvitation.objects.filter(email="one.more@example.org").exists()


def test_an_administrator_can_withdraw_an_invitation(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    person = UserFactory(email="sam@example.org")
    client.force_login(admin)
    invite(client, organisation, person.email, django_capture_on_commit_callbacks)
    link = invitation_link(person.email)
    invitation = OrganisationInvitation.objects.get()
    assert person.email in client.get(f"/portal/organisations/{organisation.pk}/").content.decode()

    client.post(f"/portal/organisations/{organisation.pk}/invitations/{invitation.pk}/revoke/")

    page = client.get(f"/portal/organisations/{organisation.pk}/").content.decode()
    assert "No invitations are waiting for an answer" in page
    client.force_login(person)
    assert client.post(link, {"action": "accept"}).status_code == 410
    assert not is_member(person, organisation)


def test_inviting_again_replaces_the_first_link(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    person = UserFactory(email="sam@example.org")
    client.force_login(admin)
    invite(client, organisation, person.email, django_capture_on_commit_callbacks)
    first_link = invitation_link(person.email)
    mail.outbox.clear()
    invite(client, organisation, person.email, django_capture_on_commit_callbacks)
    second_link = invitation_link(person.email)
    client.force_login(person)

    assert client.post(first_link, {"action": "accept"}).status_code == 410
    assert client.post(second_link, {"action": "accept"}).status_code == 302
    assert is_member(person, organisation)


def test_only_administrators_can_invite_or_withdraw(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    member = UserFactory()
    OrganisationMembership.objects.create(user=member, organisation=organisation)
    client.force_login(admin)
    invite(client, organisation, "sam@example.org", django_capture_on_commit_callbacks)
    invitation = OrganisationInvitation.objects.get()
    client.force_login(member)

    invite(client, organisation, "friend@example.org", django_capture_on_commit_callbacks)
    revoke_url = f"/portal/organisations/{organisation.pk}/invitations/{invitation.pk}/revoke/"
    assert client.post(revoke_url).status_code == 404

    assert list(OrganisationInvitation.objects.values_list("email", "revoked_at")) == [
        ("sam@example.org", None)
    ]
    assert (
        "sam@example.org"
        not in client.get(f"/portal/organisations/{organisation.pk}/").content.decode()
    )


def test_a_verified_organisation_does_not_say_it_is_unverified(
    client, make_organisation, django_capture_on_commit_callbacks
):
    admin = UserFactory()
    organisation = make_organisation("Checked Organisation", verified=True)
    OrganisationMembership.objects.create(user=admin, organisation=organisation, role=ADMIN)
    client.force_login(admin)

    invite(client, organisation, "sam@example.org", django_capture_on_commit_callbacks)

    assert "not yet verified" not in mail.outbox[0].body


def test_an_administrator_removes_someone_and_people_can_leave(client, organisation, admin):
    first, second = UserFactory(), UserFactory()
    first_membership = OrganisationMembership.objects.create(user=first, organisation=organisation)
    OrganisationMembership.objects.create(user=second, organisation=organisation)
    client.force_login(admin)

    client.post(f"/portal/organisations/{organisation.pk}/people/{first_membership.pk}/remove/")
    client.force_login(second)
    response = client.post(f"/portal/organisations/{organisation.pk}/leave/")

    assert response["Location"] == "/portal/"
    assert not is_member(first, organisation)
    assert not is_member(second, organisation)
    assert is_member(admin, organisation)


def test_the_last_administrator_can_be_neither_removed_nor_leave(client, organisation, admin):
    own = OrganisationMembership.objects.get(user=admin)
    client.force_login(admin)

    client.post(f"/portal/organisations/{organisation.pk}/people/{own.pk}/remove/")
    left = client.post(f"/portal/organisations/{organisation.pk}/leave/", follow=True)

    assert is_member(admin, organisation)
    assert "needs at least one administrator" in left.content.decode()


def test_members_cannot_remove_people(client, organisation, admin):
    member = UserFactory()
    OrganisationMembership.objects.create(user=member, organisation=organisation)
    client.force_login(member)

    admin_membership = OrganisationMembership.objects.get(user=admin)
    client.post(f"/portal/organisations/{organisation.pk}/people/{admin_membership.pk}/remove/")

    assert is_member(admin, organisation)


def test_daily_jobs_delete_invitations_30_days_after_they_end(organisation, admin):
    now = timezone.now()

    def make(email, **dates):
        return OrganisationInvitation.objects.create(
            organisation=organisation,
            email=email,
            email_normalised=email,
            invited_by=admin,
            created_at=now - timedelta(days=60),
            expires_at=dates.pop("expires_at", now + timedelta(days=1)),
            **dates,
        )

    make("expired.long.ago@example.org", expires_at=now - timedelta(days=31))
    make("declined.long.ago@example.org", declined_at=now - timedelta(days=31))
    make("accepted.lately@example.org", accepted_at=now - timedelta(days=29))
    make("expired.lately@example.org", expires_at=now - timedelta(days=29))
    make("still.waiting@example.org")

    call_command("daily_jobs")

    assert sorted(OrganisationInvitation.objects.values_list("email", flat=True)) == [
        "accepted.lately@example.org",
        "expired.lately@example.org",
        "still.waiting@example.org",
    ]


def test_invitation_actions_need_a_csrf_token(organisation, admin):
    from django.test import Client

    person = UserFactory(email="sam@example.org")
    invitation = OrganisationInvitation.objects.create(
        organisation=organisation,
        email=person.email,
        email_normalised=person.email,
        invited_by=admin,
        token_hash=hash_token("a-known-token"),
        expires_at=timezone.now() + timedelta(days=14),
    )
    own = OrganisationMembership.objects.get(user=admin)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    for url in [
        people_url(organisation),
        f"/portal/organisations/{organisation.pk}/invitations/{invitation.pk}/revoke/",
        f"/portal/organisations/{organisation.pk}/people/{own.pk}/remove/",
        f"/portal/organisations/{organisation.pk}/leave/",
    ]:
        assert client.post(url, {"email": "friend@example.org"}).status_code == 403, url
    client.force_login(person)
    assert (
        client.post("/portal/invitations/a-known-token/", {"action": "accept"}).status_code == 403
    )

    assert list(OrganisationInvitation.objects.values_list("email", "revoked_at")) == [
        (person.email, None)
    ]
    assert not is_member(person, organisation)
