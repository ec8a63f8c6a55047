from django.db import transaction

from members.models import MemberProfile
from members.signals import member_profile_changed


def member_profile_for(user):
    """The member's profile, created empty the first time it is needed."""
    profile, _ = MemberProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def member_profile_update(*, profile, cleaned_data):
    """Save what the member told us about what they are looking for."""
    for name in [
        "who", "online_ok", "in_person_ok", "payment_need", "not_before_10", "access_needs",
        "own_words", "alert_frequency", "postcode_district", "latitude", "longitude",
    ]:  # fmt: skip
        setattr(profile, name, cleaned_data[name])
    profile.levels = sorted(cleaned_data["levels"])
    profile.role_types = sorted(cleaned_data["role_types"])
    profile.availability = sorted(cleaned_data["availability"])
    profile.support_wanted = sorted(cleaned_data["support_wanted"])
    distance = cleaned_data.get("max_distance")
    profile.max_distance_km = int(distance) if distance else None
    profile.full_clean()
    profile.save()
    profile.topics.set(cleaned_data["topics"])
    profile.communities.set(cleaned_data["communities"])
    member_profile_changed.send(sender=MemberProfile, profile=profile)
    return profile
