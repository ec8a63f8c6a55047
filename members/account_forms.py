"""allauth's forms, saying mistakes in plain words like every other form on the site.

Each is allauth's own form with core.forms.PlainErrorsFormMixin first; settings.ACCOUNT_FORMS
and settings.MFA_FORMS point allauth at them. Features the site does not use (sign-in codes,
phone numbers, passkeys, changing the email address in place) keep allauth's forms.
"""

from allauth.account import forms as account
from allauth.mfa.base import forms as mfa_base
from allauth.mfa.recovery_codes import forms as recovery_codes
from allauth.mfa.totp import forms as totp

from core.email_addresses import validate_deliverable_email
from core.forms import PlainErrorsFormMixin

# How allauth's fields are named inside a sentence ("Enter your email address").
ACCOUNT_SUBJECTS = {
    "login": "your email address",
    "email": "your email address",
    "password": "your password",
    "oldpassword": "your current password",
    "password1": "a new password",
    "password2": "the same password again",
    "code": "the code",
}


class DeliverableEmailMixin:
    """The address must be one we can send to: allauth emails it at once (verification or
    reset), and a name that cannot be encoded would fail there instead of here."""

    def clean_email(self):
        email = super().clean_email()
        validate_deliverable_email(email)
        return email


class LoginForm(PlainErrorsFormMixin, account.LoginForm):
    error_subjects = ACCOUNT_SUBJECTS


class SignupForm(PlainErrorsFormMixin, DeliverableEmailMixin, account.SignupForm):
    error_subjects = {**ACCOUNT_SUBJECTS, "password1": "a password"}


class AddEmailForm(PlainErrorsFormMixin, DeliverableEmailMixin, account.AddEmailForm):
    error_subjects = {**ACCOUNT_SUBJECTS, "email": "the email address"}


class ChangePasswordForm(PlainErrorsFormMixin, account.ChangePasswordForm):
    error_subjects = ACCOUNT_SUBJECTS


class SetPasswordForm(PlainErrorsFormMixin, account.SetPasswordForm):
    error_subjects = {**ACCOUNT_SUBJECTS, "password1": "a password"}


class ResetPasswordForm(PlainErrorsFormMixin, DeliverableEmailMixin, account.ResetPasswordForm):
    error_subjects = ACCOUNT_SUBJECTS


class ResetPasswordKeyForm(PlainErrorsFormMixin, account.ResetPasswordKeyForm):
    error_subjects = ACCOUNT_SUBJECTS


class ReauthenticateForm(PlainErrorsFormMixin, account.ReauthenticateForm):
    error_subjects = ACCOUNT_SUBJECTS


class MfaAuthenticateForm(PlainErrorsFormMixin, mfa_base.AuthenticateForm):
    error_subjects = ACCOUNT_SUBJECTS


class MfaReauthenticateForm(PlainErrorsFormMixin, mfa_base.ReauthenticateForm):
    error_subjects = ACCOUNT_SUBJECTS


class ActivateTOTPForm(PlainErrorsFormMixin, totp.ActivateTOTPForm):
    error_subjects = {**ACCOUNT_SUBJECTS, "code": "the code from your authenticator app"}


class DeactivateTOTPForm(PlainErrorsFormMixin, totp.DeactivateTOTPForm):
    error_subjects = ACCOUNT_SUBJECTS


class GenerateRecoveryCodesForm(PlainErrorsFormMixin, recovery_codes.GenerateRecoveryCodesForm):
    error_subjects = ACCOUNT_SUBJECTS
