"""A member's data rights: a copy of everything held about them, and deleting their account."""

from django.db import transaction
from django.utils import timezone

from monitoring.models import SavedMonitoringAnswers
from opportunities.models import ExpressionOfInterest

PLAIN_FIELD_TYPES = ("CharField", "TextField", "BooleanField", "JSONField", "PositiveIntegerField",
                     "FloatField", "DateTimeField", "EmailField")  # fmt: skip


def _plain_fields(instance, exclude=()):
    values = {}
    for field in instance._meta.concrete_fields:
        if field.get_internal_type() in PLAIN_FIELD_TYPES and field.name not in exclude:
            value = getattr(instance, field.name)
            values[field.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def member_data_export(member):
    """Everything we hold about the member, as JSON-ready data, for them alone."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": member.email,
            "display_name": member.display_name,
            "joined": member.date_joined.isoformat(),
            "last_signed_in": member.last_login.isoformat() if member.last_login else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified}
                for address in member.emailaddress_set.all()
            ],
        },
        "what_you_are_looking_for": None,
        "saved_searches": [
            {
                "name": s.name,
                "search": s.query_string,
                "frequency": s.frequency,
                "created_at": s.created_at.isoformat(),
            }
            for s in member.saved_searches.all()
        ],
        "alerts_sent": [
            {"opportunity": delivery.opportunity.title, **_plain_fields(delivery)}
            for delivery in member.alert_deliveries.select_related("opportunity")
        ],
        "expressions_of_interest": [
            {
                "opportunity": expression.opportunity.title,
                **_plain_fields(expression, exclude={"monitoring_token"}),
                "answered_monitoring_questions": bool(expression.monitoring_token),
                "history": [
                    {"status": change.status, "at": change.changed_at.isoformat()}
                    for change in expression.status_changes.all()
                ],
            }
            for expression in ExpressionOfInterest.objects.filter(member=member)
            .select_related("opportunity")
            .prefetch_related("status_changes")
        ],
        "organisations": [
            {"organisation": m.organisation.title, "role": m.role}
            for m in member.organisation_memberships.select_related("organisation")
        ],
        "groups_you_look_after": [
            admin.group.title for admin in member.groups_administered.select_related("group")
        ],
        "monitoring_answers_kept_for_next_time": None,
        "involvement": _involvement_records(member),
    }
    profile = getattr(member, "profile", None)
    if profile is not None:
        data["what_you_are_looking_for"] = {
            **_plain_fields(profile, exclude={"latitude", "longitude"}),
            "topics": [topic.name for topic in profile.topics.all()],
            "communities": [community.name for community in profile.communities.all()],
        }
    saved = SavedMonitoringAnswers.objects.filter(member=member).first()
    if saved is not None:
        data["monitoring_answers_kept_for_next_time"] = {
            "question_set_version": saved.question_set_version,
            "answers": {name: value for name, value in saved.answers.items() if value},
            "saved_at": saved.saved_at.isoformat(),
        }
    return data


def _involvement_records(member):
    """Roles the member was selected for, with sessions, fees paid and expense claims (pence)."""
    from involvement.selectors import involvements_for_member

    return [
        {
            "opportunity": involvement.opportunity.title,
            "organisation": involvement.organisation.title,
            **_plain_fields(involvement),
            "sessions": [
                {
                    "date": session.date.isoformat(),
                    "quantity": str(session.quantity),
                    "mode": session.mode,
                    "fee_due_pence": session.fee_due_pence,
                    "due_by": session.due_by.isoformat(),
                    "paid_on": session.payment.paid_on.isoformat() if session.payment else None,
                }
                for session in involvement.sessions.all()
            ],
            "fee_payments": [
                {
                    "paid_on": p.paid_on.isoformat(),
                    "amount_pence": p.amount_pence,
                    "method": p.method,
                }
                for p in involvement.fee_payments.all()
            ],
            "expense_claims": [
                {
                    **_plain_fields(claim),
                    "spent_on": claim.spent_on.isoformat(),
                    "paid_on": claim.paid_on.isoformat() if claim.paid_on else None,
                    "receipts": [receipt.original_name for receipt in claim.receipts.all()],
                }
                for claim in involvement.claims.all()
            ],
        }
        for involvement in involvements_for_member(member)
    ]


@transaction.atomic
def member_delete_account(*, member):
    """Delete the account and everything personal. Expressions of interest stay, anonymised,
    so organisations' counts stay right; monitoring records and stored alert queries go with the
    account (receivers on the user's deletion)."""
    ExpressionOfInterest.objects.filter(member=member).update(
        message="", access_needs="", share_access_needs=False
    )
    member.delete()
