"""Members and their profiles, for tests, the demo seed and the benchmarks."""

import factory
from allauth.account.models import EmailAddress

from members.models import MemberProfile, User

# The password of every member a factory makes: test and demo accounts only.
DEFAULT_PASSWORD = "a-long-test-password-42"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    """A member with a verified email address who can sign in with DEFAULT_PASSWORD.

    `verified=False` leaves the address unverified.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("first_name")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=user, email=user.email, primary=True, verified=extracted is not False
            )


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class MemberProfileFactory(factory.django.DjangoModelFactory):
    """A member's profile: empty (any opportunity may match) unless fields are given.

    `topics=` and `communities=` take lists of terms.
    """

    class Meta:
        model = MemberProfile
        django_get_or_create = ("user",)
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)

    @factory.post_generation
    def topics(profile, create, extracted, **kwargs):
        if create and extracted:
            profile.topics.set(extracted)

    @factory.post_generation
    def communities(profile, create, extracted, **kwargs):
        if create and extracted:
            profile.communities.set(extracted)
