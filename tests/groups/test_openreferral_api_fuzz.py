"""Schemathesis against the Open Referral UK API, from the API's own OpenAPI document: for
values inside and outside what it documents, no 5xx, only documented status codes and content
types, and every response matches its documented schema (the profile's, read from the copy in
tests/groups/openreferral_uk so that no test reaches the network)."""

import copy
import json
from datetime import time
from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core.geography import PostcodeError
from groups import api_views
from groups.models import GroupPage, PeerSupportPage
from groups.openapi import SCHEMAS, openapi_document
from tests.groups.conftest import add

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

SCHEMA_DIR = Path(__file__).parent / "openreferral_uk" / "schema"


def _local_name(url):
    return url.removeprefix(f"{SCHEMAS}/").removesuffix(".json").replace("/", "_")


def _without_ids(schema):
    """A profile schema as a component: its own $id and $schema would re-root its references."""
    if isinstance(schema, dict):
        return {
            key: _without_ids(value)
            for key, value in schema.items()
            if key not in ("$id", "$schema")
        }
    if isinstance(schema, list):
        return [_without_ids(value) for value in schema]
    return schema


def offline_document():
    """The served OpenAPI document with the profile's schemas, which it links to on GitHub,
    copied into its components from the local copy."""
    document = copy.deepcopy(openapi_document("http://localhost/api/openreferral/"))
    text = json.dumps(document)
    components = document["components"]["schemas"]
    for url in sorted({part.split('"')[0] for part in text.split(f'"{SCHEMAS}/')[1:]}):
        name = _local_name(f"{SCHEMAS}/{url}")
        components[name] = _without_ids(json.loads((SCHEMA_DIR / url).read_text()))
    # taxonomy.json refers to its neighbour by file name.
    components["taxonomy_term"] = _without_ids(
        json.loads((SCHEMA_DIR / "taxonomy_term.json").read_text())
    )
    text = json.dumps(document).replace(f"{SCHEMAS}/", "#/components/schemas/")
    text = text.replace(
        '"$ref": "taxonomy_term.json"', '"$ref": "#/components/schemas/taxonomy_term"'
    )
    document = json.loads(text)
    for path_item in document["paths"].values():
        _point_refs_at_components(path_item)
    return document


def _point_refs_at_components(node):
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/components/schemas/") and ref.endswith(".json"):
            node["$ref"] = "#/components/schemas/" + _local_name(
                SCHEMAS + "/" + ref.removeprefix("#/components/schemas/")
            )
        for value in node.values():
            _point_refs_at_components(value)
    elif isinstance(node, list):
        for value in node:
            _point_refs_at_components(value)


def test_the_offline_document_refers_only_to_itself():
    text = json.dumps(offline_document())
    assert "githubusercontent" not in text
    assert '.json"' not in text.replace('openapi.json"', "")


@pytest.fixture
def listings(groups_directory, peer_directory, postcodes_io, monkeypatch):
    group = add(groups_directory, GroupPage, "Leeds Voices", postcode="LS1 4AP")
    add(
        peer_directory, PeerSupportPage, "Thursday voices circle", group=group,
        support_type="group", day_of_week=3, start_time=time(18, 30), end_time=time(20, 0),
        frequency="weekly", postcode="LS1 4AP",
    )  # fmt: skip
    add(
        peer_directory, PeerSupportPage, "Text line", support_type="phone", online=True,
        in_person=False, frequency="",
    )  # fmt: skip

    def geocode(postcode):
        raise PostcodeError("We could not find that postcode.")

    monkeypatch.setattr(api_views, "geocode_postcode", geocode)
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(offline_document())
schema.app = WSGIHandler()


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_own_description(listings, case):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
