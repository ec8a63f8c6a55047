"""The opportunity search page: words, filters with counts, sorts and pages on both engines."""

import re
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from elasticsearch.dsl import Search

from search.client import get_client
from search.index.documents import opportunities_alias
from search.index.outbox import apply_index_changes
from search.index.writing import index_opportunities, rebuild_opportunities_index

pytestmark = pytest.mark.django_db

LEEDS = {"latitude": 53.7997, "longitude": -1.5492, "postcode": "LS1 4AP"}
MANCHESTER = {"latitude": 53.4794, "longitude": -2.2453, "postcode": "M1 1AE"}
LONDON = {"latitude": 51.501, "longitude": -0.1416, "postcode": "SW1A 1AA"}


@pytest.fixture(params=["embedded", "elasticsearch"])
def engine(request, settings):
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch")
    else:
        settings.ELASTICSEARCH_URL = ""
    return request.param


@pytest.fixture
def listings(engine, taxonomy, opportunity_index, make_organisation, make_opportunity):
    """Four open opportunities and one closed one, indexed when the engine needs it."""
    today = timezone.localdate()
    topics, communities = taxonomy["topics"], taxonomy["communities"]
    organisation = make_organisation()
    made = {}

    def make(key, title, topic_names=(), community_names=(), **fields):
        page = make_opportunity(organisation, title, **fields)
        page.topics.set([topics[name] for name in topic_names])
        page.communities.set([communities[name] for name in community_names])
        page.save_revision().publish()
        made[key] = page

    make(
        "housing", "Housing research panel", ["Housing", "Research"],
        summary="Help researchers understand how housing affects recovery.",
        level="research", role_type="peer_researcher", format="online", region="national",
        rolling=True,
    )  # fmt: skip
    make(
        "crisis", "Crisis care advisory group", ["Crisis care"], ["Carers"],
        summary="Shape how the crisis team answers people at night.",
        level="strategic", format="in_person", region="yorkshire_humber", rolling=False,
        deadline=today + timedelta(days=5), paid=False, fee_amount=None, fee_unit="",
        expenses_covered=True, **LEEDS,
    )  # fmt: skip
    make(
        "peer", "Young people's peer support reviewers", ["Peer support"], ["Young people"],
        summary="Review the new peer support service for young adults.",
        level="operational", format="hybrid", region="north_west", rolling=False,
        deadline=today + timedelta(days=20), expenses_covered=True, **MANCHESTER,
    )  # fmt: skip
    make(
        "benefits", "Welfare benefits workshop", ["Welfare benefits"],
        summary="Tell us what made claiming hard.",
        level="community", format="in_person", region="london", rolling=False,
        deadline=today + timedelta(days=60), paid=False, fee_amount=None, fee_unit="",
        **LONDON,
    )  # fmt: skip
    make(
        "closed", "Housing advice line review", ["Housing"], rolling=False,
        deadline=today - timedelta(days=1),
    )  # fmt: skip
    if engine == "elasticsearch":
        index_opportunities(refresh=True)
    return made


def titles(response):
    return [page.title for page in response.context["opportunities"]]


def facet(response, name):
    groups = {group.name: group for group in response.context["facet_groups"]}
    return {option.label: option.count for option in groups[name].options} if name in groups else {}


def test_without_words_every_open_opportunity_is_listed_newest_first(client, listings):
    response = client.get("/opportunities/")

    assert response.status_code == 200
    assert titles(response) == [
        "Welfare benefits workshop",
        "Young people's peer support reviewers",
        "Crisis care advisory group",
        "Housing research panel",
    ]
    assert re.search(r"<strong>4</strong>\s*open opportunities", response.content.decode())


def test_words_find_what_they_name_and_never_closed_roles(client, listings):
    assert titles(client.get("/opportunities/", {"q": "housing"})) == ["Housing research panel"]
    assert titles(client.get("/opportunities/", {"q": "crisis night"})) == [
        "Crisis care advisory group"
    ]
    assert titles(client.get("/opportunities/", {"q": "crisis housing"})) == []


def test_filters_narrow_the_results_and_show_what_each_choice_would_give(
    client, listings, taxonomy
):
    everything = client.get("/opportunities/")
    assert facet(everything, "format") == {
        "In person": 2,
        "Online": 1,
        "Hybrid (in person or online)": 1,
    }
    assert facet(everything, "money") == {"Paid": 2, "Expenses covered": 2}
    assert facet(everything, "topic")["Housing"] == 1  # the closed one is not counted
    assert facet(everything, "closing_within") == {
        "In the next week": 1,
        "In the next 2 weeks": 1,
        "In the next month": 2,
    }

    in_person = client.get("/opportunities/", {"format": "in_person"})
    assert sorted(titles(in_person)) == ["Crisis care advisory group", "Welfare benefits workshop"]
    assert facet(in_person, "region") == {"Yorkshire and the Humber": 1, "London": 1}

    paid = client.get("/opportunities/", {"money": "paid"})
    assert sorted(titles(paid)) == [
        "Housing research panel",
        "Young people's peer support reviewers",
    ]
    closing = client.get("/opportunities/", {"closing_within": "7"})
    assert titles(closing) == ["Crisis care advisory group"]
    carers = client.get("/opportunities/", {"community": taxonomy["communities"]["Carers"].pk})
    assert titles(carers) == ["Crisis care advisory group"]
    two_topics = client.get(
        "/opportunities/",
        {"topic": [taxonomy["topics"]["Housing"].pk, taxonomy["topics"]["Peer support"].pk]},
    )
    assert sorted(titles(two_topics)) == [
        "Housing research panel",
        "Young people's peer support reviewers",
    ]
    level_and_region = client.get("/opportunities/", {"level": "strategic", "region": "london"})
    assert titles(level_and_region) == []
    assert "No opportunities match all of that" in level_and_region.content.decode()


def test_meets_every_check_keeps_only_fully_described_roles(client, engine, listings):
    complete = listings["peer"]
    complete.purpose = "The service is being redesigned this winter."
    complete.can_change = "Which sessions run, and who leads them."
    complete.cannot_change = "The budget for next year."
    complete.expected_outcomes = "A service young people helped to shape."
    complete.responsibilities = "Read two papers and come to three meetings."
    complete.payment_choice = complete.benefits_letter = complete.plain_language = True
    complete.support_briefing = True
    complete.papers_days_ahead = 7
    complete.earliest_start = time(10, 30)
    complete.recruitment = "We choose by lot among everyone who applies."
    complete.feedback = "We write to everyone within a month."
    complete.save_revision().publish()
    complete.refresh_from_db()
    assert complete.check_ratio == 1
    if engine == "elasticsearch":
        index_opportunities(refresh=True)

    response = client.get("/opportunities/", {"meets_checks": "on"})

    assert titles(response) == ["Young people's peer support reviewers"]
    assert facet(client.get("/opportunities/"), "meets_checks") == {"Meets every 4Pi check": 1}


def test_sorts_closing_soonest_and_nearest_with_distances(client, listings, postcodes_io):
    closing = client.get("/opportunities/", {"sort": "closing"})
    assert titles(closing) == [
        "Crisis care advisory group",
        "Young people's peer support reviewers",
        "Welfare benefits workshop",
        "Housing research panel",  # open until filled: last
    ]

    nearest = client.get("/opportunities/", {"sort": "nearest", "postcode": "ls1 4ap"})
    assert nearest.status_code == 200
    assert titles(nearest) == [
        "Crisis care advisory group",
        "Young people's peer support reviewers",
        "Welfare benefits workshop",
        "Housing research panel",  # online, no place: last
    ]
    html = nearest.content.decode()
    assert "less than a mile away" in html
    assert re.search(r"about 3\d miles away", html)  # Leeds to Manchester


def test_results_come_in_pages_and_a_page_past_the_end_says_how_many_there_are(
    client, engine, opportunity_index, make_organisation, make_opportunity
):
    organisation = make_organisation()
    for number in range(25):
        make_opportunity(organisation, f"Panel member {number:02d}")
    if engine == "elasticsearch":
        index_opportunities(refresh=True)

    first = client.get("/opportunities/")
    second = client.get("/opportunities/", {"page": 2})
    assert len(titles(first)) == 20 and len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))
    assert 'rel="next"' in first.content.decode()

    past_the_end = client.get("/opportunities/", {"page": 3})
    assert past_the_end.status_code == 404
    assert "There is no page 3. These results have 2 pages." in past_the_end.content.decode()


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"q": "recovery " * 600}, 400, "Your search words must be 200 characters or fewer"),
        ({"q": '"<script>*?~[](){}\\/ AND OR NOT -+!^:'}, 200, "open opportunities"),
        ({"q": "   "}, 200, "open opportunities"),
        ({"level": "nonsense"}, 400, "Choose level of involvement from the options given"),
        ({"topic": "abc"}, 400, "Topic:"),
        ({"money": "lots"}, 400, "Money:"),
        ({"page": 10000}, 404, "There is no page 10000"),
        ({"page": "-1"}, 400, "The page number must be a whole number, 1 or more."),
        ({"page": "two"}, 400, "The page number must be a whole number, 1 or more."),
        ({"sort": "nearest"}, 400, "Enter a postcode to sort by distance."),
        ({"sort": "nearest", "postcode": "NOT A CODE"}, 400, "Your postcode:"),
        ({"sort": "sideways"}, 400, "Sort by:"),
    ],
)
def test_bad_searches_get_a_clear_answer_never_a_500(
    client, listings, postcodes_io, query, status, message
):
    response = client.get("/opportunities/", query)

    assert response.status_code == status
    html = response.content.decode()
    assert message in html
    if status == 400:
        assert "There is a problem" in html
        assert 'name="q"' in html  # the form is still there to correct


@pytest.mark.parametrize("engine", ["elasticsearch"], indirect=True)
def test_typos_and_word_forms_still_find_things_on_elasticsearch(client, engine, listings):
    assert titles(client.get("/opportunities/", {"q": "huosing"})) == ["Housing research panel"]
    assert titles(client.get("/opportunities/", {"q": "reviewing"})) == [
        "Young people's peer support reviewers"
    ]
    assert titles(client.get("/opportunities/", {"q": "panels"})) == ["Housing research panel"]


@pytest.mark.parametrize("engine", ["elasticsearch"], indirect=True)
def test_search_falls_back_to_the_database_when_elasticsearch_is_down(
    client, engine, listings, settings, unused_tcp_port
):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{unused_tcp_port}"

    response = client.get("/opportunities/", {"q": "housing"})

    assert response.status_code == 200
    assert titles(response) == ["Housing research panel"]
    assert "Search is running in a simpler mode just now" in response.content.decode()


def test_the_page_costs_the_same_number_of_queries_for_few_or_many_results(
    client, engine, opportunity_index, make_organisation, make_opportunity
):
    organisation = make_organisation()

    def queries_for_the_page(opportunities):
        for number in range(opportunities):
            make_opportunity(organisation, f"Panel member {number:02d}")
        if engine == "elasticsearch":
            index_opportunities(refresh=True)
        client.get("/opportunities/")  # fills the site caches a first visit builds
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/opportunities/")
        assert response.status_code == 200
        return len(captured.captured_queries)

    few = queries_for_the_page(2)
    many = queries_for_the_page(28)

    assert many == few


@pytest.fixture
def member_client(client, django_user_model):
    """Signed in, so each request makes its page: no shared copy (decision 0013)."""
    client.force_login(django_user_model.objects.create_user("sam@example.org", "a long pass 1"))
    return client


@pytest.fixture
def elasticsearch_calls(monkeypatch):
    calls = []
    execute = Search.execute

    def counted(search, *args, **kwargs):
        calls.append(search.to_dict())
        return execute(search, *args, **kwargs)

    monkeypatch.setattr(Search, "execute", counted)
    return calls


@pytest.mark.parametrize("engine", ["elasticsearch"], indirect=True)
def test_the_same_search_is_answered_from_memory_until_content_changes(
    member_client, engine, listings, elasticsearch_calls
):
    """Every visitor asking the same search between two publishes gets the same answer."""
    path = "/opportunities/?format=online&sort=closing"
    first = titles(member_client.get(path))
    assert titles(member_client.get(path)) == first == ["Housing research panel"]
    assert len(elasticsearch_calls) == 1
    member_client.get("/opportunities/?format=online&sort=newest")
    assert len(elasticsearch_calls) == 2, "another search is asked for"
    listings["peer"].title = "Peer support reviewers"
    listings["peer"].save_revision().publish()
    member_client.get(path)
    assert len(elasticsearch_calls) == 3, "asked again after a publish"


@pytest.mark.parametrize("engine", ["elasticsearch"], indirect=True)
def test_a_new_opportunity_shows_once_the_index_has_it(
    member_client, engine, listings, make_opportunity
):
    path = "/opportunities/?q=allotment"
    assert titles(member_client.get(path)) == []
    new = make_opportunity(listings["housing"].get_parent(), "Allotment wellbeing group")
    assert titles(member_client.get(path)) == [], "not in the index yet"
    apply_index_changes()
    assert titles(member_client.get(path)) == ["Allotment wellbeing group"]
    new.unpublish()
    apply_index_changes()
    assert titles(member_client.get(path)) == []


@pytest.mark.parametrize("engine", ["elasticsearch"], indirect=True)
def test_the_simpler_search_is_not_kept_once_elasticsearch_is_back(
    member_client, engine, listings, settings, unused_tcp_port
):
    working = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{unused_tcp_port}"
    down = member_client.get("/opportunities/", {"q": "housing"}).content.decode()
    assert "Search is running in a simpler mode just now" in down
    settings.ELASTICSEARCH_URL = working
    back = member_client.get("/opportunities/", {"q": "housing"}).content.decode()
    assert "simpler mode" not in back and "Housing research panel" in back


@pytest.mark.parametrize("engine", ["elasticsearch"], indirect=True)
def test_a_rebuilt_index_is_searched_at_once(member_client, engine, listings):
    path = "/opportunities/?q=housing"
    get_client().delete(index=opportunities_alias(), id=listings["housing"].pk, refresh=True)
    assert titles(member_client.get(path)) == [], "the index lost it"
    rebuild_opportunities_index()
    assert titles(member_client.get(path)) == ["Housing research panel"]
