"""Reads for the directory: filtered listings, nearest first when a postcode is given."""

import math
from datetime import timedelta

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import ExpressionWrapper, F, FloatField, Value
from django.utils import timezone

from core.geography import (
    GeocodingUnavailable,
    PostcodeError,
    distance_km,
    geocode_postcode,
    km_to_miles,
)
from groups.filters import GroupFilter, PeerSupportFilter
from groups.models import GroupPage, PeerSupportPage

LISTINGS_PER_PAGE = 20


def nearest_first(queryset, latitude, longitude):
    """Flat-earth ordering is enough within England; places without coordinates go last."""
    squeeze = math.cos(math.radians(latitude)) ** 2
    nearness = ExpressionWrapper(
        (F("latitude") - Value(latitude)) * (F("latitude") - Value(latitude))
        + (F("longitude") - Value(longitude))
        * (F("longitude") - Value(longitude))
        * Value(squeeze),
        output_field=FloatField(),
    )
    return queryset.annotate(nearness=nearness).order_by(
        F("nearness").asc(nulls_last=True), "title"
    )


def directory_page(request, *, directory):
    """(context, status) for a directory listing page."""
    model = directory.listing_model()
    filter_class = PeerSupportFilter if model is PeerSupportPage else GroupFilter
    listings = model.objects.live().child_of(directory).prefetch_related("topics").order_by("title")
    filterset = filter_class(request.GET, queryset=listings)
    form = filterset.form
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    context = {
        "filterset": filterset,
        "form": form,
        "listings": [],
        "notices": [],
        "query_string": query_without_page.urlencode(),
    }
    if not filterset.is_valid():
        return context, 400
    results = filterset.qs.distinct()
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
        results = nearest_first(results, origin.latitude, origin.longitude)
    paginator = Paginator(results, LISTINGS_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        form.add_error(None, "The page number must be a whole number, 1 or more.")
        return context, 400
    except EmptyPage:
        context["page_problem"] = (
            f"There is no such page. These results have {paginator.num_pages} "
            f"page{'s' if paginator.num_pages != 1 else ''}."
        )
        return context, 404
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
                "url": listing.url,
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
        result_count=paginator.count,
        origin=origin,
        is_peer_support=model is PeerSupportPage,
    )
    return context, 200


def live_listing(page_id):
    for model in (GroupPage, PeerSupportPage):
        listing = model.objects.live().filter(pk=page_id).first()
        if listing is not None:
            return listing
    return None


def listings_to_check(*, today=None):
    """Live listings not checked for a year, the longest unchecked first."""
    cutoff = (today or timezone.localdate()) - timedelta(days=365)
    listings = [
        *GroupPage.objects.live().filter(last_checked__lte=cutoff),
        *PeerSupportPage.objects.live().filter(last_checked__lte=cutoff),
    ]
    return sorted(listings, key=lambda listing: (listing.last_checked, listing.title))
