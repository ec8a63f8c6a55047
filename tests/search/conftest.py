import socket

import pytest

from core.models import Community, Topic
from members.models import MemberProfile
from search.alerts import queries
from search.models import AlertFrequency, SavedSearch
from tests.members.factories import UserFactory

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


@pytest.fixture
def member(taxonomy):
    """make(frequency, topics, saved): a member with alerts on their profile at `frequency` and
    saved searches given as (query string, frequency), written to the alerts index."""

    def make(frequency=AlertFrequency.IMMEDIATELY, topics=("Housing",), saved=()):
        user = UserFactory()
        profile = MemberProfile.objects.create(user=user, alert_frequency=frequency)
        profile.topics.set([taxonomy["topics"][name] for name in topics])
        for query_string, saved_frequency in saved:
            SavedSearch.objects.create(
                member=user, name=query_string, query_string=query_string, frequency=saved_frequency
            )
        queries.sync_member_alerts(user.pk)  # nothing on the embedded engine
        return user

    return make


@pytest.fixture
def draft(make_organisation, make_opportunity, taxonomy):
    organisation = make_organisation()

    def make(title="Housing panel", topics=("Housing",), **fields):
        page = make_opportunity(organisation, title, **fields)
        page.topics.set([taxonomy["topics"][name] for name in topics])
        return page

    return make
