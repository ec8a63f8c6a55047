import pytest

from search.client import elasticsearch_info

pytestmark = pytest.mark.elasticsearch


def test_the_test_elasticsearch_is_a_real_8x_cluster(elasticsearch):
    # The fixture fails in CI (and skips elsewhere, saying why) when the cluster is missing.
    info = elasticsearch_info()

    assert info["version"].startswith("8.")
