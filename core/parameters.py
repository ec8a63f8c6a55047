"""One layer for query parameters: the form fields every GET page and the open API read them with.

Query strings come from people, link checkers and programs. Whatever they hold, the answer is a
400 naming the parameter, never a 500, on SQLite and PostgreSQL alike. Rules shared by every page:

- Whole numbers are ASCII digits only: Python's int() and str.isdigit() also take "²", "٣" and
  "3_0", which no one means as a number.
- Ids are checked against the database's range (signed 64-bit) before any query: SQLite raises
  OverflowError for bigger ones instead of finding nothing.
- Text refuses control characters, NUL included: PostgreSQL refuses NUL in a query, SQLite
  quietly matches everything.
- Times are UK clock times without a zone (docs/decisions/0007-query-parameters.md); dates and
  date-times must fall between 1900 and 2100, so converting them never overflows.
"""

import re
import uuid
from datetime import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy

# Signed 64-bit: BigAutoField on PostgreSQL and the INTEGER type of SQLite.
MAX_DATABASE_ID = 2**63 - 1
# Page numbers past this are refused rather than parsed: no list here is that long.
MAX_PAGE_DIGITS = 18
MIN_YEAR, MAX_YEAR = 1900, 2100

ASCII_DIGITS = re.compile(r"[0-9]+")
# Cc, the Unicode control characters, except the tab, line feed and carriage return of whitespace.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CLOCK_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?")
ZONE_SUFFIX = re.compile(r".*[0-9](?:[zZ]|[+-][0-9]{2}(?::?[0-9]{2})?)")

NO_CONTROL_CHARACTERS = gettext_lazy(
    "Remove the control characters (such as a null character) and try again."
)


def whole_number(raw, *, low, high):
    """`raw` (text) as an int from `low` to `high`, or None if it is not ASCII digits within
    them. Leading and trailing spaces are ignored."""
    text = str(raw).strip()
    if not ASCII_DIGITS.fullmatch(text) or len(text.lstrip("0")) > len(str(high)):
        return None
    number = int(text)
    return number if low <= number <= high else None


def page_number(raw):
    """A page number from the query string: 1 for none given, None for anything but ASCII
    digits from 1 (numbers past the last page are for the caller to answer 404)."""
    if raw is None or str(raw).strip() == "":
        return 1
    return whole_number(raw, low=1, high=10**MAX_PAGE_DIGITS - 1)


def page_number_of(query):
    """page_number of a query string's "page" (a QueryDict); None, like any bad value, when
    it is given more than once."""
    values = query.getlist("page")
    if len(values) > 1:
        return None
    return page_number(values[0] if values else None)


def refuse_control_characters(value):
    """Raises ValidationError if `value` holds a control character (NUL included)."""
    if value and CONTROL_CHARACTERS.search(str(value)):
        raise ValidationError(NO_CONTROL_CHARACTERS, code="control_characters")


class QueryTextField(forms.CharField):
    """Words typed into a search: trimmed, with a length limit, and no control characters."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Our validator says the same as Django's null-character one, in plainer words.
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        self.validators.append(refuse_control_characters)


class TextFilter(django_filters.CharFilter):
    field_class = QueryTextField


class WholeNumberField(forms.Field):
    """A whole number in ASCII digits from min_value to max_value (both required); anything
    else gives the one `invalid` message, formatted with %(low)s and %(high)s."""

    default_error_messages = {
        "invalid": gettext_lazy("Enter a whole number from %(low)s to %(high)s.")
    }

    def __init__(self, *, min_value, max_value, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or str(value).strip() == "":
            return None
        number = whole_number(value, low=self.min_value, high=self.max_value)
        if number is None:
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"low": self.min_value, "high": self.max_value},
            )
        return number


class ClockTimeField(forms.Field):
    """A time of day as HH:MM or HH:MM:SS, read as UK clock time. A time with a zone ("Z",
    "+01:00") gets its own `zone` message: sessions keep their UK clock time in summer and
    winter, so a zone would mean a different session time half the year."""

    default_error_messages = {
        "invalid": gettext_lazy("Enter a time such as 18:30."),
        "zone": gettext_lazy("Enter a UK time such as 18:30, without a time zone."),
    }

    def to_python(self, value):
        if value in self.empty_values or str(value).strip() == "":
            return None
        text = str(value).strip()
        match = CLOCK_TIME.fullmatch(text) if text.isascii() else None
        if match is None:
            code = "zone" if text.isascii() and ZONE_SUFFIX.fullmatch(text) else "invalid"
            raise ValidationError(self.error_messages[code], code=code)
        hour, minute, second = match.groups()
        return datetime.min.replace(
            hour=int(hour), minute=int(minute), second=int(second or 0)
        ).time()


class MomentField(forms.Field):
    """An ISO 8601 date ("2026-11-01") or date and time, with or without a zone ("Z" or
    "+01:00"), from 1900 to 2100. Returns an aware datetime; a date or a time without a zone is
    UK time (TIME_ZONE)."""

    default_error_messages = {
        "invalid": gettext_lazy("Enter a date, or a date and time, such as 2026-11-01."),
        "range": gettext_lazy("Enter a date between %(low)s and %(high)s."),
    }

    def to_python(self, value):
        if value in self.empty_values or str(value).strip() == "":
            return None
        text = str(value).strip()
        try:
            if not text.isascii():
                raise ValueError(text)
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise ValidationError(
                self.error_messages["range"],
                code="range",
                params={"low": MIN_YEAR, "high": MAX_YEAR},
            )
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class UuidParameterField(forms.Field):
    """A UUID in any of the forms uuid.UUID reads, written in ASCII; returns the canonical
    lower-case text (RFC 9562)."""

    default_error_messages = {"invalid": gettext_lazy("Enter a UUID.")}

    def to_python(self, value):
        if value in self.empty_values or str(value).strip() == "":
            return None
        text = str(value).strip()
        try:
            if not text.isascii():  # int(..., 16) inside uuid.UUID reads other scripts' digits
                raise ValueError(text)
            return str(uuid.UUID(text))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def _is_database_id(value):
    return whole_number(value, low=1, high=MAX_DATABASE_ID) is not None


class IdMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """Tick boxes of database rows, chosen by primary key: ids outside the database's range or
    not in ASCII digits are refused before any query."""

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else []:
            if not _is_database_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(pk)[:50]},
                )
        return super()._check_values(value)


class IdChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = IdMultipleChoiceField


class IdChoiceField(forms.ModelChoiceField):
    """One database row chosen by primary key, refused before any query if the id is out of
    the database's range or not in ASCII digits."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not _is_database_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
