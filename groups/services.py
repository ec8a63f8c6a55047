"""Writes for directory listings."""

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
