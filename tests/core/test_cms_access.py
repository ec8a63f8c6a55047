import pytest
from allauth.mfa.models import Authenticator

from tests.members.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/cms/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/cms/"


def test_wagtails_own_login_form_is_replaced_by_the_site_sign_in(client):
    response = client.get("/cms/login/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_members_who_are_not_staff_are_refused(client):
    client.force_login(UserFactory())

    response = client.get("/cms/")

    assert response.status_code == 403
    assert b"This area is for NSUN staff" in response.content


def test_staff_reach_the_cms(client):
    client.force_login(StaffFactory())

    response = client.get("/cms/")

    assert response.status_code == 200
    assert b"wagtail" in response.content.lower()


def test_staff_must_set_up_two_factor_when_required(client, settings):
    settings.STAFF_MFA_REQUIRED = True
    staff = StaffFactory()
    client.force_login(staff)

    assert client.get("/cms/")["Location"] == "/accounts/2fa/totp/activate/"

    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client.get("/cms/").status_code == 200
