"""A member's matches, kept a minute in their process's memory (core.caching.cached_for_member,
decision 0013): never given to another member, made again on the next request after any change to
what they told us or to published content, never kept while Elasticsearch cannot answer, and
never written to the shared cache (the database in production).

Each test is an attacker's or a member's sequence of requests with the caches production has.
"""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from core.caching import fingerprint
from core.models import Topic
from members.models import MemberProfile, User
from opportunities import services as opportunity_services
from search import views as search_views
from search.client import _client_for
from search.index.outbox import apply_index_changes
from search.index.writing import index_opportunities
from search.matching.elasticsearch_engine import ElasticsearchEngine
from search.matching.engines import QueryRefused
from search.matching.profile import MatchProfile

MATCHES = "/account/matches/"


@pytest.fixture
def production_caches(production_caches, settings):
    settings.POSTCODE_LOOKUP = "core.geography.BundledLookup"


@pytest.fixture
def topics(db):
    return {name: Topic.objects.create(name=name) for name in ("Housing", "Arts")}


@pytest.fixture
def catalogue(production_caches, elasticsearch, make_organisation, make_opportunity, topics):
    organisation = make_organisation()
    made = {}
    for title, topic, extra in [
        ("Housing panel", "Housing", {}),
        ("Arts advisory group", "Arts", {}),
        ("Unpaid reading group", None, {"unpaid": True}),
    ]:
        made[title] = make_opportunity(organisation, title, **extra)
        if topic:
            made[title].topics.add(topics[topic])
            made[title].save()  # parental many-to-many changes are written on save
    index_opportunities(refresh=True)
    return {"organisation": organisation, **made}


@pytest.fixture
def made_afresh(monkeypatch):
    """How many times the matches page asked an engine for its answer."""
    calls = []
    real = search_views.match_with_fallback

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(search_views, "match_with_fallback", counted)
    return calls


def member_with(email, topics=(), **fields):
    """A signed-in client for a new member with this profile."""
    user = User.objects.create_user(email, "a long password 1")
    profile = MemberProfile.objects.create(user=user, **fields)
    profile.topics.set(topics)
    client = Client()
    client.force_login(user)
    return client


def page(client):
    """The matches page's main content, as one line (the header has a fresh form token)."""
    response = client.get(MATCHES)
    assert response.status_code == 200
    text = response.content.decode()
    return re.sub(r"\s+", " ", text[text.index("<main") : text.index("</main>")])


def test_a_member_never_gets_another_members_matches(catalogue, topics):
    """Two members in one process, in turn: each sees only their own cards and reasons."""
    housing = member_with("ash@example.org", [topics["Housing"]], payment_need="must_be_paid")
    arts = member_with("bo@example.org", [topics["Arts"]])
    for _ in range(2):
        ash = page(housing)
        assert "Matches your interests: Housing" in ash
        assert "Unpaid reading group" not in ash and "Matches your interests: Arts" not in ash
        bo = page(arts)
        assert "Matches your interests: Arts" in bo
        assert "Unpaid reading group" in bo and "Matches your interests: Housing" not in bo


def test_a_member_with_the_same_profile_gets_a_copy_made_for_them(catalogue, topics, made_afresh):
    ash = member_with("ash@example.org", [topics["Housing"]])
    first = page(ash)
    assert page(ash) == first and len(made_afresh) == 1, "Ash's second visit uses Ash's copy"

    twin = member_with("twin@example.org", [topics["Housing"]])
    page(twin)
    assert len(made_afresh) == 2, "the same answers, but the key names the member"


def test_matches_are_never_written_to_the_shared_cache(catalogue, topics):
    """The shared cache is the database in production: what a member told us stays in memory."""
    ash = member_with("ash@example.org", [topics["Housing"]], own_words="I know housing law")
    page(ash)
    page(ash)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM network_cache")
        keys = [row[0].split(":", 2)[2] for row in cursor.fetchall()]
    shared = caches["default"]
    for key in keys:
        kept = repr(shared.get(key))
        assert "Housing panel" not in kept and "housing law" not in kept, key


def test_an_edited_profile_shows_on_the_very_next_request(client, catalogue, topics):
    member = User.objects.create_user("ash@example.org", "a long password 1")
    client.force_login(member)
    assert "Unpaid reading group" in page(client)
    assert "Unpaid reading group" in page(client)  # the member's copy

    answer = {"online_ok": "on", "in_person_ok": "on", "alert_frequency": "off"}
    response = client.post("/account/looking-for/", {**answer, "payment_need": "must_be_paid"})
    assert response.status_code == 302

    shown = page(client)
    assert "Unpaid reading group" not in shown and "Housing panel" in shown
    client.post("/account/looking-for/", {**answer, "payment_need": "any"})
    assert "Unpaid reading group" in page(client)


def test_changed_opportunities_show_on_the_very_next_request(
    catalogue, topics, make_opportunity, settings
):
    ash = member_with("ash@example.org", [topics["Housing"]])
    assert "Housing panel" in page(ash)

    opportunity_services.opportunity_close(opportunity=catalogue["Housing panel"])
    assert "Housing panel" not in page(ash), "closed"

    arts = catalogue["Arts advisory group"]
    arts.title = "Arts and housing advisory group"
    arts.save_revision().publish()
    assert "Arts and housing advisory group" in page(ash), "edited"

    # Published: asked for before the index has it, then again once the worker has written it.
    new = make_opportunity(catalogue["organisation"], "Tenants' voice group")
    new.topics.add(topics["Housing"])
    new.save()
    assert "Tenants&#x27; voice group" not in page(ash), "not in the index yet"
    apply_index_changes()
    assert "Tenants&#x27; voice group" in page(ash), "indexed"


def test_the_stand_in_answer_is_not_kept_while_elasticsearch_is_down(catalogue, topics, settings):
    ash = member_with("ash@example.org", [topics["Housing"]])
    working = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    _client_for.cache_clear()
    try:
        down = page(ash)
        assert "simpler mode" in down and "Housing panel" in down
        assert "simpler mode" in page(ash)
    finally:
        settings.ELASTICSEARCH_URL = working
        _client_for.cache_clear()
    back = page(ash)
    assert "simpler mode" not in back and "Housing panel" in back


def test_an_answer_from_the_built_in_engine_after_a_refused_query_is_not_kept(
    catalogue, topics, monkeypatch, made_afresh
):
    ash = member_with("ash@example.org", [topics["Housing"]])

    def refuse(*args, **kwargs):
        raise QueryRefused("refused")

    monkeypatch.setattr(ElasticsearchEngine, "candidates", refuse)
    assert "Housing panel" in page(ash)
    page(ash)
    assert len(made_afresh) == 2, "each request asks again"


def test_signed_out_visitors_are_still_sent_to_sign_in(catalogue, topics):
    ash = member_with("ash@example.org", [topics["Housing"]])
    page(ash)
    page(ash)
    response = Client().get(MATCHES)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# The key: equal profiles, however built, share a fingerprint; any difference makes a new one.
small_sets = st.frozensets(st.sampled_from([1, 2, 3]), max_size=3)
profiles = st.builds(
    MatchProfile,
    who=st.sampled_from(["", "carer"]),
    topic_ids=small_sets,
    community_ids=small_sets,
    levels=st.frozensets(st.sampled_from(["community", "research"])),
    latitude=st.sampled_from([None, 53.8, 53.9]),
    longitude=st.sampled_from([None, -1.5]),
    max_distance_km=st.sampled_from([None, 10.0]),
    online_ok=st.booleans(),
    payment_need=st.sampled_from(["any", "must_be_paid"]),
    not_before_10=st.booleans(),
    text=st.sampled_from(["", "housing", "Housing"]),
    names=st.fixed_dictionaries(
        {
            "topics": st.dictionaries(
                st.sampled_from([1, 2, 3]), st.sampled_from(["Arts", "Housing"])
            )
        }
    ),
)


@given(first=profiles, second=profiles)
def test_profiles_share_a_fingerprint_only_when_everything_in_them_is_equal(first, second):
    same = first == second and first.names == second.names  # names are not compared by ==
    assert (fingerprint(first) == fingerprint(second)) == same
    rebuilt = MatchProfile(
        **{
            **{name: getattr(first, name) for name in first.__dataclass_fields__},
            "topic_ids": frozenset(sorted(first.topic_ids, reverse=True)),
            "names": {
                kind: dict(reversed(list(names.items())))
                for kind, names in reversed(list(first.names.items()))
            },
        }
    )
    assert fingerprint(rebuilt) == fingerprint(first)
