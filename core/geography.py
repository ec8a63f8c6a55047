"""England's regions, UK postcodes turned into coordinates (cached), and distances.

Postcodes are looked up at postcodes.io in production and cached per postcode in the database.
`make run` uses a small bundled table of places instead, so it needs no network.
"""

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import requests
from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string

# The Earth's mean radius (IUGG), the one Elasticsearch's geo distances use, so that both
# engines measure the same distance.
EARTH_RADIUS_KM = 6371.0087714
KM_PER_MILE = 1.609344
POSTCODES_IO = "https://api.postcodes.io"


class Region(models.TextChoices):
    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE_HUMBER = "yorkshire_humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"
    NATIONAL = "national", "National (all of England)"


# postcodes.io names regions as the ONS does.
ONS_REGION_NAMES = {
    "north east": Region.NORTH_EAST,
    "north west": Region.NORTH_WEST,
    "yorkshire and the humber": Region.YORKSHIRE_HUMBER,
    "east midlands": Region.EAST_MIDLANDS,
    "west midlands": Region.WEST_MIDLANDS,
    "east of england": Region.EAST,
    "london": Region.LONDON,
    "south east": Region.SOUTH_EAST,
    "south west": Region.SOUTH_WEST,
}

FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
OUTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


class PostcodeError(ValueError):
    """The postcode is not one we can place. The message is fit to show to the person."""


class GeocodingUnavailable(RuntimeError):
    """The lookup service did not answer; try again later."""


@dataclass(frozen=True)
class Place:
    postcode: str
    latitude: float
    longitude: float
    region: str = ""
    district: str = ""


def normalise_postcode(raw):
    """'sw1a1aa' -> 'SW1A 1AA'; 'm1' -> 'M1'. Raises PostcodeError for anything else."""
    text = re.sub(r"\s+", "", (raw or "").upper())
    match = FULL_POSTCODE.match(text)
    if match:
        return f"{match.group(1)} {match.group(2)}"
    if OUTCODE.match(text):
        return text
    raise PostcodeError("Enter a UK postcode, like M1 1AE, or the first part of one, like M1.")


def outcode_of(postcode):
    """The outward code (district) of a postcode or district, however it is spaced or cased:
    "m11ae", "M1 1AE" and "M1" all give "M1". Anything else comes back upper-cased and trimmed,
    for the lookup to refuse."""
    compact = "".join(str(postcode).split()).upper()
    full = FULL_POSTCODE.match(compact)
    if full:
        return full.group(1)
    return compact if OUTCODE.match(compact) else str(postcode).upper().strip().split(" ")[0]


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = math.radians(lat2 - lat1)
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def km_to_miles(km):
    return km / KM_PER_MILE


class PostcodesIoLookup:
    """Looks up a full postcode or an outward code at postcodes.io."""

    timeout = 5

    def lookup(self, postcode):
        kind = "postcodes" if " " in postcode else "outcodes"
        url = f"{POSTCODES_IO}/{kind}/{requests.utils.quote(postcode.replace(' ', ''))}"
        try:
            response = requests.get(url, timeout=self.timeout)
        except requests.RequestException as error:
            raise GeocodingUnavailable("The postcode service did not answer.") from error
        if response.status_code == 404:
            raise PostcodeError(f"We could not find the postcode {postcode}. Please check it.")
        if response.status_code != 200:
            raise GeocodingUnavailable(f"The postcode service answered {response.status_code}.")
        result = response.json().get("result") or {}
        if result.get("latitude") is None or result.get("longitude") is None:
            raise PostcodeError(f"The postcode {postcode} has no location we can use.")
        region_name = result.get("region")
        if isinstance(region_name, list):  # outcodes can span regions
            region_name = region_name[0] if region_name else ""
        district = result.get("admin_district") or ""
        if isinstance(district, list):
            district = district[0] if district else ""
        return Place(
            postcode=postcode,
            latitude=float(result["latitude"]),
            longitude=float(result["longitude"]),
            region=ONS_REGION_NAMES.get((region_name or "").lower(), ""),
            district=district,
        )


@cache
def bundled_places():
    with open(Path(__file__).parent / "data" / "places.json", encoding="utf-8") as handle:
        return {row["outcode"]: row for row in json.load(handle)}


class BundledLookup:
    """Places any postcode by its outward code from a small table shipped with the code."""

    def lookup(self, postcode):
        row = bundled_places().get(outcode_of(postcode))
        if row is None:
            raise PostcodeError(
                f"The demo site only knows some postcode areas and not {outcode_of(postcode)}. "
                "Try M1, LS1, B1, BS1, NE1 or SE1."
            )
        return Place(
            postcode=postcode,
            latitude=row["latitude"],
            longitude=row["longitude"],
            region=row["region"],
            district=row["place"],
        )


def get_lookup():
    return import_string(settings.POSTCODE_LOOKUP)()


def geocode_postcode(raw_postcode):
    """A Place for a postcode or outward code, from this process's memory, the database's table
    of looked-up postcodes or the configured lookup.

    Raises PostcodeError (bad or unknown postcode) or GeocodingUnavailable (service down).
    """
    from core.caching import cached_for_content  # core.caching imports core.models

    postcode = normalise_postcode(raw_postcode)
    # Where a postcode is is the same for everyone: each process asks the database once.
    return cached_for_content(f"postcode:{postcode.replace(' ', '')}", lambda: _look_up(postcode))


def _look_up(postcode):
    from core.models import PostcodeLocation  # core.models imports this module

    cached = PostcodeLocation.objects.filter(postcode=postcode).first()
    if cached:
        return cached.as_place()
    place = get_lookup().lookup(postcode)
    PostcodeLocation.objects.update_or_create(
        postcode=postcode,
        defaults={
            "latitude": place.latitude,
            "longitude": place.longitude,
            "region": place.region,
            "district": place.district[:100],
        },
    )
    return place


def nearest_first(queryset, latitude, longitude, *then):
    """Order rows with latitude and longitude fields by distance from a point; rows without a
    place go last, then `then` breaks ties. A flat-earth distance orders places within England
    as the real one does."""
    squeeze = math.cos(math.radians(latitude)) ** 2
    north = models.F("latitude") - models.Value(latitude)
    east = models.F("longitude") - models.Value(longitude)
    nearness = models.ExpressionWrapper(
        north * north + east * east * models.Value(squeeze), output_field=models.FloatField()
    )
    return queryset.annotate(nearness=nearness).order_by(
        models.F("nearness").asc(nulls_last=True), *then
    )
