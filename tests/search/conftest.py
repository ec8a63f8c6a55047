import uuid

import pytest
from elastic_transport import ConnectionError as TransportConnectionError

from core.models import Community, Topic
from tests.conftest import fail_or_skip

TOPICS = ["Crisis care", "Housing", "Psychosis", "Research", "Peer support", "Welfare benefits"]
COMMUNITIES = ["Carers", "LGBTQ+ people", "Young people", "Deaf people"]


@pytest.fixture
def taxonomy(db):
    topics = {name: Topic.objects.create(name=name) for name in TOPICS}
    communities = {name: Community.objects.create(name=name) for name in COMMUNITIES}
    return {"topics": topics, "communities": communities}


@pytest.fixture
def elasticsearch(settings):
    """A private index prefix on the real cluster for this test, deleted afterwards."""
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
