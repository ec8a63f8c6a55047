import os

import pytest
from django.core.cache import cache

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
