"""Reads for the directory: filtered listings, nearest first when a postcode is given."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

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
from groups.models import GroupPage, PeerSupportPage
from groups.schedule import needs_schedule_check

LISTINGS_PER_PAGE = 20


def directory_page(request, *, directory):
    """(context, status) for a directory listing page."""
    model = directory.listing_model()
    filter_class = PeerSupportFilter if model is PeerSupportPage else GroupFilter
    listings = model.objects.live().child_of(directory).prefetch_related("topics").order_by("title")
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


def live_listing(page_id):
    for model in (GroupPage, PeerSupportPage):
        listing = model.objects.live().filter(pk=page_id).first()
        if listing is not None:
            return listing
    return None


def listings_to_check(*, today=None):
    """Live listings not checked for a year, and peer-support listings whose schedule was saved
    before it had to be complete (monthly with no week, every two weeks with no date), the
    longest unchecked first."""
    cutoff = (today or timezone.localdate()) - timedelta(days=365)
    sessions = PeerSupportPage.objects.live()
    listings = [
        *GroupPage.objects.live().filter(last_checked__lte=cutoff),
        *sessions.filter(last_checked__lte=cutoff),
        *(
            session
            for session in sessions.filter(last_checked__gt=cutoff, day_of_week__isnull=False)
            if needs_schedule_check(session)
        ),
    ]
    return sorted(listings, key=lambda listing: (listing.last_checked, listing.title))


def groups_for_admin(user):
    """The groups this person looks after, with their sessions, for "Your listings".

    Moderation status is read per listing: Wagtail's prefetch leaves out "changes requested",
    and one person looks after a handful of listings at most.
    """
    return (
        GroupPage.objects.filter(administrators__user=user)
        .prefetch_related(Prefetch("sessions", queryset=PeerSupportPage.objects.order_by("title")))
        .order_by("title")
    )


def group_for_admin_or_404(*, user, group_id):
    return get_object_or_404(GroupPage, pk=group_id, administrators__user=user)


def listing_for_admin_or_404(*, user, page_id):
    """A group the person administers, or a session of one; 404 for anyone else's."""
    group = GroupPage.objects.filter(pk=page_id, administrators__user=user).first()
    if group is not None:
        return group
    return get_object_or_404(PeerSupportPage, pk=page_id, group__administrators__user=user)


def member_groups_data(member):
    """The groups the member looks after, for their copy of their data."""
    return [admin.group.title for admin in member.groups_administered.select_related("group")]
