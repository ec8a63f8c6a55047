"""Who can reach what: anonymous people, members, organisation X, organisation Y and staff,
against every portal and expression-of-interest view. The wrong organisation gets a 404.

Staff moderate in the CMS; the portal shows them only organisations they belong to.
"""

import pytest

from opportunities.models import ExpressionOfInterest
from tests.members.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "organisation_x", "organisation_y", "staff"]


@pytest.fixture
def world(make_organisation, make_opportunity):
    x_member, y_member, applicant = UserFactory(), UserFactory(), UserFactory()
    organisation_x = make_organisation("Organisation X", members=[x_member])
    make_organisation("Organisation Y", members=[y_member])
    opportunity = make_opportunity(organisation_x)
    expression = ExpressionOfInterest.objects.create(
        member=applicant, opportunity=opportunity, payment_preference="not_sure"
    )
    return {
        "users": {
            "anonymous": None,
            "member": UserFactory(),
            "organisation_x": x_member,
            "organisation_y": y_member,
            "staff": StaffFactory(),
        },
        "applicant": applicant,
        "organisation": organisation_x,
        "opportunity": opportunity,
        "expression": expression,
    }


# (method, url template, status for each role in ROLES order). 302L = redirect to sign in;
# 302 = done and redirected on.
PORTAL_VIEWS = [
    ("get", "/portal/organisations/{organisation}/", [302, 404, 200, 404, 404]),
    ("post", "/portal/organisations/{organisation}/people/", [302, 404, 302, 404, 404]),
    ("get", "/portal/organisations/{organisation}/opportunities/new/", [302, 404, 200, 404, 404]),
    ("get", "/portal/opportunities/{opportunity}/edit/role/", [302, 404, 200, 404, 404]),
    ("post", "/portal/opportunities/{opportunity}/edit/support/", [302, 404, 302, 404, 404]),
    ("get", "/portal/opportunities/{opportunity}/check/", [302, 404, 200, 404, 404]),
    ("get", "/portal/opportunities/{opportunity}/preview/", [302, 404, 200, 404, 404]),
    ("get", "/portal/opportunities/{opportunity}/interest/", [302, 404, 200, 404, 404]),
    (
        "post",
        "/portal/opportunities/{opportunity}/interest/tell-others/",
        [302, 404, 302, 404, 404],
    ),
    ("post", "/portal/interest/{expression}/status/", [302, 404, 302, 404, 404]),
    ("get", "/portal/opportunities/{opportunity}/outcomes/", [302, 404, 200, 404, 404]),
    ("post", "/portal/opportunities/{opportunity}/close/", [302, 404, 302, 404, 404]),
]


def request_as(client, world, role, method, url_template):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = url_template.format(
        organisation=world["organisation"].pk,
        opportunity=world["opportunity"].pk,
        expression=world["expression"].pk,
    )
    data = {"status": "acknowledged", "email": "nobody@example.org"} if method == "post" else None
    return getattr(client, method)(url, data)


@pytest.mark.parametrize(("method", "url_template", "expected"), PORTAL_VIEWS)
@pytest.mark.parametrize("role", ROLES)
def test_portal_permission_matrix(client, world, role, method, url_template, expected):
    response = request_as(client, world, role, method, url_template)

    assert response.status_code == expected[ROLES.index(role)]
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_organisation_sees_the_applicants_details(client, world, role):
    world["expression"].message = "A private message for organisation X."
    world["expression"].save()

    response = request_as(
        client, world, role, "get", "/portal/opportunities/{opportunity}/interest/"
    )

    shown = "A private message for organisation X." in response.content.decode()
    assert shown == (role == "organisation_x")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_applicant_can_withdraw_their_interest(client, world, role):
    response = request_as(client, world, role, "post", "/account/interest/{expression}/withdraw/")

    world["expression"].refresh_from_db()
    assert world["expression"].status == "submitted"
    assert response.status_code == (302 if role == "anonymous" else 404)


def test_the_applicant_can_withdraw(client, world):
    client.force_login(world["applicant"])

    client.post(f"/account/interest/{world['expression'].pk}/withdraw/")

    world["expression"].refresh_from_db()
    assert world["expression"].status == "withdrawn"


@pytest.mark.parametrize("role", ROLES)
def test_members_see_only_their_own_interest(client, world, role):
    response = request_as(client, world, role, "get", "/account/interest/")

    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert world["opportunity"].title not in response.content.decode()


def test_state_changing_portal_actions_need_a_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["organisation_x"])
    opportunity = world["opportunity"]

    for url in [
        f"/portal/opportunities/{opportunity.pk}/close/",
        f"/portal/interest/{world['expression'].pk}/status/",
        f"/portal/opportunities/{opportunity.pk}/interest/tell-others/",
        f"/portal/opportunities/{opportunity.pk}/check/",
        f"/opportunity/{opportunity.pk}/express-interest/",
    ]:
        assert client.post(url, {"status": "selected"}).status_code == 403, url
    opportunity.refresh_from_db()
    assert opportunity.closed_at is None
