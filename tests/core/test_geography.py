import pytest
import requests

from core.geography import (
    GeocodingUnavailable,
    PostcodeError,
    Region,
    distance_km,
    geocode_postcode,
    km_to_miles,
    normalise_postcode,
)
from core.models import PostcodeLocation


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("m11ae", "M1 1AE"), (" sw1a  1aa ", "SW1A 1AA"), ("ls1", "LS1"), ("SE15", "SE15")],
)
def test_postcodes_are_tidied_however_they_are_typed(typed, expected):
    assert normalise_postcode(typed) == expected


@pytest.mark.parametrize("typed", ["", "hello", "12345", "M1 1AE extra", "<script>", "M\x001AE"])
def test_things_that_are_not_postcodes_get_a_plain_message(typed):
    with pytest.raises(PostcodeError, match="Enter a UK postcode"):
        normalise_postcode(typed)


def test_distance_between_london_and_manchester_is_about_260_km():
    km = distance_km(51.5074, -0.1278, 53.4808, -2.2426)

    assert 255 < km < 270
    assert 159 < km_to_miles(km) < 168


@pytest.mark.django_db
def test_a_postcode_is_looked_up_once_and_then_served_from_the_cache(postcodes_io):
    first = geocode_postcode("m1 1ae")
    second = geocode_postcode("M11AE")

    assert (first.latitude, first.longitude) == pytest.approx((53.480037, -2.236434))
    assert first.region == Region.NORTH_WEST
    assert first.district == "Manchester"
    assert second == first
    assert len(postcodes_io.calls) == 1
    assert PostcodeLocation.objects.filter(postcode="M1 1AE").exists()


@pytest.mark.django_db
def test_an_outward_code_is_placed_at_its_centre(postcodes_io):
    place = geocode_postcode("bs1")

    assert place.region == Region.SOUTH_WEST
    assert place.latitude == pytest.approx(51.4526)


@pytest.mark.django_db
def test_an_unknown_postcode_is_reported_and_not_cached(postcodes_io):
    with pytest.raises(PostcodeError, match="could not find the postcode ZZ9 9ZZ"):
        geocode_postcode("ZZ9 9ZZ")

    assert not PostcodeLocation.objects.exists()


@pytest.mark.django_db
def test_a_postcode_service_outage_is_reported_as_such(postcodes_io):
    postcodes_io.get(
        "https://api.postcodes.io/postcodes/LS27UE", body=requests.ConnectTimeout("timed out")
    )

    with pytest.raises(GeocodingUnavailable):
        geocode_postcode("LS2 7UE")


@pytest.mark.django_db
def test_the_bundled_table_places_demo_postcodes_by_area(settings):
    settings.POSTCODE_LOOKUP = "core.geography.BundledLookup"

    place = geocode_postcode("LS7 3HB")

    assert place.region == Region.YORKSHIRE_HUMBER
    assert "Leeds" in place.district
    with pytest.raises(PostcodeError, match="demo site only knows"):
        geocode_postcode("ZE1 0AA")
