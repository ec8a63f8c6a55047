"""A peer-support session's regular time: one model that the CMS, the "List your group" form,
the page, the iCalendar (.ics) file and the Open Referral UK schedule all use.

A schedule is a day of the week, how often (every week, every two weeks, or one week of each
month), a start time and an optional end time, all in UK local time (Europe/London). An end time
at or before the start time is on the next day, so a night cafe from 22:00 to 01:00 is one
session. Sessions every two weeks also keep the date of a session (any past one, or the first
if they have not started), which fixes which weeks: RFC 5545 counts INTERVAL=2 from DTSTART, and
Open Referral UK asks for `dtstart` with an interval.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dateformat import format as format_date

LONDON = ZoneInfo("Europe/London")
# RFC 5545 3.3.10 weekday codes, Monday first like Python's date.weekday().
WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# The page fields a schedule is made of, in the order the forms show them.
FIELDS = ("day_of_week", "frequency", "week_of_month", "dtstart", "start_time", "end_time")


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Once a month"


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, "First"
    SECOND = 2, "Second"
    THIRD = 3, "Third"
    FOURTH = 4, "Fourth"
    LAST = -1, "Last"


def clean_schedule(values):
    """Check and tidy a schedule's fields, the same way for the CMS and the front-end form.

    `values` maps the names in FIELDS to the fields' Python values (day_of_week an int 0-6 or
    None, frequency a Frequency value or "", week_of_month 1-4, -1 or None, dtstart a date or
    None, start_time and end_time a `time` or None). Returns a new dict with the fields that do
    not apply emptied (the week for anything but monthly, the date for anything but every two
    weeks). Raises ValidationError with a plain-words message per field.
    """
    values = {name: values.get(name) for name in FIELDS}
    day, frequency = values["day_of_week"], values["frequency"]
    starts, ends = values["start_time"], values["end_time"]
    errors = {}
    if day is None:
        if starts or ends:
            errors["day_of_week"] = "Choose the day it meets, or leave the times empty."
        values.update(week_of_month=None, dtstart=None)
    else:
        if not starts:
            errors["start_time"] = "Give the time it starts."
        if not frequency:
            errors["frequency"] = "Say how often it meets."
        if frequency == Frequency.MONTHLY and values["week_of_month"] is None:
            errors["week_of_month"] = "Say which week of the month, for example the first."
        if frequency == Frequency.FORTNIGHTLY:
            errors.update(_fortnightly_date_errors(values["dtstart"], day))
    if starts and ends and starts == ends:
        errors["end_time"] = (
            "The end time is the same as the start time. If it runs overnight, give the time "
            "it ends the next morning."
        )
    if errors:
        raise ValidationError(errors)
    if frequency != Frequency.MONTHLY:
        values["week_of_month"] = None
    if frequency != Frequency.FORTNIGHTLY:
        values["dtstart"] = None
    return values


def _fortnightly_date_errors(dtstart, day):
    if dtstart is None:
        return {"dtstart": "Give the date of one session, so calendars show the right weeks."}
    if dtstart.weekday() != day:
        return {
            "dtstart": f"{format_date(dtstart, 'j F Y')} is a {Weekday(dtstart.weekday()).label}, "
            f"but the session is on {Weekday(day).label}s. Give the date of one session."
        }
    return {}


@dataclass(frozen=True)
class Schedule:
    """A complete, checked schedule. Build it with `schedule_of`, which returns None for a page
    with no regular time or with one saved before it could be complete."""

    weekday: int  # 0 Monday .. 6 Sunday
    frequency: str  # a Frequency value
    opens_at: time  # local time (Europe/London)
    closes_at: time | None = None  # at or before opens_at: the next day
    week_of_month: int | None = None  # 1-4 or -1 (last); monthly only
    dtstart: date | None = None  # every two weeks only: a past session or the first one

    @property
    def ends_next_day(self):
        return self.closes_at is not None and self.closes_at <= self.opens_at

    # RFC 5545 recurrence parts (3.3.10), also Open Referral UK's freq, interval and byday.

    @property
    def freq(self):
        return "MONTHLY" if self.frequency == Frequency.MONTHLY else "WEEKLY"

    @property
    def interval(self):
        return 2 if self.frequency == Frequency.FORTNIGHTLY else 1

    @property
    def byday(self):
        """ "TH" for weekly sessions; "1TH" .. "4TH" or "-1TH" (the last) for monthly ones."""
        code = WEEKDAY_CODES[self.weekday]
        return f"{self.week_of_month}{code}" if self.frequency == Frequency.MONTHLY else code

    def rrule(self):
        """The RRULE value as a dict of upper-case parts, for icalendar's vRecur."""
        rule = {"FREQ": self.freq, "BYDAY": self.byday}
        if self.interval != 1:
            rule["INTERVAL"] = self.interval
        return rule

    # Dates and times

    def meets_on(self, day):
        """Whether a session starts on this date."""
        if day.weekday() != self.weekday:
            return False
        if self.frequency == Frequency.FORTNIGHTLY:
            return day >= self.dtstart and (day - self.dtstart).days % 14 == 0
        if self.frequency == Frequency.MONTHLY:
            return _in_week_of_month(day, self.week_of_month)
        return True

    def next_date(self, on_or_after):
        """The first date on or after `on_or_after` that a session starts on."""
        if self.dtstart is not None:
            on_or_after = max(on_or_after, self.dtstart)
        day = on_or_after + timedelta(days=(self.weekday - on_or_after.weekday()) % 7)
        while not self.meets_on(day):
            day += timedelta(days=7)
        return day

    def starts(self, day):
        """The session starting on `day`, as an aware local datetime."""
        return datetime.combine(day, self.opens_at, tzinfo=LONDON)

    def ends(self, day):
        """When the session starting on `day` ends (an aware local datetime), or None."""
        if self.closes_at is None:
            return None
        return datetime.combine(
            day + timedelta(days=1 if self.ends_next_day else 0), self.closes_at, tzinfo=LONDON
        )

    def minutes(self):
        """(start, end) in minutes after the start day's midnight; end past 1440 is the next
        day, and None when there is no end time."""
        start = self.opens_at.hour * 60 + self.opens_at.minute
        if self.closes_at is None:
            return start, None
        end = self.closes_at.hour * 60 + self.closes_at.minute
        return start, end + (1440 if self.ends_next_day else 0)

    # Words

    def summary(self, *, today=None, with_next_date=True):
        """For example "Every Thursday, 10pm to 1am the next day". Sessions every two weeks say
        the next date (from `today`, UK today by default) unless `with_next_date` is False."""
        day = Weekday(self.weekday).label
        if self.frequency == Frequency.MONTHLY:
            when = f"The {WeekOfMonth(self.week_of_month).label.lower()} {day} of every month"
        elif self.frequency == Frequency.FORTNIGHTLY:
            when = f"Every other {day}"
            if with_next_date:
                upcoming = self.next_date(today or datetime.now(tz=LONDON).date())
                when += f" (the next is {format_date(upcoming, 'j F Y')})"
        else:
            when = f"Every {day}"
        if self.closes_at is None:
            return f"{when}, from {clock(self.opens_at)}"
        # "Midday to midnight" needs no "the next day"; "10pm to 1am" does.
        next_day = " the next day" if self.ends_next_day and self.closes_at != time(0) else ""
        return f"{when}, {clock(self.opens_at)} to {clock(self.closes_at)}{next_day}"


def _in_week_of_month(day, week):
    """Whether `day` is the first to fourth (1-4) or the last (-1) such weekday of its month."""
    if week == -1:
        return day.day + 7 > calendar.monthrange(day.year, day.month)[1]
    return (day.day - 1) // 7 + 1 == week


def clock(moment):
    """A time as GOV.UK style writes it: 10am, 6:30pm, midday, midnight."""
    if (moment.hour, moment.minute) == (0, 0):
        return "midnight"
    if (moment.hour, moment.minute) == (12, 0):
        return "midday"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def schedule_of(listing):
    """The listing's Schedule, or None when it has no complete regular time.

    Rows saved before schedules were checked may be monthly with no week or every two weeks
    with no date; they get None (no calendar file, no published rule) until someone completes
    them, and `needs_schedule_check` finds them.
    """
    try:
        values = clean_schedule({name: getattr(listing, name) for name in FIELDS})
    except ValidationError:
        return None
    if values["day_of_week"] is None:
        return None
    return Schedule(
        weekday=values["day_of_week"],
        frequency=values["frequency"],
        opens_at=values["start_time"],
        closes_at=values["end_time"],
        week_of_month=values["week_of_month"],
        dtstart=values["dtstart"],
    )


def needs_schedule_check(listing):
    """A regular day is given but the schedule is not complete (see `schedule_of`)."""
    return getattr(listing, "day_of_week", None) is not None and schedule_of(listing) is None
