import json
import os
from pathlib import Path

import pytest
import responses
from django.core.cache import cache

from core.geography import POSTCODES_IO
from home.models import HomePage


def fail_or_skip(reason):
    """A missing service fails the run in CI and skips (saying why) on a developer's machine."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache; each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    return HomePage.objects.get()


POSTCODES_IO_RECORDINGS = Path(__file__).parent / "fixtures" / "postcodes_io"


@pytest.fixture
def postcodes_io(settings):
    """postcodes.io answering from recorded responses; any other request fails the test."""
    settings.POSTCODE_LOOKUP = "core.geography.PostcodesIoLookup"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for recording in POSTCODES_IO_RECORDINGS.glob("*.json"):
            kind, code = recording.stem.split("-", 1)
            body = json.loads(recording.read_text())
            mock.get(f"{POSTCODES_IO}/{kind}/{code}", json=body, status=body["status"])
        yield mock
