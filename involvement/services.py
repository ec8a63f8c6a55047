"""Writes for involvement: starting and ending it, sessions, fees paid, expense claims, receipts.

Every change writes an InvolvementEvent (the audit trail) in the same transaction. Amounts are
whole pence. Errors a person can fix raise NotAllowed with a plain message.
"""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core.caching import content_changed
from core.emails import absolute_url, queue_templated_email
from core.exceptions import NotAllowed
from involvement.models import (
    DEFAULT_DAYS_TO_PAY,
    ClaimStatus,
    EndedBy,
    ExpenseClaim,
    ExpenseReceipt,
    FeePayment,
    Involvement,
    InvolvementEvent,
    InvolvementSession,
    InvolvementStatus,
    PaymentReminder,
)
from involvement.money import format_pence
from involvement.signals import involvement_ended
from opportunities.models import OrganisationMembership, PaymentPreference

Actor = InvolvementEvent.Actor

# Receipts: what a phone camera or a scanner makes. Checked by the file's first bytes, not its name.
RECEIPT_TYPES = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/heic": (".heic", ".heif"),
}
RECEIPTS_PER_CLAIM = 5
# The same claim (kind, amount, date and words) sent again this soon is a repeat (a double-click,
# a resent form), not a new cost.
DUPLICATE_CLAIM_WINDOW = timedelta(minutes=2)
# Receipts are deleted this long after their claim is paid or refused (docs/data_protection.md).
RECEIPT_RETENTION = timedelta(days=365)
# Payment records are kept six years after the involvement ends: HMRC's record-keeping period
# for businesses and charities (gov.uk/running-a-limited-company/company-and-accounting-records).
RECORD_RETENTION = timedelta(days=6 * 366)


def _check_within_involvement(involvement, day, what):
    """Raises NotAllowed when `day` (a date) is after the involvement ended or in the future.
    A cost or session from before the end may still be recorded after it (the last session's
    travel is often claimed later). `what` names the date in the message ("the session")."""
    if day > timezone.localdate():
        raise NotAllowed(f"The date of {what} cannot be in the future.")
    if involvement.ended_at is not None and day > timezone.localdate(involvement.ended_at):
        raise NotAllowed(
            f"The date of {what} is after this involvement ended on "
            f"{timezone.localdate(involvement.ended_at):%-d %B %Y}."
        )


# Fields holding words a person typed (the member's or the organisation's about them): the audit
# trail records that they changed, never what they said, so that deleting the account leaves no
# copy of them behind.
FREE_TEXT_FIELDS = frozenset({"description", "reason", "end_reason", "contribution"})
CHANGED = "(changed)"


def _audit(involvement, *, user, actor, action, subject, field="", from_value="", to_value=""):
    if field in FREE_TEXT_FIELDS:
        from_value, to_value = "", CHANGED
    InvolvementEvent.objects.create(
        involvement=involvement,
        user=user if user is not None and user.is_authenticated else None,
        actor=actor,
        action=action,
        subject=subject,
        field=field,
        from_value=str(from_value)[:200],
        to_value=str(to_value)[:200],
    )


def _save(instance):
    try:
        instance.full_clean()
    except ValidationError as error:
        raise NotAllowed(" ".join(error.messages)) from error
    instance.save()


def fee_due_pence(*, fee_per_unit_pence, quantity):
    """The fee for `quantity` units (Decimal hours, sessions or days) at `fee_per_unit_pence`,
    rounded half up to a whole penny."""
    amount = Decimal(fee_per_unit_pence) * Decimal(quantity)
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def advert_fee_pence(opportunity):
    """The advert's fee per unit in pence (0 when unpaid or not given)."""
    if not opportunity.paid or opportunity.fee_amount is None:
        return 0
    return int((opportunity.fee_amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def admin_emails(organisation_id):
    return list(
        OrganisationMembership.objects.filter(
            organisation_id=organisation_id, role=OrganisationMembership.Role.ADMIN
        ).values_list("user__email", flat=True)
    )


# The involvement


@transaction.atomic
def involvement_start(*, expression, user=None):
    """The Involvement of a selected expression of interest, made once (later calls return it).

    Copies the member's payment choice and the advert's fee, unit and days to pay: expenses only
    means no fee; a lower fee starts at the advert's fee until the organisation records the
    agreed amount (involvement_set_terms).
    """
    existing = Involvement.objects.filter(expression=expression).first()
    if existing is not None:
        return existing
    opportunity = expression.opportunity
    fee = advert_fee_pence(opportunity)
    if expression.payment_preference == PaymentPreference.EXPENSES_ONLY:
        fee = 0
    involvement = Involvement(
        expression=expression,
        member=expression.member,
        opportunity=opportunity,
        organisation_id=opportunity.get_parent().pk,
        payment_preference=expression.payment_preference,
        fee_per_unit_pence=fee,
        fee_unit=opportunity.fee_unit if fee else "",
        days_to_pay=opportunity.days_to_pay
        if opportunity.days_to_pay is not None
        else DEFAULT_DAYS_TO_PAY,
    )
    _save(involvement)
    _audit(
        involvement,
        user=user,
        actor=Actor.ORGANISATION,
        action="started",
        subject=f"involvement {involvement.pk}",
        to_value=f"{format_pence(fee)} {involvement.get_fee_unit_display()}".strip(),
    )
    return involvement


@transaction.atomic
def involvement_set_terms(
    *, involvement, payment_preference, fee_per_unit_pence, contribution, user
):
    """The organisation records what was agreed: how the person is paid, the fee per unit (pence)
    and, for the reference letter, what they contributed. Unpaid sessions take the new fee."""
    changes = {
        "payment_preference": payment_preference,
        "fee_per_unit_pence": 0
        if payment_preference == PaymentPreference.EXPENSES_ONLY
        else fee_per_unit_pence,
        "contribution": contribution,
    }
    if changes["fee_per_unit_pence"] and not involvement.fee_unit:
        involvement.fee_unit = involvement.opportunity.fee_unit or "session"
    for name, value in changes.items():
        old = getattr(involvement, name)
        if old != value:
            setattr(involvement, name, value)
            shown = (lambda v: format_pence(v)) if name == "fee_per_unit_pence" else str
            _audit(
                involvement,
                user=user,
                actor=Actor.ORGANISATION,
                action="changed",
                subject=f"involvement {involvement.pk}",
                field=name,
                from_value=shown(old),
                to_value=shown(value),
            )
    _save(involvement)
    for session in involvement.sessions.filter(payment__isnull=True):
        fee = fee_due_pence(
            fee_per_unit_pence=involvement.fee_per_unit_pence, quantity=session.quantity
        )
        if fee != session.fee_due_pence:
            _audit(
                involvement,
                user=user,
                actor=Actor.ORGANISATION,
                action="changed",
                subject=f"session {session.pk}",
                field="fee_due_pence",
                from_value=format_pence(session.fee_due_pence),
                to_value=format_pence(fee),
            )
            session.fee_due_pence = fee
            session.save(update_fields=["fee_due_pence"])
    return involvement


@transaction.atomic
def involvement_end(*, involvement, ended_by, user, reason=""):
    """Either side ends the involvement; the other side is told by email. Sends involvement_ended."""
    if not involvement.is_active:
        raise NotAllowed("This involvement has already ended.")
    involvement.status = InvolvementStatus.ENDED
    involvement.ended_at = timezone.now()
    involvement.ended_by = EndedBy(ended_by)
    involvement.end_reason = reason
    _save(involvement)
    _audit(
        involvement,
        user=user,
        actor=Actor.MEMBER if ended_by == EndedBy.MEMBER else Actor.ORGANISATION,
        action="ended",
        subject=f"involvement {involvement.pk}",
        field="status",
        from_value=InvolvementStatus.ACTIVE,
        to_value=InvolvementStatus.ENDED,
    )
    context = {"involvement": involvement, "opportunity": involvement.opportunity}
    if ended_by == EndedBy.MEMBER:
        queue_templated_email(
            template="involvement_ended_by_member",
            context={
                **context,
                "portal_url": absolute_url(f"/portal/involvement/{involvement.pk}/"),
            },
            to=admin_emails(involvement.organisation_id),
        )
    elif involvement.member is not None:
        queue_templated_email(
            template="involvement_ended_by_organisation",
            context={
                **context,
                "account_url": absolute_url(f"/account/involvement/{involvement.pk}/"),
            },
            to=[involvement.member.email],
        )
    involvement_ended.send(sender=Involvement, involvement=involvement)
    return involvement


# Sessions and fees


@transaction.atomic
def session_record(*, involvement, date, quantity, mode, user):
    """Record a session the person took part in. Its fee is the agreed fee times the quantity;
    it is due `days_to_pay` days after the session."""
    if date > timezone.localdate():
        raise NotAllowed("Record sessions once they have happened: the date is in the future.")
    _check_within_involvement(involvement, date, "the session")
    session = InvolvementSession(
        involvement=involvement,
        date=date,
        quantity=quantity,
        mode=mode,
        fee_due_pence=fee_due_pence(
            fee_per_unit_pence=involvement.fee_per_unit_pence, quantity=quantity
        ),
        due_by=date + timedelta(days=involvement.days_to_pay),
        recorded_by=user,
    )
    _save(session)
    _audit(
        involvement,
        user=user,
        actor=Actor.ORGANISATION,
        action="recorded",
        subject=f"session {session.pk}",
        to_value=f"{date.isoformat()} {quantity} {mode} {format_pence(session.fee_due_pence)}",
    )
    return session


@transaction.atomic
def fee_payment_record(*, involvement, sessions, paid_on, method, user):
    """The organisation marks the fees of `sessions` (of this involvement, not yet paid) paid on
    `paid_on` by `method`. The amount is the sum of their fees."""
    if not list(sessions):
        raise NotAllowed("Choose at least one session that was paid.")
    # Re-read the sessions under a row lock: another request (a double-click, a second
    # administrator) may have paid them since this one read them.
    asked = [s.pk for s in sessions]
    sessions = list(InvolvementSession.objects.select_for_update().filter(pk__in=asked))
    if len(sessions) != len(set(asked)) or any(
        s.involvement_id != involvement.pk or s.payment_id is not None for s in sessions
    ):
        raise NotAllowed("One of those sessions is already paid or is not part of this role.")
    if paid_on > timezone.localdate():
        raise NotAllowed("The date paid cannot be in the future.")
    if paid_on < min(s.date for s in sessions):
        raise NotAllowed("The date paid cannot be before the session.")
    amount = sum(s.fee_due_pence for s in sessions)
    if amount <= 0:
        raise NotAllowed("There is no fee to pay for those sessions.")
    payment = FeePayment(
        involvement=involvement,
        amount_pence=amount,
        paid_on=paid_on,
        method=method,
        recorded_by=user,
    )
    _save(payment)
    # Only still-unpaid sessions take the payment, so that even without row locks (SQLite) a
    # session is never paid twice; a shortfall undoes the whole payment.
    taken = InvolvementSession.objects.filter(
        pk__in=[s.pk for s in sessions], payment__isnull=True
    ).update(payment=payment)
    if taken != len(sessions):
        raise NotAllowed("One of those sessions is already paid or is not part of this role.")
    _audit(
        involvement,
        user=user,
        actor=Actor.ORGANISATION,
        action="paid",
        subject=f"fee payment {payment.pk}",
        to_value=f"{format_pence(amount)} on {paid_on.isoformat()} by {method} for sessions "
        + ", ".join(str(s.pk) for s in sessions),
    )
    content_changed()  # the organisation's page says how quickly it usually pays
    return payment


# Expense claims


def check_receipt(upload):
    """The content type of an uploaded receipt, checked by its first bytes and its name.

    Raises NotAllowed for a file too big, empty, or not a PDF, JPEG, PNG or HEIC picture.
    """
    limit = settings.RECEIPT_MAX_BYTES
    if upload.size == 0:
        raise NotAllowed(f"The receipt “{upload.name}” is empty.")
    if upload.size > limit:
        raise NotAllowed(
            f"The receipt “{upload.name}” must be smaller than {limit // (1024 * 1024)} MB."
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        kind = "application/pdf"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "image/jpeg"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "image/png"
    elif head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        kind = "image/heic"
    else:
        kind = None
    name = (upload.name or "").lower()
    if kind is None or not name.endswith(RECEIPT_TYPES[kind]):
        raise NotAllowed(f"The receipt “{upload.name}” must be a PDF, or a JPG, PNG or HEIC photo.")
    return kind


def _receipt_add(claim, upload):
    kind = check_receipt(upload)
    receipt = ExpenseReceipt(
        claim=claim,
        original_name=(upload.name or "receipt")[-200:],
        content_type=kind,
        size=upload.size,
    )
    receipt.file.save("receipt", upload, save=False)
    receipt.save()
    return receipt


@transaction.atomic
def claim_submit(*, involvement, kind, amount_pence, spent_on, description, receipts, member):
    """The member claims a cost back, with up to RECEIPTS_PER_CLAIM receipts (uploaded files).

    The organisation's admins are emailed after commit.
    """
    if involvement.member_id != member.pk:
        raise NotAllowed("That is not yours.")
    _check_within_involvement(involvement, spent_on, "the cost")
    receipts = list(receipts or ())
    if len(receipts) > RECEIPTS_PER_CLAIM:
        raise NotAllowed(f"Add up to {RECEIPTS_PER_CLAIM} receipts to a claim.")
    for upload in receipts:
        check_receipt(upload)
    # The involvement's row lock queues two sends of one form (a double-click, a resent
    # request); the second finds the first and is refused.
    Involvement.objects.select_for_update().filter(pk=involvement.pk).first()
    if ExpenseClaim.objects.filter(
        involvement=involvement,
        kind=kind,
        amount_pence=amount_pence,
        spent_on=spent_on,
        description=description,
        submitted_at__gte=timezone.now() - DUPLICATE_CLAIM_WINDOW,
    ).exists():
        raise NotAllowed(
            "You have just sent this claim; it is already with the organisation. "
            "If this is a second cost, say what it was in a few words."
        )
    claim = ExpenseClaim(
        involvement=involvement,
        kind=kind,
        amount_pence=amount_pence,
        spent_on=spent_on,
        description=description,
    )
    _save(claim)
    for upload in receipts:
        _receipt_add(claim, upload)
    _audit(
        involvement,
        user=member,
        actor=Actor.MEMBER,
        action="claimed",
        subject=f"claim {claim.pk}",
        to_value=f"{kind} {format_pence(amount_pence)} spent {spent_on.isoformat()}, "
        f"{len(receipts)} receipts",
    )
    queue_templated_email(
        template="involvement_claim_new",
        context={
            "claim": claim,
            "involvement": involvement,
            "opportunity": involvement.opportunity,
            "amount": format_pence(amount_pence),
            "portal_url": absolute_url(f"/portal/involvement/{involvement.pk}/"),
        },
        to=admin_emails(involvement.organisation_id),
    )
    return claim


@transaction.atomic
def claim_answer(*, claim, amount_pence, spent_on, description, receipts, member):
    """The member answers a query: changes the claim and sends it again."""
    _lock_claim(claim)
    involvement = claim.involvement
    if involvement.member_id != member.pk:
        raise NotAllowed("That is not yours.")
    if claim.status != ClaimStatus.QUERIED:
        raise NotAllowed("Only a claim the organisation asked about can be changed.")
    _check_within_involvement(involvement, spent_on, "the cost")
    receipts = list(receipts or ())
    if claim.receipts.count() + len(receipts) > RECEIPTS_PER_CLAIM:
        raise NotAllowed(f"Add up to {RECEIPTS_PER_CLAIM} receipts to a claim.")
    for upload in receipts:
        check_receipt(upload)
    for name, value in (
        ("amount_pence", amount_pence),
        ("spent_on", spent_on),
        ("description", description),
        ("status", ClaimStatus.SUBMITTED),
    ):
        old = getattr(claim, name)
        if old != value:
            _audit(
                involvement,
                user=member,
                actor=Actor.MEMBER,
                action="changed",
                subject=f"claim {claim.pk}",
                field=name,
                from_value=format_pence(old) if name == "amount_pence" else old,
                to_value=format_pence(value) if name == "amount_pence" else value,
            )
            setattr(claim, name, value)
    claim.submitted_at = timezone.now()
    _save(claim)
    for upload in receipts:
        _receipt_add(claim, upload)
    queue_templated_email(
        template="involvement_claim_new",
        context={
            "claim": claim,
            "involvement": involvement,
            "opportunity": involvement.opportunity,
            "amount": format_pence(claim.amount_pence),
            "answered": True,
            "portal_url": absolute_url(f"/portal/involvement/{involvement.pk}/"),
        },
        to=admin_emails(involvement.organisation_id),
    )
    return claim


def _lock_claim(claim):
    """Lock the claim's row and refresh `claim` from it, inside the caller's transaction, so
    that its status is checked as it is now, not as a stale page or a second administrator
    saw it."""
    current = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
    for field in ExpenseClaim._meta.concrete_fields:
        setattr(claim, field.attname, getattr(current, field.attname))


DECISIONS = {
    "approve": ClaimStatus.APPROVED,
    "query": ClaimStatus.QUERIED,
    "refuse": ClaimStatus.REFUSED,
}


@transaction.atomic
def claim_decide(*, claim, decision, reason, user):
    """The organisation approves, queries or refuses a claim ("approve", "query", "refuse").

    A query or refusal needs a reason, which the member sees. Approving sets the promised date:
    today plus the involvement's days to pay. The member is emailed after commit.
    """
    status = DECISIONS[decision]
    _lock_claim(claim)
    if claim.status not in (ClaimStatus.SUBMITTED, ClaimStatus.QUERIED):
        raise NotAllowed(f"This claim is already “{ClaimStatus(claim.status).label}”.")
    reason = (reason or "").strip()
    if status != ClaimStatus.APPROVED and not reason:
        raise NotAllowed("Say why, so the person knows what to do.")
    old = claim.status
    now = timezone.now()
    claim.status = status
    claim.reason = "" if status == ClaimStatus.APPROVED else reason
    claim.decided_at = now
    if status == ClaimStatus.APPROVED:
        claim.approved_at = now
        claim.due_by = timezone.localdate(now) + timedelta(days=claim.involvement.days_to_pay)
    _save(claim)
    _audit(
        claim.involvement,
        user=user,
        actor=Actor.ORGANISATION,
        action=decision,
        subject=f"claim {claim.pk}",
        field="status",
        from_value=old,
        to_value=status,
    )
    member = claim.involvement.member
    if member is not None:
        queue_templated_email(
            template="involvement_claim_decided",
            context={
                "claim": claim,
                "status_label": ClaimStatus(status).label,
                "opportunity": claim.involvement.opportunity,
                "amount": format_pence(claim.amount_pence),
                "account_url": absolute_url(f"/account/involvement/{claim.involvement_id}/"),
            },
            to=[member.email],
        )
    return claim


@transaction.atomic
def claim_mark_paid(*, claim, paid_on, method, user):
    """The organisation marks an approved claim paid on `paid_on` by `method`."""
    _lock_claim(claim)
    if claim.status != ClaimStatus.APPROVED:
        raise NotAllowed("Only an approved claim can be marked paid.")
    if paid_on > timezone.localdate():
        raise NotAllowed("The date paid cannot be in the future.")
    if paid_on < timezone.localdate(claim.approved_at):
        raise NotAllowed("The date paid cannot be before the claim was approved.")
    claim.status = ClaimStatus.PAID
    claim.paid_on = paid_on
    claim.method = method
    _save(claim)
    _audit(
        claim.involvement,
        user=user,
        actor=Actor.ORGANISATION,
        action="paid",
        subject=f"claim {claim.pk}",
        field="status",
        from_value=ClaimStatus.APPROVED,
        to_value=f"paid on {paid_on.isoformat()} by {method}",
    )
    content_changed()  # the organisation's page says how quickly it usually pays
    return claim


# Reminders, retention, account deletion


def payment_reminders_send(*, today=None):
    """Email each organisation's admins about its overdue payments, at most once a day.

    Overdue: a session fee not paid after its due_by, or an approved claim not paid after its
    due_by. A PaymentReminder row per organisation and day (unique) makes "never twice a day" a
    database rule. Returns the number of organisations reminded.
    """
    from involvement.selectors import overdue_by_organisation

    today = today or timezone.localdate()
    reminded = 0
    for organisation, items in overdue_by_organisation(today=today).items():
        try:
            with transaction.atomic():
                PaymentReminder.objects.create(
                    organisation=organisation, sent_on=today, overdue_count=len(items)
                )
                queue_templated_email(
                    template="involvement_payments_overdue",
                    context={
                        "organisation": organisation,
                        "items": items,
                        "payments_url": absolute_url(
                            f"/portal/involvement/organisations/{organisation.pk}/payments/"
                        ),
                    },
                    to=admin_emails(organisation.pk),
                )
        except IntegrityError:
            continue  # Already reminded today.
        reminded += 1
    return reminded


def _delete_receipts(receipts):
    count = 0
    for receipt in receipts:
        receipt.file.delete(save=False)
        receipt.delete()
        count += 1
    return count


@transaction.atomic
def involvement_apply_retention(*, today=None):
    """Delete receipts RECEIPT_RETENTION after their claim was paid or refused, and whole
    involvement records RECORD_RETENTION after they ended. Returns how many were deleted."""
    today = today or timezone.localdate()
    receipt_cutoff = today - RECEIPT_RETENTION
    old_receipts = ExpenseReceipt.objects.filter(
        Q(claim__status=ClaimStatus.PAID, claim__paid_on__lt=receipt_cutoff)
        | Q(claim__status=ClaimStatus.REFUSED, claim__decided_at__date__lt=receipt_cutoff)
    )
    deleted = _delete_receipts(old_receipts)
    old = Involvement.objects.filter(
        status=InvolvementStatus.ENDED, ended_at__date__lt=today - RECORD_RETENTION
    )
    deleted += _delete_receipts(ExpenseReceipt.objects.filter(claim__involvement__in=old))
    deleted += old.count()
    old.delete()
    return deleted


@transaction.atomic
def involvement_forget_member(*, member):
    """Before an account is deleted: receipts, claim descriptions, reasons and the organisation's
    words about the person go; sessions, fees and claim amounts stay, without the person,
    because the organisation must keep its payment records. Active involvements end."""
    involvements = Involvement.objects.filter(member=member)
    _delete_receipts(ExpenseReceipt.objects.filter(claim__involvement__in=involvements))
    ExpenseClaim.objects.filter(involvement__in=involvements).update(description="", reason="")
    # Rows written before free text was kept out of the trail.
    InvolvementEvent.objects.filter(
        involvement__in=involvements, field__in=FREE_TEXT_FIELDS
    ).update(from_value="", to_value=CHANGED)
    for involvement in involvements.filter(status=InvolvementStatus.ACTIVE):
        involvement.status = InvolvementStatus.ENDED
        involvement.ended_at = timezone.now()
        involvement.ended_by = EndedBy.MEMBER
        involvement.save(update_fields=["status", "ended_at", "ended_by"])
    for involvement in involvements:
        _audit(
            involvement,
            user=None,
            actor=Actor.SYSTEM,
            action="account deleted",
            subject=f"involvement {involvement.pk}",
        )
    involvements.update(contribution="", end_reason="")
