"""Writes for directory listings."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from core.emails import absolute_url, send_templated_email
from core.geography import GeocodingUnavailable, PostcodeError, geocode_postcode


def place_listing(listing):
    """Coordinates (and region, if not chosen) from the postcode; cached per postcode.

    A postcode that cannot be placed just now leaves the listing without coordinates: it is
    still listed, but not sorted by distance, and the next save tries again.
    """
    if not listing.postcode:
        listing.latitude = listing.longitude = None
        return
    try:
        place = geocode_postcode(listing.postcode)
    except (PostcodeError, GeocodingUnavailable):
        return
    listing.postcode = place.postcode
    listing.latitude, listing.longitude = place.latitude, place.longitude
    if not listing.region and place.region:
        listing.region = place.region


STILL_RIGHT_SALT = "groups.still-right"
CHECK_EVERY = timedelta(days=365)
LINK_LASTS = timedelta(days=60)


def still_right_token(listing):
    return signing.dumps({"listing": listing.pk}, salt=STILL_RIGHT_SALT)


def listing_for_still_right_token(token):
    """The live listing a confirmation link was made for, or None if it is not ours or too old."""
    from groups.selectors import live_listing

    try:
        data = signing.loads(token, salt=STILL_RIGHT_SALT, max_age=LINK_LASTS)
    except (signing.BadSignature, TypeError):
        return None
    return live_listing(data.get("listing")) if isinstance(data, dict) else None


def listing_confirm(*, listing, today=None):
    """The listing's contact says it is still right: it counts as checked today."""
    today = today or timezone.localdate()
    type(listing).objects.filter(pk=listing.pk).update(last_checked=today)
    listing.last_checked = today
    return listing


def listings_ask_to_confirm(*, now=None):
    """Once a year, ask each listing's contact whether it is still right. Returns emails sent."""
    from groups.selectors import listings_to_check

    now = now or timezone.now()
    sent = 0
    for listing in listings_to_check(today=timezone.localdate(now)):
        asked = listing.check_requested_at
        if not listing.contact_email or (asked and now - asked < CHECK_EVERY):
            continue
        send_templated_email(
            template="groups_still_right",
            context={
                "listing": listing,
                "confirm_url": absolute_url(
                    reverse("listing_still_right", args=[still_right_token(listing)])
                ),
                "page_url": absolute_url(listing.url),
            },
            to=[listing.contact_email],
        )
        type(listing).objects.filter(pk=listing.pk).update(check_requested_at=now)
        sent += 1
    return sent
