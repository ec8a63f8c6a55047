"""The Open Referral UK API: read-only, public, no keys; only published listings.

Cross-origin headers, preflights included, come from django-cors-headers (CORS_URLS_REGEX in
network/settings/base.py). Query parameters are read through the forms in api_parameters.py.
"""

import math
from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.caching import same_for_every_visitor
from core.geography import GeocodingUnavailable, PostcodeError, distance_km, geocode_postcode
from groups import openreferral as oruk
from groups.api_parameters import (
    PageParameters,
    ServiceAtLocationParameters,
    ServiceParameters,
    TaxonomyTermParameters,
    first_problem,
)
from groups.openapi import openapi_document

ALLOWED_METHODS = ["GET", "HEAD", "OPTIONS"]


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def problem(message, status=400):
    return _json({"status": status, "error": message}, status=status)


def api_view(view):
    """GET and HEAD (RFC 9110 9.3.2: HEAD wherever GET works), OPTIONS saying so, and plain
    JSON errors for parameters we cannot use."""

    # Read-only and cookie-free: a POST is answered 405 with Allow, not the CSRF refusal.
    @csrf_exempt
    @require_http_methods(ALLOWED_METHODS)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        try:
            return view(request, *args, **kwargs)
        except oruk.BadParameter as error:
            return problem(str(error))

    # Open data, the same for everyone: a visitor without a session may get a shared copy.
    return same_for_every_visitor(wrapped)


def parameters(form_class, request):
    """The request's query parameters read through `form_class`: its cleaned data, or
    BadParameter with the first problem."""
    form = form_class(request.GET)
    if not form.is_valid():
        raise oruk.BadParameter(first_problem(form))
    return form.cleaned_data


def paginated(items, to_record, *, page, per_page):
    """The spec's page object of a list. A page past the end is empty (200), saying it is the
    last."""
    contents = [to_record(item) for item in items[(page - 1) * per_page : page * per_page]]
    return page_answer(len(items), contents, page=page, per_page=per_page)


def page_answer(total, contents, *, page, per_page):
    """The spec's page object: `contents` (records) are page `page` of `total` items."""
    total_pages = math.ceil(total / per_page)
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


def _page_of(asked):
    return {"page": asked["page"], "per_page": asked["per_page"]}


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
    asked = parameters(ServiceParameters, request)
    total, listings = oruk.page_of_services(asked, **_page_of(asked))
    contents = [oruk.service_record(listing, request=request) for listing in listings]
    return page_answer(total, contents, **_page_of(asked))


@api_view
def service_detail(request, record_id):
    listing = oruk.service_by_id(record_id)
    if listing is None:
        return not_found("service")
    return _json(oruk.service_record(listing, request=request, full=True))


@api_view
def organizations(request):
    asked = parameters(PageParameters, request)
    groups = list(oruk.organizations())
    return paginated(
        groups, lambda g: oruk.organization_record(g, request=request), **_page_of(asked)
    )


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
    asked = parameters(ServiceAtLocationParameters, request)
    listings = [each for each in oruk.filtered_services(asked) if oruk.has_location(each)]
    postcode, proximity = asked["postcode"], asked["proximity"]
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
            listings = [each for each in listings if metres[each.pk] <= proximity]
        listings.sort(key=lambda listing: metres[listing.pk])
    return paginated(
        listings,
        lambda listing: oruk.service_at_location_record(listing, request=request),
        **_page_of(asked),
    )


@api_view
def service_at_location_detail(request, record_id):
    listing = oruk.service_at_location_by_id(record_id)
    if listing is None:
        return not_found("service at location")
    return _json(oruk.service_at_location_record(listing, request=request, full=True))


@api_view
def taxonomies(request):
    asked = parameters(PageParameters, request)
    return paginated(list(oruk.TAXONOMIES), oruk.taxonomy_record, **_page_of(asked))


@api_view
def taxonomy_detail(request, record_id):
    key = next((k for k in oruk.TAXONOMIES if oruk.taxonomy_id(k) == record_id.lower()), None)
    if key is None:
        return not_found("taxonomy")
    return _json(oruk.taxonomy_record(key, terms=oruk.all_terms()))


@api_view
def taxonomy_terms(request):
    asked = parameters(TaxonomyTermParameters, request)
    terms = oruk.all_terms()
    if asked["taxonomy_id"]:
        terms = [t for t in terms if oruk.taxonomy_id(t.taxonomy) == asked["taxonomy_id"]]
    return paginated(terms, oruk.term_record, **_page_of(asked))


@api_view
def taxonomy_term_detail(request, record_id):
    term = next((t for t in oruk.all_terms() if t.id == record_id.lower()), None)
    if term is None:
        return not_found("taxonomy term")
    return _json(oruk.term_record(term))
