"""The one place that builds the Elasticsearch client for our own index."""

from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch


class ElasticsearchNotConfigured(RuntimeError):
    """ELASTICSEARCH_URL is empty: the embedded engine is in use."""


def elasticsearch_enabled():
    return bool(settings.ELASTICSEARCH_URL)


def elasticsearch_hosts(url):
    """The node URLs in ELASTICSEARCH_URL: one, or several of one cluster separated by commas."""
    return [host.strip() for host in url.split(",") if host.strip()]


@cache
def _client_for(url, timeout):
    hosts = elasticsearch_hosts(url)
    if len(hosts) == 1:
        # One node: a timeout is not retried, so a hung node costs one timeout before the
        # database answers instead.
        return Elasticsearch(hosts, request_timeout=timeout, retry_on_timeout=False, max_retries=1)
    # A cluster: a request that fails to connect, times out or gets 502/503/504 from one node
    # is sent to each other node in turn, and the node that failed is skipped for a while (the
    # transport's dead-node back-off, 1 s doubling to 30 s), so losing a node fails no request.
    return Elasticsearch(
        hosts, request_timeout=timeout, retry_on_timeout=True, max_retries=len(hosts) - 1
    )


def get_client():
    if not elasticsearch_enabled():
        raise ElasticsearchNotConfigured("ELASTICSEARCH_URL is not set.")
    return _client_for(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


def elasticsearch_info():
    """Cluster name and version. Uses info(), not ping(): ping hides a refused client version."""
    info = get_client().info()
    return {"cluster_name": info["cluster_name"], "version": info["version"]["number"]}


def elasticsearch_status():
    """ "ok", "unavailable", or "not used" when ELASTICSEARCH_URL is empty (for /readyz)."""
    if not elasticsearch_enabled():
        return "not used"
    try:
        available = get_client().options(request_timeout=2).ping()
    except Exception:  # a missing node shows as unavailable, never as a 500
        available = False
    return "ok" if available else "unavailable"
