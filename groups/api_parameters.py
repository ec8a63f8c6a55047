"""The Open Referral UK API's query parameters as forms: each list endpoint reads its
parameters through one of these, and a parameter it cannot use is a 400 naming it.

The bounds here are the ones groups/openapi.py publishes.
"""

from django import forms

from core.forms import PlainErrorsFormMixin
from core.geography import PostcodeError, normalise_postcode
from core.parameters import (
    ClockTimeField,
    MomentField,
    QueryTextField,
    UuidParameterField,
    WholeNumberField,
)
from groups.openreferral import BYDAY

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000
MAX_PROXIMITY_METRES = 1_000_000  # 1,000 km: further than any two places in England
MAX_SEARCH_LENGTH = 200
DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _uuid(name):
    return UuidParameterField(required=False, error_messages={"invalid": f"{name} must be a UUID."})


def _clock_time(name):
    return ClockTimeField(
        required=False,
        error_messages={
            "invalid": f"{name} must be a time such as 18:30.",
            "zone": f"{name} must be a UK time such as 18:30, without a time zone: sessions "
            "keep their UK clock time in summer and winter.",
        },
    )


class DayField(forms.Field):
    """MO to SU (RFC 5545 BYDAY) or the day's English name, any case; 0 (Monday) to 6."""

    def to_python(self, value):
        day = str(value or "").strip()
        if not day:
            return None
        if day.upper() in BYDAY:
            return BYDAY.index(day.upper())
        if day.lower() in DAY_NAMES:
            return DAY_NAMES.index(day.lower())
        raise forms.ValidationError(
            "day must be MO, TU, WE, TH, FR, SA or SU (or the day's name).", code="invalid"
        )


class PageParameters(PlainErrorsFormMixin, forms.Form):
    page = WholeNumberField(
        min_value=1,
        max_value=MAX_PAGE,
        required=False,
        error_messages={"invalid": "page must be a whole number from %(low)s to %(high)s."},
    )
    per_page = WholeNumberField(
        min_value=1,
        max_value=MAX_PER_PAGE,
        required=False,
        error_messages={"invalid": "per_page must be a whole number from %(low)s to %(high)s."},
    )

    def clean_page(self):
        return self.cleaned_data.get("page") or 1

    def clean_per_page(self):
        return self.cleaned_data.get("per_page") or DEFAULT_PER_PAGE


class ServiceParameters(PageParameters):
    search = QueryTextField(
        required=False,
        max_length=MAX_SEARCH_LENGTH,
        error_messages={
            "max_length": f"search must be at most {MAX_SEARCH_LENGTH} characters.",
        },
    )
    taxonomy_term_id = _uuid("taxonomy_term_id")
    taxonomy_id = _uuid("taxonomy_id")
    organization_id = _uuid("organization_id")
    modified_after = MomentField(
        required=False,
        error_messages={
            "invalid": "modified_after must be a date or date and time, such as 2026-11-01.",
            "range": "modified_after must be a date between %(low)s and %(high)s.",
        },
    )
    day = DayField(required=False)
    start_time = _clock_time("start_time")
    end_time = _clock_time("end_time")


class ServiceAtLocationParameters(ServiceParameters):
    postcode = QueryTextField(
        required=False,
        max_length=20,
        error_messages={"max_length": "postcode must be at most 20 characters."},
    )
    proximity = WholeNumberField(
        min_value=1,
        max_value=MAX_PROXIMITY_METRES,
        required=False,
        error_messages={
            "invalid": "proximity must be a whole number of metres from %(low)s to %(high)s."
        },
    )

    def clean_postcode(self):
        raw = self.cleaned_data.get("postcode") or ""
        if not raw:
            return ""
        try:
            return normalise_postcode(raw)
        except PostcodeError as error:
            raise forms.ValidationError(f"postcode: {error}") from None

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("proximity")
            and not cleaned.get("postcode")
            and "postcode" not in self.errors
        ):
            self.add_error("proximity", "proximity needs a postcode to measure from.")
        return cleaned


class TaxonomyTermParameters(PageParameters):
    taxonomy_id = _uuid("taxonomy_id")


def first_problem(form):
    """The first error of an invalid parameter form, as one sentence naming the parameter."""
    for name, errors in form.errors.items():
        for message in errors:
            if name == "__all__" or message.startswith(name):
                return message
            return f"{name}: {message}"
    return "A parameter could not be used."
