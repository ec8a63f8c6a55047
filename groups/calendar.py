"""An iCalendar (.ics, RFC 5545) file for a peer-support listing's regular time, with icalendar."""

from datetime import UTC, datetime

from icalendar import Calendar, Event, vRecur

from core.emails import absolute_url
from core.text import clean_text


def schedule_calendar(listing, *, today):
    """A Calendar with one repeating VEVENT for the listing's schedule (it must have one).

    DTSTART is the next session on or after `today`; the RRULE depends only on the schedule, so
    every download describes the same sessions. Times carry TZID=Europe/London with its
    VTIMEZONE (RFC 5545 3.2.19 requires one for each TZID used).
    """
    schedule = listing.schedule
    first = schedule.next_date(today)
    event = Event()
    event.add("uid", f"{listing.uuid}@nsun-4pi-network")
    # RFC 5545 section 3.1 allows no control characters but tab, even in text saved long ago.
    event.add("summary", clean_text(listing.title))
    event.add("dtstamp", datetime.now(tz=UTC))  # RFC 5545 3.8.7.2: always UTC
    event.add("dtstart", schedule.starts(first))
    if schedule.closes_at is not None:
        event.add("dtend", schedule.ends(first))
    event.add("rrule", vRecur(**schedule.rrule()))
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
    calendar.add_missing_timezones(first_date=first)
    return calendar
