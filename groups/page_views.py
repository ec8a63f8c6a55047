"""The directory page's view: filters, postcode distance and one page of listings."""

from django.conf import settings

from core.geography import (
    GeocodingUnavailable,
    PostcodeError,
    distance_km,
    geocode_postcode,
    km_to_miles,
    nearest_first,
)
from core.pagination import page_of, query_string_without_page, show_page_problem
from groups.filters import GroupFilter, PeerSupportFilter
from groups.models import PeerSupportPage

LISTINGS_PER_PAGE = 20


def directory_view(request, *, directory):
    """(context, status) for a directory page: filtered listings, nearest first when a postcode
    is given; 400 with the form's errors for bad input."""
    model = directory.listing_model()
    filter_class = PeerSupportFilter if model is PeerSupportPage else GroupFilter
    # The cards show no topics; the topic and community filters make the rows distinct.
    listings = model.objects.live().child_of(directory).order_by("title")
    filterset = filter_class(request.GET, queryset=listings)
    form = filterset.form
    context = {
        "filterset": filterset,
        "form": form,
        "listings": [],
        "notices": [],
        "query_string": query_string_without_page(request),
    }
    if not filterset.is_valid():
        return context, 400
    results = filterset.qs
    origin = None
    if form.cleaned_data.get("postcode"):
        try:
            origin = geocode_postcode(form.cleaned_data["postcode"])
        except PostcodeError as error:
            form.add_error("postcode", str(error))
            return context, 400
        except GeocodingUnavailable:
            context["notices"].append(
                "We could not look up that postcode just now, so results are in name order."
            )
    if origin is not None:
        results = nearest_first(results, origin.latitude, origin.longitude, "title")
    page_obj, problem = page_of(results, request, LISTINGS_PER_PAGE)
    if problem:
        return show_page_problem(context, form, problem)
    page_listings = list(page_obj)
    if origin is not None:
        for listing in page_listings:
            if listing.has_location:
                listing.distance_miles = km_to_miles(
                    distance_km(
                        origin.latitude, origin.longitude, listing.latitude, listing.longitude
                    )
                )
    context.update(
        map_points=[
            {
                "title": listing.title,
                "url": listing.get_url(request),
                "lat": listing.latitude,
                "lon": listing.longitude,
            }
            for listing in page_listings
            if listing.has_location
        ],
        map_tiles=settings.MAP_TILE_URL,
        map_attribution=settings.MAP_ATTRIBUTION,
        page_obj=page_obj,
        listings=page_listings,
        result_count=page_obj.paginator.count,
        origin=origin,
    )
    return context, 200
