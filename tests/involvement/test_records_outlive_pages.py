"""Payment records are kept six years (docs/data_protection.md): deleting the page they belong to
is refused with a reason, and a receipt's file never outlives its row."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.utils import timezone

from involvement import services
from involvement.models import ExpenseReceipt, FeePayment, Involvement
from tests.involvement.conftest import PDF
from tests.members.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _paid(involvement, org_admin):
    from decimal import Decimal

    today = timezone.localdate()
    session = services.session_record(
        involvement=involvement, date=today, quantity=Decimal(1), mode="online", user=org_admin
    )
    services.fee_payment_record(
        involvement=involvement,
        sessions=[session],
        paid_on=today,
        method="bank_transfer",
        user=org_admin,
    )


@pytest.mark.parametrize("which", ["opportunity", "organisation"])
def test_staff_cannot_delete_a_page_that_holds_payment_records(
    client, make_involvement, org_admin, which
):
    involvement = make_involvement()
    _paid(involvement, org_admin)
    page = getattr(involvement, which)
    client.force_login(StaffFactory())

    response = client.post(f"/cms/pages/{page.pk}/delete/", follow=True)

    assert "cannot be deleted" in response.content.decode()
    assert Involvement.objects.filter(pk=involvement.pk).exists()
    assert FeePayment.objects.filter(involvement=involvement).count() == 1
    with pytest.raises(ProtectedError):
        page.delete()  # and no other way round it


def test_a_receipt_file_goes_with_its_row_however_the_row_goes(make_involvement, org_admin):
    involvement = make_involvement()
    claim = services.claim_submit(
        involvement=involvement,
        kind="travel",
        amount_pence=450,
        spent_on=timezone.localdate(),
        description="Bus there and back",
        receipts=[SimpleUploadedFile("bus.pdf", PDF)],
        member=involvement.member,
    )
    path = Path(ExpenseReceipt.objects.get(claim=claim).file.path)
    assert path.exists()

    claim.delete()  # a cascade, as when a whole record passes its retention period

    assert not path.exists()
