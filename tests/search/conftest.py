import socket

import pytest

from core.models import Community, Topic

TOPICS = ["Crisis care", "Housing", "Psychosis", "Research", "Peer support", "Welfare benefits"]
COMMUNITIES = ["Carers", "LGBTQ+ people", "Young people", "Deaf people"]


@pytest.fixture
def taxonomy(db):
    topics = {name: Topic.objects.create(name=name) for name in TOPICS}
    communities = {name: Community.objects.create(name=name) for name in COMMUNITIES}
    return {"topics": topics, "communities": communities}


@pytest.fixture
def unused_tcp_port():
    """A loopback port nothing listens on, for an Elasticsearch that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
