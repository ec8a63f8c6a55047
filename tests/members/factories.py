"""The members app's factories, under the name the tests have always imported."""

from members.factories import DEFAULT_PASSWORD, MemberProfileFactory, StaffFactory, UserFactory

__all__ = ["DEFAULT_PASSWORD", "MemberProfileFactory", "StaffFactory", "UserFactory"]
