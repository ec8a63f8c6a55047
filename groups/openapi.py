"""The OpenAPI 3.1 description of the Open Referral UK API this site serves."""

from core.parameters import MAX_YEAR, MIN_YEAR
from groups.api_parameters import (
    DAY_NAMES,
    DEFAULT_PER_PAGE,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_PROXIMITY_METRES,
    MAX_SEARCH_LENGTH,
)
from groups.openreferral import BYDAY

SCHEMAS = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema"

UUID = {"type": "string", "format": "uuid"}
# Any case, in the character classes JSON Schema's regular expressions have (no flags).
DAY_PATTERN = "^({})$".format(
    "|".join(
        "".join(f"[{letter.upper()}{letter.lower()}]" for letter in word)
        for word in [*BYDAY, *DAY_NAMES]
    )
)
CLOCK_TIME = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"}

# (schema, description) for each query parameter; the bounds are api_parameters.py's.
PARAMETERS = {
    "search": (
        {"type": "string", "maxLength": MAX_SEARCH_LENGTH},
        "Words that must all appear in the name or description.",
    ),
    "page": (
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
        "Page number, from 1. A page past the end is empty.",
    ),
    "per_page": (
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        f"Results a page, from 1 to {MAX_PER_PAGE} ({DEFAULT_PER_PAGE} if not given).",
    ),
    "taxonomy_term_id": (UUID, "Only services tagged with this taxonomy term."),
    "taxonomy_id": (UUID, "Only services tagged with any term of this taxonomy."),
    "organization_id": (UUID, "Only services this organization (a user-led group) provides."),
    "modified_after": (
        {"type": "string", "format": "date-time"},
        "Only services published or changed on or after this date or date-time (ISO 8601, "
        f"years {MIN_YEAR} to {MAX_YEAR}); without a zone it is UK time.",
    ),
    "day": (
        {"type": "string", "pattern": DAY_PATTERN},
        "Only services starting on this day: MO, TU, WE, TH, FR, SA or SU, or the day's English "
        "name, in any case.",
    ),
    "start_time": (
        CLOCK_TIME,
        "Only services starting at or after this UK time (HH:MM, no time zone).",
    ),
    "end_time": (
        CLOCK_TIME,
        "Only services ending at or before this UK time (HH:MM, no time zone). A time at or "
        "before start_time (or, without it, the session's start) is the next day: 01:30 finds a "
        "session from 22:00 to 01:00.",
    ),
    "postcode": ({"type": "string", "maxLength": 20}, "Order by distance from this UK postcode."),
    "proximity": (
        {"type": "integer", "minimum": 1, "maximum": MAX_PROXIMITY_METRES},
        "With postcode: only places within this many metres.",
    ),
}
SERVICE_FILTERS = [
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "day",
    "start_time",
    "end_time",
]


def _parameter(name):
    schema, description = PARAMETERS[name]
    return {
        "name": name,
        "in": "query",
        "required": False,
        # An empty value means the same as leaving the parameter out, as HTML forms send it.
        "allowEmptyValue": True,
        "description": description,
        "schema": schema,
    }


def _list(summary, item_schema, parameters=(), extra_responses=None):
    return {
        "get": {
            "summary": summary,
            "parameters": [_parameter(name) for name in [*parameters, "page", "per_page"]],
            "responses": {
                "200": {
                    "description": summary,
                    "content": {
                        "application/json": {
                            "schema": {
                                "allOf": [{"$ref": "#/components/schemas/Page"}],
                                "properties": {
                                    "contents": {"type": "array", "items": {"$ref": item_schema}}
                                },
                            }
                        }
                    },
                },
                "400": {"$ref": "#/components/responses/BadRequest"},
                **(extra_responses or {}),
            },
        }
    }


def _detail(summary, schema):
    return {
        "parameters": [
            {"in": "path", "name": "id", "required": True, "schema": {"type": "string"}}
        ],
        "get": {
            "summary": summary,
            "responses": {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": {"$ref": schema}}},
                },
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        },
    }


def _about_path():
    """The root path: the API's version, profile and where this document is."""
    return {
        "get": {
            "summary": "About this API and the profile it follows.",
            "responses": {
                "200": {
                    "description": "version, profile and openapi_url.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["version", "profile", "openapi_url"],
                                "properties": {
                                    "version": {"type": "string"},
                                    "profile": {"type": "string"},
                                    "openapi_url": {"type": "string"},
                                },
                            }
                        }
                    },
                }
            },
        }
    }


def _paths():
    """Every path the API answers, by path template, in the order the document lists them."""
    return {
        "/": _about_path(),
        "/services": _list(
            "Services, one-to-one fields only.",
            f"{SCHEMAS}/compiled/service_list.json",
            SERVICE_FILTERS,
        ),
        "/services/{id}": _detail(
            "A service with its schedules, areas, places and taxonomy terms.",
            f"{SCHEMAS}/compiled/service.json",
        ),
        "/organizations": _list(
            "Organizations (user-led groups).", f"{SCHEMAS}/compiled/organization_list.json"
        ),
        "/organizations/{id}": _detail(
            "An organization with the services it provides.",
            f"{SCHEMAS}/compiled/organization.json",
        ),
        "/service_at_locations": _list(
            "Services at their places (virtual for online-only ones); nearest first from a "
            "postcode.",
            f"{SCHEMAS}/compiled/service_at_location_list.json",
            [*SERVICE_FILTERS, "postcode", "proximity"],
            {"503": {"$ref": "#/components/responses/Unavailable"}},
        ),
        "/service_at_locations/{id}": _detail(
            "A service at a place, with the full service.",
            f"{SCHEMAS}/compiled/service_at_location.json",
        ),
        "/taxonomies": _list("Taxonomies.", f"{SCHEMAS}/taxonomy.json"),
        "/taxonomies/{id}": _detail("A taxonomy with its terms.", f"{SCHEMAS}/taxonomy.json"),
        "/taxonomy_terms": _list(
            "Taxonomy terms.", f"{SCHEMAS}/taxonomy_term.json", ["taxonomy_id"]
        ),
        "/taxonomy_terms/{id}": _detail("A taxonomy term.", f"{SCHEMAS}/taxonomy_term.json"),
    }


def _schemas():
    """Shared schemas: the paging fields of every list, and the error body."""
    return {
        "Page": {
            "type": "object",
            "required": [
                "total_items",
                "total_pages",
                "page_number",
                "size",
                "first_page",
                "last_page",
                "empty",
            ],
            "properties": {
                "total_items": {"type": "integer"},
                "total_pages": {"type": "integer"},
                "page_number": {"type": "integer"},
                "size": {"type": "integer"},
                "first_page": {"type": "boolean"},
                "last_page": {"type": "boolean"},
                "empty": {"type": "boolean"},
            },
        },
        "Error": {
            "type": "object",
            "required": ["status", "error"],
            "properties": {"status": {"type": "integer"}, "error": {"type": "string"}},
        },
    }


def _responses():
    """Shared responses (400, 404, 503), each with the error body."""
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {
        "BadRequest": {"description": "A parameter could not be used.", **error},
        "NotFound": {"description": "No published record has that id.", **error},
        "Unavailable": {
            "description": "Postcodes cannot be looked up just now; try again later.",
            **error,
        },
    }


def openapi_document(server_url):
    """The OpenAPI 3.1 document of the Open Referral UK API, as a dict ready for JSON.

    server_url: the API's root URL; a trailing slash is dropped.
    """
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "NSUN 4Pi Network directory: Open Referral UK",
            "version": "1.0.0",
            "description": "User-led groups (organizations, each providing one service) and "
            "peer-support sessions (services) published in the directory, in the Open Referral "
            "UK profile of HSDS 3.0. Read-only and open: no keys, any origin. Only published "
            "listings appear.",
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": _paths(),
        "components": {"schemas": _schemas(), "responses": _responses()},
    }
