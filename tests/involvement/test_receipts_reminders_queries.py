"""Receipts reach only their member, that organisation's administrators and staff; overdue
payments remind the organisation once a day; page queries do not grow with the rows."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from involvement import services
from involvement.models import PaymentReminder
from involvement.selectors import usually_pays_within
from tests.involvement.conftest import PDF
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def receipt(make_involvement, member):
    involvement = make_involvement(member)
    claim = services.claim_submit(
        involvement=involvement,
        kind="childcare",
        amount_pence=4000,
        spent_on=timezone.localdate(),
        description="Childminder",
        receipts=[SimpleUploadedFile("childminder.pdf", PDF)],
        member=member,
    )
    return claim.receipts.get()


def test_receipts_are_stored_outside_media_and_have_no_url(receipt):
    path = Path(receipt.file.path)
    assert Path(settings.PRIVATE_MEDIA_ROOT) in path.parents
    assert Path(settings.MEDIA_ROOT) not in path.parents
    assert "childminder" not in path.name  # the person's file name is not in the path
    with pytest.raises(ValueError):
        receipt.file.url  # noqa: B018


def test_an_attacker_cannot_reach_a_receipt(client, receipt, other_org_admin, organisation):
    url = f"/account/involvement/receipts/{receipt.pk}/"
    # Signed out: sent to sign in, no file.
    response = client.get(url)
    assert response.status_code == 302 and b"%PDF" not in response.content
    # Another member, guessing ids around it.
    client.force_login(UserFactory())
    for guess in range(max(receipt.pk - 3, 1), receipt.pk + 4):
        assert client.get(f"/account/involvement/receipts/{guess}/").status_code == 404
    # Another organisation's administrator.
    client.force_login(other_org_admin)
    assert client.get(url).status_code == 404
    # A member of this organisation who is not an administrator.
    from opportunities.models import OrganisationMembership

    writer = UserFactory()
    OrganisationMembership.objects.create(user=writer, organisation=organisation)
    client.force_login(writer)
    assert client.get(url).status_code == 404
    # The file's storage name under /media/ (served in development): not there.
    client.logout()
    for guess in (f"/media/{receipt.file.name}", f"/media/private-media/{receipt.file.name}"):
        response = client.get(guess, follow=True)
        assert response.status_code == 404 and b"%PDF" not in response.content


def test_the_member_the_admins_and_staff_can_download_it(client, receipt, member, org_admin):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="core", codename="nsun_staff")
    )
    for user in (member, org_admin, staff):
        client.force_login(user)
        response = client.get(f"/account/involvement/receipts/{receipt.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Cache-Control"] == "private, no-store"


def test_cms_access_alone_is_not_nsun_staff_for_receipts(client, receipt):
    """Staff screens and files go by core's NSUN staff permission, not by Django's is_staff."""
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"/account/involvement/receipts/{receipt.pk}/").status_code == 404


def test_overdue_payments_remind_the_admins_once_a_day(
    django_capture_on_commit_callbacks, make_involvement, member, org_admin
):
    involvement = make_involvement(member)
    long_ago = timezone.localdate() - timedelta(days=40)
    services.session_record(
        involvement=involvement, date=long_ago, quantity=2, mode="online", user=org_admin
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.payment_reminders_send() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.payment_reminders_send() == 0  # not twice the same day
    reminders = [m for m in mail.outbox if "overdue" in m.subject]
    assert len(reminders) == 1
    assert reminders[0].to == ["admin@northfield.example"]
    assert "£40.00" in reminders[0].body
    assert PaymentReminder.objects.count() == 1
    # The next day, still unpaid: reminded again.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.payment_reminders_send(today=timezone.localdate() + timedelta(days=1)) == 1


def test_nothing_overdue_sends_nothing(
    django_capture_on_commit_callbacks, make_involvement, member, org_admin
):
    involvement = make_involvement(member)
    services.session_record(
        involvement=involvement,
        date=timezone.localdate(),
        quantity=1,
        mode="online",
        user=org_admin,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.payment_reminders_send() == 0


def _pay_sessions(involvement, admin, count, days_late=0):
    today = timezone.localdate()
    for n in range(count):
        session = services.session_record(
            involvement=involvement,
            date=today - timedelta(days=30 + n),
            quantity=1,
            mode="online",
            user=admin,
        )
        services.fee_payment_record(
            involvement=involvement,
            sessions=[session],
            paid_on=session.date + timedelta(days=7 + days_late),
            method="bank_transfer",
            user=admin,
        )


def test_usually_pays_within_shows_only_from_five_payments_to_three_people(
    client, make_involvement, member, org_admin, organisation
):
    first, second, third = make_involvement(member), make_involvement(), make_involvement()
    _pay_sessions(first, org_admin, 3)
    _pay_sessions(second, org_admin, 2)
    # Five payments, but to two people: the figure could describe one of them.
    assert usually_pays_within(organisation) is None
    assert "Usually pays within" not in client.get(organisation.url).content.decode()
    _pay_sessions(third, org_admin, 1)
    assert usually_pays_within(organisation) == 7
    assert "Usually pays within 7 days" in client.get(organisation.url).content.decode()


def _fill(involvement, admin, member, rows):
    today = timezone.localdate()
    for n in range(rows):
        services.session_record(
            involvement=involvement,
            date=today - timedelta(days=n),
            quantity=1,
            mode="online",
            user=admin,
        )
        claim = services.claim_submit(
            involvement=involvement,
            kind="travel",
            amount_pence=100 * rows + n,  # each claim a different cost
            spent_on=today,
            description="",
            receipts=[SimpleUploadedFile("r.pdf", PDF)],
            member=member,
        )
        services.claim_decide(claim=claim, decision="approve", reason="", user=admin)


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first request of a test makes the site's settings row
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["mine", "detail", "portal", "payments", "opportunity"])
def test_page_queries_do_not_grow_with_rows(
    client, make_involvement, member, org_admin, organisation, opportunity, page
):
    involvement = make_involvement(member)
    urls = {
        "mine": (member, "/account/involvement/"),
        "detail": (member, f"/account/involvement/{involvement.pk}/"),
        "portal": (org_admin, f"/portal/involvement/{involvement.pk}/"),
        "payments": (org_admin, f"/portal/involvement/organisations/{organisation.pk}/payments/"),
        "opportunity": (org_admin, f"/portal/involvement/opportunities/{opportunity.pk}/"),
    }
    user, url = urls[page]
    client.force_login(user)
    _fill(involvement, org_admin, member, 2)
    few = _queries(client, url)
    _fill(involvement, org_admin, member, 8)
    make_involvement(UserFactory())
    many = _queries(client, url)
    assert many == few


def test_the_data_export_holds_the_involvement_and_deleting_the_account_keeps_payments_only(
    receipt, member, org_admin
):
    from members.data_rights import member_data_export, member_delete_account

    involvement = receipt.claim.involvement
    services.session_record(
        involvement=involvement,
        date=timezone.localdate(),
        quantity=1,
        mode="in_person",
        user=org_admin,
    )
    exported = member_data_export(member)["involvement"]
    assert exported[0]["sessions"][0]["fee_due_pence"] == 2000
    assert exported[0]["expense_claims"][0]["amount_pence"] == 4000
    assert exported[0]["expense_claims"][0]["receipts"] == ["childminder.pdf"]

    path = Path(receipt.file.path)
    member_delete_account(member=member)
    involvement.refresh_from_db()
    assert involvement.member is None and involvement.status == "ended"
    assert involvement.sessions.get().fee_due_pence == 2000  # the payment record stays
    claim = involvement.claims.get()
    assert claim.amount_pence == 4000 and claim.description == ""
    assert not claim.receipts.exists() and not path.exists()


def test_retention_deletes_receipts_a_year_after_payment_and_records_after_six_years(
    receipt, org_admin
):
    claim = receipt.claim
    services.claim_decide(claim=claim, decision="approve", reason="", user=org_admin)
    services.claim_mark_paid(
        claim=claim, paid_on=timezone.localdate(), method="cash", user=org_admin
    )
    path = Path(receipt.file.path)
    assert (
        services.involvement_apply_retention(today=timezone.localdate() + timedelta(days=300)) == 0
    )
    assert (
        services.involvement_apply_retention(today=timezone.localdate() + timedelta(days=370)) == 1
    )
    assert not path.exists()
    claim.refresh_from_db()
    assert claim.status == "paid"  # the payment stays recorded
    involvement = claim.involvement
    services.involvement_end(involvement=involvement, ended_by="organisation", user=org_admin)
    services.involvement_apply_retention(today=timezone.localdate() + timedelta(days=6 * 366 + 2))
    assert not type(involvement).objects.filter(pk=involvement.pk).exists()
