"""The OpenAPI 3.1 description of the Open Referral UK API this site serves."""

SCHEMAS = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema"

PARAMETERS = {
    "search": ("string", "Words that must all appear in the name or description."),
    "page": ("integer", "Page number, from 1. A page past the end is empty."),
    "per_page": ("integer", "Results a page, from 1 to 200 (50 if not given)."),
    "taxonomy_term_id": ("string", "Only services tagged with this taxonomy term."),
    "taxonomy_id": ("string", "Only services tagged with any term of this taxonomy."),
    "organization_id": ("string", "Only services this organization (a user-led group) provides."),
    "modified_after": ("string", "Only services published or changed on or after this date-time."),
    "day": ("string", "Only services starting on this day: MO, TU, WE, TH, FR, SA or SU."),
    "start_time": ("string", "Only services starting at or after this time (HH:MM, UK time)."),
    "end_time": (
        "string",
        "Only services ending at or before this time (HH:MM, UK time). A time at or before "
        "start_time (or, without it, the session's start) is the next day: 01:30 finds a "
        "session from 22:00 to 01:00.",
    ),
    "postcode": ("string", "Order by distance from this UK postcode."),
    "proximity": ("integer", "With postcode: only places within this many metres."),
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
    kind, description = PARAMETERS[name]
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": kind},
    }


def _list(summary, item_schema, parameters=()):
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


def openapi_document(server_url):
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
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
        "paths": {
            "/": {
                "get": {
                    "summary": "About this API and the profile it follows.",
                    "responses": {"200": {"description": "version, profile and openapi_url."}},
                }
            },
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
        },
        "components": {
            "schemas": {
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
                    "properties": {"status": {"type": "integer"}, "error": {"type": "string"}},
                },
            },
            "responses": {
                "BadRequest": {"description": "A parameter could not be used.", **error},
                "NotFound": {"description": "No published record has that id.", **error},
            },
        },
    }
