"""A member's copy of their data is gathered from every app that holds something about them."""

import json

import pytest
from django.apps import apps
from django.conf import settings

from core.data_rights import declared_member_data
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"core", "home", "members", "groups", "opportunities", "monitoring", "search"}
# Fields that point at a person but are not that person's own data (who edited a page, who
# changed a status on an organisation's behalf, who invited whom).
NOT_THE_PERSONS_DATA = {"owner", "locked_by", "changed_by", "invited_by", "reported_by"}


def test_every_app_holding_a_members_records_contributes_to_their_copy():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    declaring = {
        config.label for config in apps.get_app_configs() if getattr(config, "member_data", None)
    }
    holding = {
        model._meta.app_label
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS | {"involvement"}
        for field in model._meta.concrete_fields
        if field.related_model is user_model and field.name not in NOT_THE_PERSONS_DATA
    }
    assert holding <= declaring, f"Apps whose member data is not exported: {holding - declaring}"


def test_the_copy_has_each_apps_part_and_nothing_of_anyone_else(client, make_organisation,
                                                              make_opportunity):  # fmt: skip
    from groups.models import GroupAdministrator
    from members.models import MemberProfile
    from opportunities.models import OrganisationMembership
    from search.models import SavedSearch

    member, other = UserFactory(display_name="Robin"), UserFactory(display_name="Other")
    organisation = make_organisation("Robin's Trust")
    OrganisationMembership.objects.create(organisation=organisation, user=member, role="admin")
    MemberProfile.objects.create(user=member, own_words="gardening and peer support")
    SavedSearch.objects.create(member=member, name="Leeds roles", query_string="q=leeds")
    SavedSearch.objects.create(member=other, name="Someone else's", query_string="q=york")
    client.force_login(member)

    data = json.loads(client.get("/account/your-data/download/").content)

    assert [key for key, _ in declared_member_data()] == [
        key for key in data if key not in ("exported_at", "account")
    ]
    assert data["what_you_are_looking_for"]["own_words"] == "gardening and peer support"
    assert [s["name"] for s in data["saved_searches"]] == ["Leeds roles"]
    assert data["organisations"] == [{"organisation": "Robin's Trust", "role": "admin"}]
    assert GroupAdministrator.objects.filter(user=member).count() == 0
    assert data["groups_you_look_after"] == []
