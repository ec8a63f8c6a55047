"""The one place that builds the Elasticsearch client for our own index."""

from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch


class ElasticsearchNotConfigured(RuntimeError):
    """ELASTICSEARCH_URL is empty: the embedded engine is in use."""


def elasticsearch_enabled():
    return bool(settings.ELASTICSEARCH_URL)


@cache
def _client_for(url, timeout):
    return Elasticsearch(url, request_timeout=timeout, retry_on_timeout=False, max_retries=1)


def get_client():
    if not elasticsearch_enabled():
        raise ElasticsearchNotConfigured("ELASTICSEARCH_URL is not set.")
    return _client_for(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


def elasticsearch_info():
    """Cluster name and version. Uses info(), not ping(): ping hides a refused client version."""
    info = get_client().info()
    return {"cluster_name": info["cluster_name"], "version": info["version"]["number"]}
