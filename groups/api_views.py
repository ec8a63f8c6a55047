"""The Open Referral UK API: read-only, public, no keys; only published listings."""

import math
from functools import wraps

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.geography import (
    GeocodingUnavailable,
    PostcodeError,
    distance_km,
    geocode_postcode,
)
from groups import openreferral as oruk
from groups.openapi import openapi_document

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def problem(message, status=400):
    return _json({"status": status, "error": message}, status=status)


def api_view(view):
    """GET only, open to every origin, and plain JSON errors for parameters we cannot use."""

    @require_GET
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except oruk.BadParameter as error:
            return problem(str(error))

    return wrapped


def _whole_number(request, name, default, low, high):
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise oruk.BadParameter(f"{name} must be a whole number from {low} to {high}.")
    return int(raw)


def paginated(request, items, to_record):
    """The spec's page object. A page past the end is empty (200), saying it is the last."""
    per_page = _whole_number(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    page = _whole_number(request, "page", 1, 1, 1_000_000)
    total = len(items)
    total_pages = math.ceil(total / per_page)
    contents = [to_record(item) for item in items[(page - 1) * per_page : page * per_page]]
    return _json(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


def not_found(kind):
    return problem(f"There is no published {kind} with that id.", status=404)


@api_view
def api_root(request):
    return _json(
        {
            "version": oruk.HSDS_VERSION,
            "profile": oruk.PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("openreferral_openapi")),
        }
    )


@api_view
def openapi(request):
    return _json(openapi_document(request.build_absolute_uri(reverse("openreferral_root"))))


@api_view
def services(request):
    listings = oruk.filtered_services(request.GET)
    return paginated(
        request, listings, lambda listing: oruk.service_record(listing, request=request)
    )


@api_view
def service_detail(request, record_id):
    listing = oruk.service_by_id(record_id)
    if listing is None:
        return not_found("service")
    return _json(oruk.service_record(listing, request=request, full=True))


@api_view
def organizations(request):
    groups = list(oruk.organizations())
    return paginated(request, groups, lambda g: oruk.organization_record(g, request=request))


@api_view
def organization_detail(request, record_id):
    group = oruk.organization_by_id(record_id)
    if group is None:
        return not_found("organization")
    services_of = [
        oruk.service_record(listing, request=request)
        for listing in oruk.organization_services(group)
    ]
    record = oruk.organization_record(group, request=request)
    record["services"] = services_of
    return _json(record)


@api_view
def service_at_locations(request):
    listings = [each for each in oruk.filtered_services(request.GET) if oruk.has_location(each)]
    postcode = request.GET.get("postcode", "").strip()
    proximity = request.GET.get("proximity", "").strip()
    if proximity and not postcode:
        raise oruk.BadParameter("proximity needs a postcode to measure from.")
    if postcode:
        try:
            origin = geocode_postcode(postcode)
        except PostcodeError as error:
            raise oruk.BadParameter(f"postcode: {error}") from None
        except GeocodingUnavailable:
            return problem("We cannot look up postcodes just now. Try again later.", status=503)
        # Online-only listings have no distance: they come last, and never within a proximity.
        metres = {
            listing.pk: 1000
            * distance_km(origin.latitude, origin.longitude, listing.latitude, listing.longitude)
            if oruk.is_physical(listing)
            else math.inf
            for listing in listings
        }
        if proximity:
            if not proximity.isdigit() or int(proximity) < 1:
                raise oruk.BadParameter("proximity must be a whole number of metres.")
            listings = [each for each in listings if metres[each.pk] <= int(proximity)]
        listings.sort(key=lambda listing: metres[listing.pk])
    return paginated(
        request, listings, lambda listing: oruk.service_at_location_record(listing, request=request)
    )


@api_view
def service_at_location_detail(request, record_id):
    listing = oruk.service_at_location_by_id(record_id)
    if listing is None:
        return not_found("service at location")
    return _json(oruk.service_at_location_record(listing, request=request, full=True))


@api_view
def taxonomies(request):
    return paginated(request, list(oruk.TAXONOMIES), oruk.taxonomy_record)


@api_view
def taxonomy_detail(request, record_id):
    key = next((k for k in oruk.TAXONOMIES if oruk.taxonomy_id(k) == record_id.lower()), None)
    if key is None:
        return not_found("taxonomy")
    return _json(oruk.taxonomy_record(key, terms=oruk.all_terms()))


@api_view
def taxonomy_terms(request):
    terms = oruk.all_terms()
    if request.GET.get("taxonomy_id"):
        wanted = oruk.parse_uuid(request.GET["taxonomy_id"], "taxonomy_id")
        terms = [t for t in terms if oruk.taxonomy_id(t.taxonomy) == wanted]
    return paginated(request, terms, oruk.term_record)


@api_view
def taxonomy_term_detail(request, record_id):
    term = next((t for t in oruk.all_terms() if t.id == record_id.lower()), None)
    if term is None:
        return not_found("taxonomy term")
    return _json(oruk.term_record(term))
