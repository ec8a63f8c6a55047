"""The OpenAPI document is built in parts; together they must give the published document."""

import json
from pathlib import Path

from groups.openapi import openapi_document

PUBLISHED = Path(__file__).with_name("openapi_document.json")


def test_the_openapi_document_is_byte_for_byte_the_published_one():
    document = openapi_document("https://example.org/api/")
    assert json.dumps(document, indent=2) + "\n" == PUBLISHED.read_text()
