"""Every form on the site says mistakes in plain words: what to do, naming the question, never
Django's "This field is required." or "Ensure this value has at most 3000 characters"."""

import importlib
import inspect
import pkgutil
import re
from datetime import date
from decimal import Decimal

import django_filters
import pytest
from allauth.account import forms as account_forms
from allauth.core.context import request_context
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.recovery_codes import forms as recovery_code_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils.module_loading import import_string
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.forms import PlainErrorsFormMixin, error_subject, plain_error_message
from opportunities.models import OpportunityPage
from tests.members.factories import UserFactory

APPS = ["core", "home", "members", "groups", "opportunities", "monitoring", "search"]
JARGON = re.compile(r"\b(value|field|ensure)\b", re.IGNORECASE)
ACTIONS = re.compile(
    r"\b(enter|choose|tick|give|say|write|check|try|upload|ask|wait|remove)\b|\bmust\b",
    re.IGNORECASE,
)

# allauth forms for features the site has switched off; every other allauth form it shows is
# one of ours (settings.ACCOUNT_FORMS and MFA_FORMS).
ALLAUTH_UNUSED = {
    "BaseSignupForm", "UserForm", "UserTokenForm",  # bases and a link check, not pages
    "RequestLoginCodeForm", "BaseConfirmCodeForm", "ConfirmLoginCodeForm",  # sign-in codes
    "ConfirmEmailVerificationCodeForm", "ConfirmPasswordResetCodeForm",  # codes instead of links
    "VerifyPhoneForm", "ChangePhoneForm", "ChangeEmailForm",  # phones; changing email in place
    "BaseAuthenticateForm",  # a base
}  # fmt: skip


CMS_MODULES = (".wagtail_hooks", ".admin_views")


def project_form_classes():
    """Every form class the apps define, and the form of every FilterSet."""
    found = set()
    for app in APPS:
        package = importlib.import_module(app)
        names = [app] + [
            info.name
            for info in pkgutil.walk_packages(package.__path__, f"{app}.")
            if ".migrations" not in info.name
        ]
        for name in names:
            module = importlib.import_module(name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ != module.__name__ or cls.__name__.endswith("Mixin"):
                    continue
                if name.endswith(CMS_MODULES):
                    continue  # the CMS is Wagtail's, for NSUN staff
                if issubclass(cls, forms.BaseModelForm) and not cls._meta.model:
                    continue  # a base for other forms
                if issubclass(cls, forms.BaseForm) or issubclass(cls, django_filters.FilterSet):
                    found.add(cls)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def configured_allauth_forms():
    paths = [*settings.ACCOUNT_FORMS.values(), *settings.MFA_FORMS.values()]
    return [import_string(path) for path in paths]


def every_form():
    return sorted(
        {*project_form_classes(), *configured_allauth_forms()},
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def test_no_form_is_forgotten():
    classes = every_form()
    assert len(classes) > 25  # the walk found the site's forms
    without = [
        cls
        for cls in classes
        if not issubclass(
            cls._meta.form if issubclass(cls, django_filters.FilterSet) else cls,
            PlainErrorsFormMixin,
        )
    ]
    assert not without, f"Give these PlainErrorsFormMixin: {without}"


def test_every_allauth_form_the_site_shows_is_ours():
    ours = configured_allauth_forms()
    modules = [account_forms, mfa_base_forms, totp_forms, recovery_code_forms]
    theirs = {
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
    }
    forgotten = [
        cls.__name__
        for cls in theirs
        if cls.__name__ not in ALLAUTH_UNUSED and not any(issubclass(o, cls) for o in ours)
    ]
    assert not forgotten


# What each form's constructor needs besides its data, by class name.
def constructor_arguments(cls, *, user, organisation, request):
    needs = {
        "ExpressionOfInterestForm": {"opportunity": OpportunityPage(paid=True)},
        "OrganisationReportForm": {"organisation": organisation},
        "DeleteAccountForm": {"member": user},
        "LoginForm": {"request": request},
        "SignupForm": {},
        "ResetPasswordForm": {},
        "ResetPasswordKeyForm": {"user": user, "temp_key": "key"},
        "DeactivateTOTPForm": {"authenticator": None},
    }
    if cls.__name__ in needs:
        return needs[cls.__name__]
    if cls.__module__.startswith(("allauth", "members.account_forms")):
        return {"user": user}
    return {}


def build(cls, data, *, organisation, user):
    """The form bound to data (unbound for None), with what its constructor needs."""
    if issubclass(cls, django_filters.FilterSet):
        return cls(data=data, queryset=OpportunityPage.objects.none()).form
    request = RequestFactory().post("/")
    request.user = user
    request.session = SessionStore()
    arguments = constructor_arguments(cls, user=user, organisation=organisation, request=request)
    with request_context(request):  # allauth's forms read the request from here
        form = cls(data=data, **arguments)
        form.is_valid()
    return form


def bad_values(field):
    """(what is wrong, value) pairs a person could send for this field."""
    multiple = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    values = []
    if field.required:
        values.append(("empty", [] if multiple else ""))
    limit = getattr(field, "max_length", None)
    if limit and not isinstance(field, forms.FileField):
        values.append(("too long", "word " * (limit // 5 + 20)))
    if isinstance(field, forms.CharField):
        values.append(("hidden character", "two\x00words"))  # refused or cleaned away
    if isinstance(field, forms.EmailField):
        values.append(("invalid", "not an email address"))
    elif isinstance(field, forms.URLField):
        values.append(("invalid", "not a web address"))
    elif isinstance(field, forms.DateField):
        values.append(("invalid", "31/2/2027"))
    elif isinstance(field, forms.TimeField):
        values.append(("invalid", "25:61"))
    elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        values.append(("invalid", "lots"))
        if field.max_value is not None:
            values.append(("too big", str(field.max_value + 1)))
        if field.min_value is not None:
            values.append(("too small", str(field.min_value - 1)))
        if isinstance(field, forms.DecimalField) and field.decimal_places is not None:
            values.append(("too precise", "1." + "1" * (field.decimal_places + 1)))
    elif multiple:
        values.append(("invalid", ["no-such-choice"]))
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        values.append(("invalid", "no-such-choice"))
    return values


def messages_of(form):
    return [str(message) for errors in form.errors.values() for message in errors]


def assert_plain(message):
    assert not JARGON.search(message), message
    assert ACTIONS.search(message), f"says what to do: {message}"


@pytest.mark.django_db
@pytest.mark.both_databases
@pytest.mark.parametrize("form_class", every_form(), ids=lambda c: c.__name__)
def test_every_mistake_in_every_form_is_said_in_plain_words(form_class, make_organisation):
    organisation, user = make_organisation(), UserFactory()
    probe = build(form_class, None, organisation=organisation, user=user)
    checked = 0
    for name, field in probe.fields.items():
        if field.widget.is_hidden or name == "website_address":
            continue
        for problem, value in bad_values(field):
            form = build(form_class, {name: value}, organisation=organisation, user=user)
            if problem != "hidden character":
                assert name in form.errors, f"{name} {problem}: {value!r} was accepted"
            for message in messages_of(form):
                assert_plain(message)
            checked += 1
    assert checked or not [f for f in probe.fields.values() if bad_values(f)]


def test_messages_name_the_question_and_say_how_far_over():
    field = forms.CharField(label="Your message", max_length=3000)

    message = plain_error_message(
        field, "max_length", {"limit_value": 3000, "show_value": 3100}, subject="your message"
    )

    assert message == "Your message must be 3,000 characters or fewer: it has 3,100"
    assert plain_error_message(field, "required", {}, subject="your message") == (
        "Enter your message"
    )
    payment = forms.ChoiceField(choices=[("a", "A")])
    assert plain_error_message(
        payment, "required", {}, subject="how you would like to be paid"
    ) == ("Choose how you would like to be paid")
    assert plain_error_message(forms.DateField(), "invalid", {}, subject="the start date") == (
        "The start date must be a real date, like 27/3/2027"
    )


def test_a_project_message_is_kept_as_written():
    field = forms.CharField()
    assert plain_error_message(field, None, {}, subject="postcode") is None


FIELD_KINDS = st.sampled_from(
    [
        forms.CharField(max_length=10, min_length=2),
        forms.EmailField(),
        forms.URLField(),
        forms.IntegerField(max_value=10, min_value=1, step_size=2),
        forms.DecimalField(max_digits=5, decimal_places=2, max_value=Decimal(100)),
        forms.DateField(),
        forms.TimeField(),
        forms.DateTimeField(),
        forms.BooleanField(label="I understand"),
        forms.ChoiceField(choices=[("a", "A")]),
        forms.MultipleChoiceField(choices=[("a", "A")]),
        forms.FileField(max_length=20),
        forms.ImageField(),
    ]
)
CODES = st.sampled_from(
    ["required", "null", "blank", "max_length", "min_length", "invalid", "invalid_choice",
     "invalid_list", "invalid_pk_value", "list", "max_value", "min_value", "step_size",
     "max_digits", "max_decimal_places", "max_whole_digits", "unique", "invalid_date",
     "invalid_time", "invalid_image", "missing", "empty", "contradiction",
     "null_characters_not_allowed"]
)  # fmt: skip
NUMBERS = st.one_of(
    st.integers(0, 10**9), st.decimals(0, 10**6, places=2), st.dates(date(2000, 1, 1))
)


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    field=FIELD_KINDS,
    code=CODES,
    label=st.one_of(st.none(), st.text(max_size=60), st.sampled_from(["Value", "Field name"])),
    params=st.fixed_dictionaries(
        {"limit_value": NUMBERS, "show_value": NUMBERS, "max": NUMBERS, "length": NUMBERS}
    ),
)
def test_any_built_in_mistake_is_said_in_plain_words(field, code, label, params):
    subject = error_subject(label)
    message = plain_error_message(field, code, params, subject=subject)

    assert message
    assert ACTIONS.search(message), message
    # The field's own label may say anything; the words around it are ours.
    ours = re.sub(re.escape(subject), "", message, flags=re.IGNORECASE) if subject else message
    if label:
        ours = ours.replace(str(label).strip(), "")
    assert not JARGON.search(ours), message
    assert "%(" not in message


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(label=st.text(min_size=1, max_size=80))
def test_a_label_reads_inside_a_sentence_or_is_left_out(label):
    subject = error_subject(label)
    if subject is not None:
        assert "?" not in subject[-1:]
        assert subject.strip() == subject
