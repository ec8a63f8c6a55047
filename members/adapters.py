from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.exceptions import ValidationError


class AccountAdapter(DefaultAccountAdapter):
    """Site-wide account behaviour: sign-up can be closed with ACCOUNT_ALLOW_REGISTRATION.

    allauth's messages, where they were not plain already, say what happened and what to do
    (GOV.UK Design System, "Error message").
    """

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The email address or password is not right. Check them and "
        "try again",
        "enter_current_password": "That is not your current password. Check it and try again",
        "incorrect_code": "That code is not right. Check it and try again",
        "incorrect_password": "That password is not right. Check it and try again",
        "invalid_or_expired_key": "This link has expired or was already used. Ask for a new one",
        "invalid_login": "We could not sign you in. Check your email address and password",
        "invalid_password_reset": "This link has expired or was already used. Ask for a new one",
        "same_as_current": "Enter a different one from the one you have now",
        "rate_limited": "You have tried too many times. Wait a few minutes, then try again",
        "too_many_login_attempts": "You have tried too many times. Wait a few minutes, then try "
        "again",
    }

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            # Too many wrong passwords: core.middleware answers 429 with the form and message.
            request.rate_limited = True
            raise

    def is_open_for_signup(self, request):
        return getattr(settings, "ACCOUNT_ALLOW_REGISTRATION", True)


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor authentication's messages in plain words, like the rest of the site."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "That code is not right. Check your authenticator app and try again",
    }
