"""Query parameters on every page that reads them: what people, link checkers and programs
really send gets a 400 with the page's error summary, never a 500, on SQLite and PostgreSQL.
And HEAD works wherever GET does (RFC 9110 9.3.2)."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import Community, Topic
from core.parameters import (
    MAX_DATABASE_ID,
    ClockTimeField,
    MomentField,
    QueryTextField,
    UuidParameterField,
    WholeNumberField,
    page_number,
    whole_number,
)
from groups.models import DirectoryIndexPage, GroupPage, PeerSupportPage
from home.models import ResourceIndexPage, ResourcePage
from tests.groups.conftest import add
from tests.members.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.both_databases

HUGE_ID = "99999999999999999999"  # past a signed 64-bit integer
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# The parameter layer itself.


@FUZZ
@given(st.integers(min_value=0, max_value=10**25), st.integers(0, 3))
def test_a_whole_number_is_ascii_digits_within_bounds(number, zeros):
    text = "0" * zeros + str(number)
    expected = number if 1 <= number <= 10**12 else None
    assert whole_number(text, low=1, high=10**12) == expected
    assert whole_number(f" {text} ", low=1, high=10**12) == expected


@FUZZ
@given(st.text(min_size=1))
def test_nothing_but_ascii_digits_is_a_whole_number(text):
    if not (text.strip().isascii() and text.strip().isdigit()):
        assert whole_number(text, low=0, high=10**30) is None
        assert page_number(text) in (None, 1)  # blank is the first page


@pytest.mark.parametrize("odd", ["²", "\u0663", "\uff13", "3_0", "+3", "-3", "3.0", "0x3", "1e3"])
def test_digits_python_reads_but_people_do_not_are_refused(odd):
    assert whole_number(odd, low=0, high=100) is None
    with pytest.raises(ValidationError):
        WholeNumberField(min_value=0, max_value=100).clean(odd)


@FUZZ
@given(st.text(max_size=60))
def test_every_field_answers_any_text_with_a_value_or_a_validation_error(text):
    fields = [
        WholeNumberField(min_value=1, max_value=200, required=False),
        ClockTimeField(required=False),
        MomentField(required=False),
        UuidParameterField(required=False),
        QueryTextField(required=False, max_length=200),
    ]
    for field in fields:
        try:
            field.clean(text)
        except ValidationError as error:
            assert error.messages


@pytest.mark.parametrize("text", ["a\x00b", "\x00", "\x01", "tab\x1bescape", "\x7f", "a\x85b"])
def test_search_text_refuses_control_characters_in_plain_words(text):
    with pytest.raises(ValidationError) as refused:
        QueryTextField(required=False).clean(text)
    assert refused.value.messages == [
        "Remove the control characters (such as a null character) and try again."
    ]


def test_search_text_keeps_ordinary_whitespace_and_any_script():
    assert QueryTextField(required=False).clean(" peer\tsupport\n Cymraeg ŵ 心 ") == (
        "peer\tsupport\n Cymraeg ŵ 心"
    )


@pytest.mark.parametrize("text", ["18:30Z", "18:30+01:00", "18:30:00-0500", "0930z"])
def test_times_with_a_zone_are_refused_with_their_own_message(text):
    with pytest.raises(ValidationError) as refused:
        ClockTimeField().clean(text)
    assert refused.value.code == "zone"


@FUZZ
@given(st.times())
def test_every_clock_time_reads_back_to_the_minute_or_second(moment):
    moment = moment.replace(microsecond=0)
    assert ClockTimeField().clean(moment.strftime("%H:%M:%S")) == moment
    assert ClockTimeField().clean(moment.strftime("%H:%M")) == moment.replace(second=0)


@FUZZ
@given(st.datetimes(timezones=st.none() | st.timezones()))
def test_dates_are_read_between_1900_and_2100_and_refused_outside(moment):
    field = MomentField()
    if 1900 <= moment.year <= 2100:
        assert field.clean(moment.isoformat()).tzinfo is not None
    else:
        with pytest.raises(ValidationError):
            field.clean(moment.isoformat())


# The pages.


@pytest.fixture
def site(home_page, postcodes_io, opportunity_index, make_organisation, make_opportunity):
    """One of each page that reads query parameters, with something on it."""
    topic = Topic.objects.create(name="Housing")
    community = Community.objects.create(name="Carers")
    pages = {}
    for kind, slug, title in [("groups", "groups", "Groups"), ("peer_support", "peer-support", "Peer support")]:  # fmt: skip
        directory = DirectoryIndexPage(title=title, slug=slug, kind=kind)
        home_page.add_child(instance=directory)
        directory.save_revision().publish()
        pages[kind] = directory
    group = add(
        pages["groups"], GroupPage, "Leeds Voices", [topic], [community], postcode="LS1 4AP"
    )
    session = add(
        pages["peer_support"], PeerSupportPage, "Thursday circle", [topic], group=group,
        support_type="group", day_of_week=3, start_time=time(18, 0), frequency="weekly",
        online=True, in_person=False,
    )  # fmt: skip
    library = ResourceIndexPage(title="Resources", slug="resources")
    home_page.add_child(instance=library)
    library.save_revision().publish()
    resource = ResourcePage(
        title="Payment guide", summary="Fees and benefits.", resource_type="guide",
        external_url="https://example.org/",
    )  # fmt: skip
    library.add_child(instance=resource)
    resource.save_revision().publish()
    opportunity = make_opportunity(make_organisation())
    opportunity.topics.set([topic])
    opportunity.save_revision().publish()
    return {"group": group, "session": session, "resource": resource, "opportunity": opportunity}


LISTINGS = {
    "/groups/": ["q", "postcode", "where", "region", "topic", "community", "activity", "page"],
    "/peer-support/": ["q", "postcode", "where", "region", "topic", "community", "day",
                       "support_type", "page"],
    "/opportunities/": ["q", "topic", "community", "level", "role_type", "format", "region",
                        "money", "closing_within", "meets_checks", "postcode", "sort", "page"],
    "/resources/": ["q", "resource_type", "topic", "audience", "page"],
    "/search/": ["q", "type", "page"],
}  # fmt: skip


def error_summary(response):
    html = response.content.decode()
    assert 'class="error-summary"' in html
    return html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url,name",
    [
        ("/groups/", "topic"),
        ("/groups/", "community"),
        ("/peer-support/", "topic"),
        ("/peer-support/", "community"),
        ("/opportunities/", "topic"),
        ("/opportunities/", "community"),
        ("/resources/", "topic"),
    ],
)
def test_a_topic_or_community_id_too_big_for_the_database_is_a_400(client, site, url, name):
    for odd in [HUGE_ID, str(MAX_DATABASE_ID + 1), "-1", "0", "²", "\u0663", "1" * 5000]:
        response = client.get(url, {name: odd})
        assert response.status_code == 400, (url, name, odd)
        assert "from the options given" in error_summary(response)


@pytest.mark.django_db
def test_a_real_topic_still_filters(client, site):
    topic = Topic.objects.get(name="Housing")
    response = client.get("/groups/", {"topic": str(topic.pk)})
    assert response.status_code == 200
    assert "Leeds Voices" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(LISTINGS))
def test_a_null_or_control_character_in_search_words_is_a_400(client, site, url):
    for odd in ["\x00", "voices\x00", "\x1b[2J", "\x7f"]:
        response = client.get(url, {"q": odd})
        assert response.status_code == 400, (url, odd)
        assert "Remove the control characters" in error_summary(response)


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(LISTINGS))
def test_page_numbers_in_other_scripts_are_a_400(client, site, url):
    for odd in ["²", "\u0663", "\uff12", "1_0", "+1", "9" * 5000]:
        response = client.get(url, {"q": "a", "page": odd})
        assert response.status_code == 400, (url, odd)
        assert "The page number must be a whole number, 1 or more." in error_summary(response)


@pytest.mark.django_db
def test_a_baseline_id_too_big_for_the_database_is_a_400_on_the_staff_report(client, home_page):
    client.force_login(StaffFactory())
    response = client.get("/cms/reports/presence/", {"baseline": HUGE_ID})
    assert response.status_code == 400


ODD_VALUES = ["\x00", "a\x00b", "\x1b", "18:30Z", "18:30+01:00", "0000-00-00", "0001-01-01",
              "9999-12-31T23:59:59+14:00", "²", "³", "①", "\u0663", "\uff11", "-0", "-1", "0",
              "1_0", HUGE_ID, "9" * 400, "NaN", "1e309", "%00", "MO", "  ", "a" * 5000,
              "\u202e", "Z", "True", "nearest", "in_person", "LS1 4AP", "ZZ9 9ZZ"]  # fmt: skip
ODD_TEXT = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.sampled_from(ODD_VALUES),
    st.text(max_size=40),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Cc"]), min_size=1, max_size=25),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


# Values that broke a page once, or that Python reads differently from people.
KNOWN_ODD = ["\x00", "\x1b", "²", "\u0663", "-1", "0", HUGE_ID, "9" * 5000, "18:30Z",
             "a" * 300]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(LISTINGS))
def test_every_parameter_of_every_listing_survives_each_known_odd_value(client, site, url):
    for name in LISTINGS[url]:
        for odd in KNOWN_ODD:
            response = client.get(url, {name: odd})
            assert response.status_code in (200, 400, 404), (url, name, odd)
        repeated = client.get(url, [(name, "1"), (name, HUGE_ID), (name, "")])
        assert repeated.status_code in (200, 400, 404), (url, name)


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_no_query_string_makes_a_listing_page_fail(client, site, data):
    url = data.draw(st.sampled_from(list(LISTINGS)))
    names = st.sampled_from(LISTINGS[url])
    query = data.draw(st.lists(st.tuples(names, ODD_TEXT), min_size=1, max_size=4))
    response = client.get(url, query)
    assert response.status_code in (200, 400, 404), (url, query)
    if response.status_code == 400:
        error_summary(response)


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_no_query_string_makes_a_detail_page_fail(client, site, data):
    client.force_login(UserFactory())
    urls = [
        site["group"].url,
        site["session"].url,
        site["resource"].url,
        site["opportunity"].url,
        f"/peer-support/{site['session'].pk}/calendar.ics",
        "/account/matches/",
        "/opportunities/feed/",
        "/opportunities/feed.json",
        "/sitemap.xml",
    ]
    url = data.draw(st.sampled_from(urls))
    names = st.sampled_from(["q", "page", "topic", "format", "id", "utm_source"])
    query = data.draw(st.lists(st.tuples(names, ODD_TEXT), min_size=1, max_size=4))
    assert client.get(url, query).status_code == 200, (url, query)


# HEAD wherever GET works.


@pytest.mark.django_db
def test_head_answers_wherever_get_does_with_no_body(client, site):
    from groups.services import still_right_token
    from search.alerts.emails import unsubscribe_token

    public = [
        "/", "/groups/", "/peer-support/", "/opportunities/", "/resources/", "/search/?q=voices",
        site["group"].url, site["session"].url, site["resource"].url, site["opportunity"].url,
        f"/peer-support/{site['session'].pk}/calendar.ics", "/opportunities/feed/",
        "/opportunities/feed.json", "/sitemap.xml", "/robots.txt", "/need-help-now/",
        f"/directory/still-right/{still_right_token(site['group'])}/",
        f"/alerts/unsubscribe/{unsubscribe_token(UserFactory().pk)}/",
        "/accounts/login/",
    ]  # fmt: skip
    signed_in = ["/account/matches/", "/account/alerts/", "/account/interest/",
                 "/account/your-data/", "/account/delete/", "/account/looking-for/",
                 "/directory/list-your-group/", "/directory/your-listings/", "/portal/"]  # fmt: skip
    for url in public:
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code == 200, (url, head.status_code)
        assert head["Content-Type"] == got["Content-Type"], url
        assert head.content == b"", url
    client.force_login(UserFactory())
    for url in signed_in:
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code == 200, (url, head.status_code)


@pytest.mark.both_databases
@pytest.mark.parametrize(
    "url",
    [
        "/api/openreferral/services?page=1&page=2",
        "/api/openreferral/services?search=%00&search=a",
        "/api/openreferral/services?per_page=%00&per_page=5",
        "/opportunities/?q=%00&q=a",
        "/opportunities/?page=1&page=2",
        "/search/?q=housing&q=x",
        "/groups/?postcode=LS1&postcode=M1",
    ],
)
def test_a_question_with_one_answer_sent_twice_is_refused(client, site, url):
    """The last copy is not quietly taken: an earlier copy could hide a value never checked."""
    response = client.get(url)
    assert response.status_code == 400, url
    said = response.content.decode()
    assert "once only" in said or "page number must be a whole number" in said


@pytest.mark.both_databases
def test_ticking_several_topics_is_still_fine(client, site):
    from core.models import Topic

    first, second = (
        Topic.objects.order_by("pk")[:2]
        if Topic.objects.count() >= 2
        else (
            Topic.objects.create(name="Sent twice A"),
            Topic.objects.create(name="Sent twice B"),
        )
    )
    response = client.get(f"/opportunities/?topic={first.pk}&topic={second.pk}")
    assert response.status_code == 200


def test_head_answers_on_the_invitation_page(client, site):
    for url in ["/portal/invitations/not-a-token/"]:
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code != 405
        assert head.content == b""
