from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from groups.calendar import schedule_calendar
from groups.models import PeerSupportPage


def peer_support_calendar(request, page_id):
    """The listing's regular time as a repeating calendar event people can add."""
    listing = get_object_or_404(PeerSupportPage.objects.live(), pk=page_id)
    if not listing.has_schedule:
        raise Http404("This listing has no regular day and time.")
    calendar = schedule_calendar(listing, today=timezone.localdate())
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{listing.slug}.ics"'
    return response
