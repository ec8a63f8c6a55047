import json
import os
import uuid
from pathlib import Path

import pytest
import responses
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.management import call_command
from elastic_transport import ConnectionError as TransportConnectionError

from core.geography import POSTCODES_IO
from home.models import HomePage

pytest_plugins = ["tests.opportunities.fixtures"]


def fail_or_skip(reason):
    """A missing service fails the run in CI and skips (saying why) on a developer's machine."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits, kept values and kept pages live in the caches: each test starts clean.
    for alias in django_settings.CACHES:
        caches[alias].clear()
    yield
    for alias in django_settings.CACHES:
        caches[alias].clear()


def ensure_site_tree():
    """The root page, home page and default site, rebuilt if a transactional test flushed them.

    Migrations create them, but live-server (transactional) tests empty the database afterwards.
    """
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page, Site

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    home = HomePage.objects.first()
    if home is not None:
        return home
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = HomePage(title="NSUN 4Pi Network", slug="home", locale=locale)
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    _ensure_moderation_workflow(root)
    return home


def _ensure_moderation_workflow(root):
    """Wagtail's migration gives the root page a "Moderators approval" workflow; rebuild it."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    if WorkflowPage.objects.filter(page=root).exists():
        return
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=root)


@pytest.fixture
def home_page(db):
    return ensure_site_tree()


POSTCODES_IO_RECORDINGS = Path(__file__).parent / "fixtures" / "postcodes_io"


@pytest.fixture
def production_caches(settings, db):
    """The caches as network/settings/production.py has them: the shared database cache (its
    table made in this test's transaction) and each process's memory caches, fresh for this
    test (a LocMem LOCATION is shared by every cache that names it)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "network_cache",
        },
        **{
            name: {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"{name}-{uuid.uuid4().hex}",
            }
            for name in ("pages", "responses", "member_pages")
        },
    }
    call_command("createcachetable", verbosity=0)


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


_CONFIGURED = {}


@pytest.fixture(autouse=True)
def _embedded_search_unless_asked(settings, request):
    """Tests search with the embedded engine unless they ask for `elasticsearch`, so that none
    depends on what another test left in a shared index."""
    _CONFIGURED.setdefault("elasticsearch_url", settings.ELASTICSEARCH_URL)
    if "elasticsearch" not in request.fixturenames:
        settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def elasticsearch(settings):
    """A private index prefix on the real cluster for this test, deleted afterwards."""
    settings.ELASTICSEARCH_URL = _CONFIGURED.get("elasticsearch_url") or settings.ELASTICSEARCH_URL
    if not settings.ELASTICSEARCH_URL:
        fail_or_skip("ELASTICSEARCH_URL is not set; `make test` starts Elasticsearch")
    from search.client import get_client

    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    client = get_client()
    try:
        client.info()
    except TransportConnectionError as error:
        fail_or_skip(f"Elasticsearch at {settings.ELASTICSEARCH_URL} is not reachable: {error}")
    yield client
    client.indices.delete(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*", ignore_unavailable=True)


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """`with after_commit(): ...` runs what the code inside does once its transaction commits
    (emails, queued tasks), as production does; the test's own transaction would hold it back."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
