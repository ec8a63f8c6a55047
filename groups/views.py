from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from groups import selectors, services
from groups.calendar import schedule_calendar


def peer_support_calendar(request, page_id):
    """The listing's regular time as a repeating calendar event people can add."""
    listing = selectors.live_session_or_404(page_id=page_id)
    if not listing.has_schedule:
        raise Http404("This listing has no regular day and time.")
    calendar = schedule_calendar(listing, today=timezone.localdate())
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{listing.slug}.ics"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def listing_still_right(request, token):
    """From the yearly email: the contact confirms the listing without signing in."""
    listing = services.listing_for_still_right_token(token)
    if listing is None:
        return render(request, "pages/groups/still_right.html", {"invalid": True}, status=400)
    if request.method == "POST":
        services.listing_confirm(listing=listing)
        return render(request, "pages/groups/still_right.html", {"listing": listing, "done": True})
    return render(request, "pages/groups/still_right.html", {"listing": listing, "token": token})
