import datetime
import functools
import re
from decimal import Decimal

from django import forms
from django.core import validators
from django.db import models
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name
from django.template.response import SimpleTemplateResponse
from django.urls import URLPattern, URLResolver
from django.utils.functional import Promise

from core.text import clean_text


class NetworkFormRenderer(TemplatesSetting):
    """Renders every form with our error summary and every field with one accessible template."""

    form_template_name = "components/form.html"
    field_template_name = "components/form_field.html"


# Bidirectional control characters can disguise text (for example a reversed file name).
BIDI_CONTROLS = dict.fromkeys(
    [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F]
)


def plain_text(value):
    """Text as people typed it, minus invisible direction controls, characters no document format
    can carry (see core.text.clean_text) and stray whitespace."""
    return clean_text(value.translate(BIDI_CONTROLS)).strip()


class PlainTextFormMixin:
    """Cleans every text field to plain text. Templates escape it; nothing is rendered as HTML."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = plain_text(value)
        return cleaned


class HoneypotFormMixin:
    """A field people never see or fill in; automated spam usually does."""

    honeypot_field_name = "website_address"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_field_name] = forms.CharField(
            required=False,
            label="Leave this empty",
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(self.honeypot_field_name):
            raise forms.ValidationError("Sorry, we could not accept that. Please try again.")
        return cleaned


# Plain-words error messages ------------------------------------------------------------------
#
# Django's own messages ("This field is required.", "Ensure this value has at most 3000
# characters (it has 3100).") name neither the question nor what to do. These replace them, by
# the error's code, following the GOV.UK Design System's error message guidance: say what to
# do, use the question's own words, no jargon.

EXAMPLE_DATE = "27/3/2027"
QUESTION_WORDS = {"if", "are", "is", "do", "does", "did", "have", "has", "can"}
EXAMPLE_TIME = "10:30 or 18:00"


def error_subject(label):
    """The label as it reads inside a sentence ("Organisation name" -> "organisation name"),
    or None when it does not (a question, or a long instruction); messages then say "an answer"."""
    text = re.sub(r"[\s:]+$", "", str(label or "").strip().removesuffix("(optional)"))
    if not text or text.endswith("?") or len(text.split()) > 7:
        return None
    first = text.split()[0]
    if first.lower() in QUESTION_WORDS:  # "If you chose other...", "Are you taking part as a"
        return None
    if first.isupper():  # "I", or an abbreviation such as "BSL"
        return text
    return text[0].lower() + text[1:]


def _number(value):
    """A number as people write it: 3,000 and 12.50, not 3000 and Decimal('12.50')."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    return f"{value:,}"


def _date(value):
    return f"{value.day} {value:%B %Y}" if isinstance(value, datetime.date) else _number(value)


def plain_error_message(field, code, params, *, subject=None):
    """The plain-words message for one of Django's built-in error codes, or None to keep the
    message as it is (the project's own messages, which are written in plain words already).

    field: the form field; code: the ValidationError's code ("required", "max_length"...);
    params: its params (limit_value, show_value, max...); subject: how to name the field inside
    a sentence, for example "your message" (see error_subject); None says "your answer".
    Rule: GOV.UK Design System, "Error message" (https://design-system.service.gov.uk/).
    """
    params = params or {}
    name = subject or None
    sentence = (name[0].upper() + name[1:]) if name else "Your answer"
    limit = params.get("limit_value", params.get("max"))
    is_choice = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    is_many = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    if code in ("required", "null", "blank"):
        if isinstance(field, forms.BooleanField):
            label = str(field.label or "").strip()
            return f"Tick “{label}” to go on" if label else "Tick the box to go on"
        if isinstance(field, forms.FileField):
            return f"Choose a file for {name}" if name else "Choose a file"
        if is_many:
            return (
                f"Choose at least one of the options for {name}"
                if name
                else ("Choose at least one of the options")
            )
        if is_choice:
            return f"Choose {name}" if name else "Choose an answer"
        return f"Enter {name}" if name else "Enter an answer"
    if code == "max_length":
        if isinstance(field, forms.FileField):
            return (
                f"The file name must be {_number(params.get('max'))} characters or fewer: "
                f"it has {_number(params.get('length'))}"
            )
        return (
            f"{sentence} must be {_number(limit)} characters or fewer: "
            f"it has {_number(params.get('show_value'))}"
        )
    if code == "min_length":
        return (
            f"{sentence} must be {_number(limit)} characters or more: "
            f"it has {_number(params.get('show_value'))}"
        )
    if code in ("invalid_choice", "invalid_pk_value", "invalid_list", "list"):
        return (
            f"Choose {name} from the options given" if name else ("Choose one of the options given")
        )
    if code in ("max_value", "min_value"):
        if isinstance(field, forms.DateField):
            when = "on or before" if code == "max_value" else "on or after"
            return f"{sentence} must be {when} {_date(limit)}"
        return f"{sentence} must be {_number(limit)} or {'less' if code == 'max_value' else 'more'}"
    if code == "step_size":
        return f"{sentence} must be a multiple of {_number(limit)}"
    if code == "max_digits":
        return f"{sentence} must be {_number(params.get('max'))} digits or fewer"
    if code == "max_decimal_places":
        return f"{sentence} must have no more than {params.get('max')} digits after the point"
    if code == "max_whole_digits":
        return f"{sentence} must have {params.get('max')} digits or fewer before the point"
    if code == "null_characters_not_allowed":
        where = f" from {name}" if name else ""
        return f"Remove the hidden characters{where}, or type it again"
    if code == "unique":
        return (
            f"There is already one with this {name}: choose another"
            if name
            else ("There is already one like this: choose another")
        )
    if code in ("invalid", "invalid_date", "invalid_time", "invalid_image", "missing", "empty",
                "contradiction", "overflow"):  # fmt: skip
        return _plain_invalid(field, code, name, sentence)
    return None


def _plain_invalid(field, code, name, sentence):
    if isinstance(field, forms.EmailField):
        return "Enter an email address in the correct format, like name@example.com"
    if isinstance(field, forms.URLField):
        return "Enter a web address in the correct format, like https://www.example.org"
    if isinstance(field, forms.DateTimeField):
        return f"Enter a real date and time, like {EXAMPLE_DATE} 10:30"
    if isinstance(field, forms.DateField):
        return f"{sentence} must be a real date, like {EXAMPLE_DATE}"
    if isinstance(field, forms.TimeField):
        return f"{sentence} must be a real time, like {EXAMPLE_TIME}"
    if isinstance(field, forms.DecimalField | forms.FloatField):  # before IntegerField, their base
        return f"{sentence} must be a number, like 25 or 12.50"
    if isinstance(field, forms.IntegerField):
        return f"{sentence} must be a whole number, like 2 or 10"
    if isinstance(field, forms.ImageField) and code == "invalid_image":
        return "Choose a picture file, like a JPEG or PNG"
    if isinstance(field, forms.FileField):
        if code == "empty":
            return "The file you chose is empty: choose another"
        if code == "contradiction":
            return "Choose a new file or tick “Clear”, not both"
        return "Choose a file to upload"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return (
            f"Choose {name} from the options given" if name else ("Choose one of the options given")
        )
    return f"{sentence} is not in a form we can read: check it and try again"


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@functools.cache
def _django_message_templates():
    """Every message text Django itself writes for a form field, a model field or a validator.

    A message that is not one of these was written by the project (a field's own error_messages,
    a clean method, a service) and is kept as it is.
    """
    found = set()
    for base in (forms.Field, models.Field):
        for cls in (base, *_subclasses(base)):
            if cls.__module__.startswith("django."):
                found.update(str(m) for m in getattr(cls, "default_error_messages", {}).values())
    for name in dir(validators):
        value = getattr(validators, name)
        messages = getattr(value, "messages", None)
        for message in [
            getattr(value, "message", None),
            *(messages.values() if isinstance(messages, dict) else []),
        ]:
            if isinstance(message, str | Promise):
                found.add(str(message))
    return frozenset(found)


def is_django_message(error):
    """Whether a ValidationError carries one of Django's own message texts (see above)."""
    return str(error.message) in _django_message_templates()


class PlainErrorsFormMixin:
    """Every mistake said in plain words, naming the question (see plain_error_message).

    Put it first in a form's bases. `error_subjects` names a field inside a sentence where its
    label does not read well there, for example {"message": "your message"}.
    """

    error_subjects: dict = {}

    def full_clean(self):
        super().full_clean()
        if self.is_bound and hasattr(self.data, "getlist"):
            self._refuse_repeated_answers()
        for name, errors in list((self._errors or {}).items()):
            field = self.fields.get(name)
            if field is None:
                continue
            subject = self._subject(name, field)
            rewritten, seen = [], set()
            for error in errors.as_data():
                message = (
                    plain_error_message(field, error.code, error.params, subject=subject)
                    if is_django_message(error)
                    else None
                )
                error = forms.ValidationError(message, code=error.code) if message else error
                if str(error.message) not in seen:  # two limits on one field say it once
                    seen.add(str(error.message))
                    rewritten.append(error)
            self._errors[name] = self.error_class(rewritten, renderer=self.renderer)

    def _subject(self, name, field):
        """How a field is named inside a sentence: error_subjects, else from its label."""
        return self.error_subjects.get(name) or error_subject(field.label or pretty_name(name))

    def _refuse_repeated_answers(self):
        """A question with one answer sent twice (?page=1&page=2) is a mistake, not a choice
        of the last copy: an earlier copy could hide a bad value that was never checked."""
        for name, field in self.fields.items():
            if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
                continue
            if len(self.data.getlist(self.add_prefix(name))) > 1:
                subject = self._subject(name, field)
                self.add_error(
                    name,
                    forms.ValidationError(
                        f"Give {subject} once only" if subject else "Give one answer only",
                        code="repeated",
                    ),
                )


class PlainForm(PlainErrorsFormMixin, forms.Form):
    """A form with plain-words errors and nothing else: the form of a FilterSet that needs no
    cleaning of its own (Meta.form = PlainForm)."""


# Answering a failed submit -------------------------------------------------------------------

FORM_HAS_ERRORS = 400


def form_status(*forms_shown):
    """The status for a page showing these forms: 400 when any was submitted with mistakes (the
    page then shows them, with everything typed kept), otherwise 200."""
    return FORM_HAS_ERRORS if any(form.is_bound and form.errors for form in forms_shown) else 200


def form_errors_answer_400(view):
    """Wraps a view that renders a TemplateResponse (allauth's, Django's generic views) so that
    a page showing a submitted form's mistakes answers 400, as the site's own forms do."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and isinstance(response, SimpleTemplateResponse):
            shown = [
                value
                for value in (response.context_data or {}).values()
                if isinstance(value, forms.BaseForm)
            ]
            response.status_code = form_status(*shown)
        return response

    return wrapped


def with_form_errors_answering_400(patterns):
    """A copy of a URL configuration's patterns (an app's `urlpatterns`) whose views answer 400
    when they show a submitted form's mistakes (see form_errors_answer_400)."""
    copied = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            copied.append(
                URLResolver(
                    pattern.pattern,
                    with_form_errors_answering_400(pattern.url_patterns),
                    pattern.default_kwargs,
                    pattern.app_name,
                    pattern.namespace,
                )
            )
        else:
            copied.append(
                URLPattern(
                    pattern.pattern,
                    form_errors_answer_400(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
            )
    return copied
