"""An iCalendar (.ics) file for a peer-support listing's regular time, with icalendar."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from core.emails import absolute_url
from core.text import clean_text
from groups.models import Frequency

LONDON = ZoneInfo("Europe/London")
WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def week_of_month(day):
    """1 to 4 for the first to fourth such weekday; -1 when it is the month's last."""
    if (day + timedelta(days=7)).month != day.month:
        return -1
    return (day.day - 1) // 7 + 1


def falls_in_week(day, wanted):
    if wanted == -1:
        return (day + timedelta(days=7)).month != day.month
    return (day.day - 1) // 7 + 1 == wanted


def first_meeting(listing, today):
    """The next date the listing meets on (today included)."""
    day = today + timedelta(days=(listing.day_of_week - today.weekday()) % 7)
    if listing.frequency == Frequency.MONTHLY and listing.week_of_month is not None:
        while not falls_in_week(day, listing.week_of_month):
            day += timedelta(days=7)
    return day


def repeat_rule(listing, first):
    if listing.frequency == Frequency.FORTNIGHTLY:
        return vRecur(freq="WEEKLY", interval=2)
    if listing.frequency == Frequency.MONTHLY:
        week = listing.week_of_month or week_of_month(first)
        return vRecur(freq="MONTHLY", byday=f"{week}{WEEKDAY_CODES[listing.day_of_week]}")
    return vRecur(freq="WEEKLY")


def schedule_calendar(listing, *, today):
    first = first_meeting(listing, today)
    starts = datetime.combine(first, listing.start_time, tzinfo=LONDON)
    ends = (
        datetime.combine(first, listing.end_time, tzinfo=LONDON)
        if listing.end_time and listing.end_time > listing.start_time
        else starts + timedelta(hours=1)
    )
    event = Event()
    event.add("uid", f"{listing.uuid}@nsun-4pi-network")
    # RFC 5545 section 3.1 allows no control characters but tab, even in text saved long ago.
    event.add("summary", clean_text(listing.title))
    event.add("dtstamp", datetime.now(tz=LONDON))
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("rrule", repeat_rule(listing, first))
    event.add(
        "location",
        "Online" if listing.online and not listing.in_person else clean_text(listing.venue),
    )
    page_url = absolute_url(listing.url)
    event.add(
        "description",
        clean_text("\n\n".join(part for part in [listing.how_to_join, page_url] if part)),
    )
    event.add("url", page_url)
    calendar = Calendar()
    calendar.add("prodid", "-//NSUN 4Pi Network//Peer support//EN")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    return calendar
