import re

import pytest
from django.core import mail

from members.models import User
from tests.members.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"
RESET_URL = "/accounts/password/reset/"


def is_signed_in(client):
    return "_auth_user_id" in client.session


def sign_up(client, email="new.member@example.org", password="plenty-of-words-here-9"):
    return client.post(SIGNUP_URL, {"email": email, "password1": password, "password2": password})


def sign_in(client, email, password):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def test_sign_up_sends_a_verification_email(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert User.objects.filter(email="new.member@example.org").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.member@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert not is_signed_in(client)


def test_an_unverified_member_cannot_sign_in_until_they_confirm(client):
    sign_up(client, email="unverified@example.org", password="plenty-of-words-here-9")
    confirmation_link = re.search(
        r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[0].body
    )

    sign_in(client, "unverified@example.org", "plenty-of-words-here-9")
    assert not is_signed_in(client)

    client.post(confirmation_link.group(1))
    sign_in(client, "unverified@example.org", "plenty-of-words-here-9")
    assert is_signed_in(client)


def test_a_verified_member_can_sign_in(client):
    user = UserFactory()

    response = sign_in(client, user.email, DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_in_errors_are_shown_in_an_error_summary(client):
    user = UserFactory()

    response = sign_in(client, user.email, "wrong password")

    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary" role="alert"' in html
    assert "There is a problem" in html


def test_the_sixth_wrong_password_for_one_account_is_refused(client):
    user = UserFactory()
    for _ in range(5):
        sign_in(client, user.email, "not the password")

    response = sign_in(client, user.email, DEFAULT_PASSWORD)

    assert not is_signed_in(client)
    assert "You have tried too many times" in response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_the_lockout_only_applies_to_the_account_that_was_attacked(client):
    attacked, other = UserFactory(), UserFactory()
    for _ in range(5):
        sign_in(client, attacked.email, "not the password")

    sign_in(client, other.email, DEFAULT_PASSWORD)

    assert is_signed_in(client)


def test_password_reset_looks_the_same_for_known_and_unknown_addresses(client):
    known = UserFactory(email="known@example.org")

    known_response = client.post(RESET_URL, {"email": known.email}, follow=True)
    unknown_response = client.post(RESET_URL, {"email": "nobody@example.org"}, follow=True)

    assert known_response.redirect_chain == unknown_response.redirect_chain
    assert known_response.status_code == unknown_response.status_code == 200
    # Same page, word for word, apart from the address the person typed.
    known_page = known_response.content.decode().replace(known.email, "")
    unknown_page = unknown_response.content.decode().replace("nobody@example.org", "")
    assert known_page == unknown_page


def test_signing_up_with_an_existing_address_does_not_reveal_the_account(client):
    UserFactory(email="taken@example.org")

    response = sign_up(client, email="taken@example.org")

    assert response.status_code == 302
    assert User.objects.filter(email="taken@example.org").count() == 1
    # The owner is told by email; the person at the keyboard sees the same page as anyone.
    assert mail.outbox[-1].to == ["taken@example.org"]
