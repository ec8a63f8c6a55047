"""A member's data rights: a copy of everything held about them, and deleting their account."""

from django.db import transaction
from django.utils import timezone

from core.data_rights import member_data_sections, plain_fields
from opportunities.models import ExpressionOfInterest


def member_data_export(member):
    """Everything we hold about the member, as JSON-ready data, for them alone.

    {"exported_at", "account", then each app's part (core.data_rights, AppConfig `member_data`)}.
    """
    return {
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
        **member_data_sections(member),
    }


def member_profile_data(member):
    """What the member told us they are looking for, or None."""
    profile = getattr(member, "profile", None)
    if profile is None:
        return None
    return {
        **plain_fields(profile, exclude={"latitude", "longitude"}),
        "topics": [topic.name for topic in profile.topics.all()],
        "communities": [community.name for community in profile.communities.all()],
    }


@transaction.atomic
def member_delete_account(*, member):
    """Delete the account and everything personal. Expressions of interest stay, anonymised,
    so organisations' counts stay right; monitoring records and stored alert queries go with the
    account (receivers on the user's deletion)."""
    ExpressionOfInterest.objects.filter(member=member).update(
        message="", access_needs="", share_access_needs=False
    )
    member.delete()
