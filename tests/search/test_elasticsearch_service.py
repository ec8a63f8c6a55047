import pytest
from django.conf import settings
from elastic_transport import ConnectionError as TransportConnectionError

from search.client import elasticsearch_info
from tests.conftest import fail_or_skip

pytestmark = pytest.mark.elasticsearch


def test_the_test_elasticsearch_is_a_real_8x_cluster():
    if not settings.ELASTICSEARCH_URL:
        fail_or_skip("ELASTICSEARCH_URL is not set; `make test` starts Elasticsearch")
    try:
        info = elasticsearch_info()
    except TransportConnectionError as error:
        fail_or_skip(f"Elasticsearch at {settings.ELASTICSEARCH_URL} is not reachable: {error}")

    assert info["version"].startswith("8.")
