"""Dates people type (closing, start and end dates; when a listing was last checked) stay sane.

The range is this project's rule, not a standard's: nothing on the site happened before
1 January 2000, and nothing is planned more than YEARS_AHEAD whole calendar years ahead. It catches
mistyped years (0001, 0206, 9999) that would otherwise be published, sorted first or last, and
break calendars and feeds. One rule for the CMS, the portal's forms and the import:
SaneDatesMixin checks it whenever a model is validated.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST = date(2000, 1, 1)
YEARS_AHEAD = 5


def sane_date_range(today=None):
    """(earliest, latest) dates allowed: 1 January 2000 to 31 December, YEARS_AHEAD years on."""
    today = today or timezone.localdate()
    return EARLIEST, date(today.year + YEARS_AHEAD, 12, 31)


def check_sane_date(value, label):
    """Raise ValidationError, in plain words naming `label`, when `value` (a date) is out of range."""
    earliest, latest = sane_date_range()
    if value is not None and not earliest <= value <= latest:
        raise ValidationError(
            f"The {label} must be between {_spoken(earliest)} and {_spoken(latest)}.",
            code="date_out_of_range",
        )


def _spoken(day):
    return f"{day.day} {day:%B} {day.year}"


class SaneDatesMixin:
    """For models: `sane_date_fields` maps a DateField's name to how people call it.

    Checked in clean_fields, so a form that leaves a date out (one step of several) is not asked
    about it, and the error is shown beside the field.
    """

    sane_date_fields: dict[str, str] = {}

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name, label in self.sane_date_fields.items():
            if (exclude and name in exclude) or name in errors:
                continue
            try:
                check_sane_date(getattr(self, name), label)
            except ValidationError as error:
                errors[name] = error.error_list
        if errors:
            raise ValidationError(errors)
