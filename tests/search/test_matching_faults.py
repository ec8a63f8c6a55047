"""Faults seen on profiles and opportunities nobody here wrote, kept as examples of their kinds."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from members.models import MemberProfile
from members.services import member_profile_update
from search.alerts.queries import sync_member_alerts
from search.alerts.recipients import matches_from_database, matches_from_elasticsearch
from search.index.writing import index_opportunities
from search.matching.elasticsearch_engine import ElasticsearchEngine
from search.matching.engines import EmbeddedEngine
from search.matching.profile import MatchProfile
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

BRIGHTON = {"latitude": 50.8225, "longitude": -0.1372}
MANCHESTER = {"latitude": 53.4794, "longitude": -2.2453}
SHEFFIELD = {"latitude": 53.3811, "longitude": -1.4701}
HOVE = {"latitude": 50.8279, "longitude": -0.1688}  # about 2 km from Brighton


@pytest.fixture
def far_and_near(elasticsearch, make_organisation, make_opportunity):
    organisation = make_organisation()
    made = {
        "hybrid_manchester": make_opportunity(
            organisation, "Hybrid panel in Manchester", format="hybrid", **MANCHESTER
        ),
        "hybrid_sheffield": make_opportunity(
            organisation, "Hybrid group in Sheffield", format="hybrid", **SHEFFIELD
        ),
        "hybrid_hove": make_opportunity(
            organisation, "Hybrid forum in Hove", format="hybrid", **HOVE
        ),
        "in_person_hove": make_opportunity(
            organisation, "Drop-in in Hove", format="in_person", **HOVE
        ),
        "online": make_opportunity(organisation, "Online survey", format="online"),
    }
    index_opportunities(refresh=True)
    return made


@pytest.mark.parametrize("engine_class", [EmbeddedEngine, ElasticsearchEngine])
def test_a_hybrid_role_beyond_reach_is_not_shown_to_someone_who_will_not_join_online(
    far_and_near, engine_class
):
    profile = MatchProfile(online_ok=False, max_distance_km=15, **BRIGHTON)

    titles = {match.facts.title for match in engine_class().match(profile, limit=50)}

    assert titles == {"Hybrid forum in Hove", "Drop-in in Hove"}


@pytest.mark.parametrize("engine_class", [EmbeddedEngine, ElasticsearchEngine])
def test_a_hybrid_role_anywhere_is_shown_to_someone_happy_online(far_and_near, engine_class):
    profile = MatchProfile(online_ok=True, in_person_ok=True, max_distance_km=15, **BRIGHTON)

    titles = {match.facts.title for match in engine_class().match(profile, limit=50)}

    assert "Hybrid panel in Manchester" in titles
    assert "Online survey" in titles
    assert "Drop-in in Hove" in titles


def test_a_hybrid_role_beyond_reach_is_not_alerted_to_someone_who_will_not_join_online(
    far_and_near,
):
    user = UserFactory()
    MemberProfile.objects.create(
        user=user, alert_frequency="daily", online_ok=False, max_distance_km=15, **BRIGHTON
    )
    sync_member_alerts(user.pk)

    for finder in (matches_from_elasticsearch, matches_from_database):
        assert user.pk not in finder(far_and_near["hybrid_manchester"])
        assert user.pk in finder(far_and_near["hybrid_hove"])


EDGE_PROFILE = {
    "who": "service_user", "latitude": 50.26, "longitude": -5.05, "max_distance_km": 0,
    "online_ok": True, "in_person_ok": False, "payment_need": "must_be_paid",
    "levels": ["research"], "availability": ["weekend"], "text": "eating disorders",
    "topics": [], "communities": [], "role_types": [], "support_wanted": [],
    "not_before_10": False,
}  # fmt: skip


@pytest.mark.parametrize(
    "changes",
    [{}, {"in_person_ok": True}, {"in_person_ok": True, "max_distance_km": 0.0004}],
    ids=["as_reported", "in_person_ok", "under_a_metre"],
)
def test_an_edge_profile_gets_an_answer_from_elasticsearch(far_and_near, tmp_path, changes):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({**EDGE_PROFILE, **changes}))
    out = io.StringIO()

    call_command("match", profile=str(path), engine="elasticsearch", stdout=out)

    assert "unavailable" not in out.getvalue()


def test_alert_settings_made_while_elasticsearch_is_down_reach_the_index_later(
    elasticsearch, settings, unused_tcp_port, django_capture_on_commit_callbacks
):
    from search.index.documents import member_alerts_alias
    from search.index.indexes import ensure_member_alerts_index

    ensure_member_alerts_index()
    working_url = settings.ELASTICSEARCH_URL
    user = UserFactory()
    profile = MemberProfile.objects.create(user=user)
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{unused_tcp_port}"
    cleaned = {
        field: getattr(profile, field)
        for field in [
            "who", "online_ok", "in_person_ok", "payment_need", "not_before_10", "access_needs",
            "own_words", "postcode_district", "latitude", "longitude",
        ]
    }  # fmt: skip
    cleaned.update(
        alert_frequency="daily", levels=[], role_types=[], availability=[], support_wanted=[],
        max_distance=None, topics=[], communities=[],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        member_profile_update(profile=profile, cleaned_data=cleaned)

    settings.ELASTICSEARCH_URL = working_url
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("search_check", stdout=out)
    assert "The index matches the database" not in out.getvalue()

    call_command("search_check", repair=True, stdout=io.StringIO())
    elasticsearch.indices.refresh(index=member_alerts_alias())
    assert elasticsearch.count(index=member_alerts_alias())["count"] == 1
    call_command("search_check", stdout=io.StringIO())  # no drift left: no CommandError


def test_a_refused_query_is_reported_as_a_fault_not_as_unavailable(
    far_and_near, tmp_path, monkeypatch
):
    from elasticsearch.dsl import Q

    from search.matching import elasticsearch_engine

    def broken(profile, today):
        return [Q("geo_distance", distance="0km", location={"lat": 50, "lon": 0})]

    monkeypatch.setattr(elasticsearch_engine, "opportunity_filters", broken)
    path = tmp_path / "profile.json"
    path.write_text("{}")

    with pytest.raises(CommandError) as raised:
        call_command("match", profile=str(path), engine="elasticsearch", stdout=io.StringIO())

    assert "unavailable" not in str(raised.value)
    assert "refused" in str(raised.value)


def test_the_matches_page_answers_from_the_embedded_engine_when_a_query_is_refused(
    far_and_near, client, monkeypatch, caplog
):
    from elasticsearch.dsl import Q

    from search.matching import elasticsearch_engine

    monkeypatch.setattr(
        elasticsearch_engine,
        "opportunity_filters",
        lambda profile, today: [Q("geo_distance", distance="0km", location={"lat": 50, "lon": 0})],
    )
    user = UserFactory()
    MemberProfile.objects.create(user=user)
    client.force_login(user)

    response = client.get("/account/matches/")

    assert response.status_code == 200
    assert "Online survey" in response.content.decode()
    assert "unavailable" not in response.content.decode().lower()
    assert any("refused" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"max_distance_km": -5}, "'max_distance_km' must be at least 0"),
        ({"max_distance_km": "far"}, "'max_distance_km' must be a number"),
        ({"latitude": 91, "longitude": 0}, "'latitude' must be between"),
        ({"longitude": None}, "both 'latitude' and 'longitude'"),
        ({"online_ok": "yes"}, "'online_ok' must be true or false"),
        ({"levels": ["board"]}, "Unknown levels"),
        ({"payment_need": "lots"}, "'payment_need' must be one of"),
    ],
)
def test_a_profile_file_with_bad_values_gets_a_clear_message(tmp_path, changes, message):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({**EDGE_PROFILE, **changes}).replace('"NaN"', "NaN"))

    with pytest.raises(CommandError, match=message):
        call_command("match", profile=str(path), engine="embedded", stdout=io.StringIO())


def test_nan_and_infinity_in_a_profile_file_are_refused(tmp_path):
    path = tmp_path / "profile.json"
    path.write_text('{"max_distance_km": NaN}')

    with pytest.raises(CommandError, match="must be a number"):
        call_command("match", profile=str(path), engine="embedded", stdout=io.StringIO())


@pytest.mark.both_databases
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_profile_file_saved_with_a_byte_order_mark_is_read(tmp_path, newline):
    # Windows Notepad and PowerShell's Out-File write UTF-8 with a byte-order mark.
    path = tmp_path / "profile.json"
    path.write_bytes(
        ("\ufeff{" + newline + '  "who": "carer",' + newline + '  "text": "café"}').encode()
    )
    output = io.StringIO()

    call_command("match", profile=str(path), engine="embedded", as_json=True, stdout=output)

    assert json.loads(output.getvalue()) == []


def test_a_role_closed_while_elasticsearch_was_down_is_not_shown_from_the_stale_index(
    far_and_near, settings, unused_tcp_port
):
    from opportunities.services import opportunity_close

    working_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{unused_tcp_port}"
    opportunity_close(opportunity=far_and_near["online"])
    settings.ELASTICSEARCH_URL = working_url

    titles = {match.facts.title for match in ElasticsearchEngine().match(MatchProfile())}

    assert "Online survey" not in titles
    assert "Drop-in in Hove" in titles


def test_own_words_that_only_share_a_stem_with_an_advert_are_not_a_reason(
    make_opportunity, make_organisation
):
    from search.matching.scoring import rank
    from search.selectors import opportunity_facts

    page = make_opportunity(
        make_organisation(), "Take part in research on policing", format="online"
    )
    profile = MatchProfile(text="I care about political parties and housing policies")

    (match,) = rank(profile, opportunity_facts(type(page).objects.filter(pk=page.pk)), limit=5)

    assert match.parts["text"] == 0
    assert not any("wrote about" in reason for reason in match.reasons)


@pytest.mark.parametrize(
    "text",
    ['{"max_distance_km": 1' + "0" * 400 + "}", "[" * 100_000 + "]" * 100_000],
    ids=["huge_number", "deeply_nested"],
)
def test_a_profile_file_nobody_would_write_gets_a_message_not_a_traceback(tmp_path, text):
    path = tmp_path / "profile.json"
    path.write_text(text)

    with pytest.raises(CommandError):
        call_command("match", profile=str(path), engine="embedded", stdout=io.StringIO())


def test_asking_for_elasticsearch_without_it_gets_a_message(tmp_path, settings):
    settings.ELASTICSEARCH_URL = ""
    path = tmp_path / "profile.json"
    path.write_text("{}")

    with pytest.raises(CommandError, match="ELASTICSEARCH_URL is not set"):
        call_command("match", profile=str(path), engine="elasticsearch", stdout=io.StringIO())


def test_search_check_removes_an_alert_document_nobody_owns(elasticsearch):
    from search.index.documents import member_alerts_alias
    from search.index.indexes import ensure_member_alerts_index

    ensure_member_alerts_index()
    elasticsearch.index(
        index=member_alerts_alias(), id="orphan", document={"kind": "profile"}, refresh=True
    )
    with pytest.raises(CommandError):
        call_command("search_check", stdout=io.StringIO())

    call_command("search_check", repair=True, stdout=io.StringIO())

    call_command("search_check", stdout=io.StringIO())  # no drift left: no CommandError
    assert not elasticsearch.exists(index=member_alerts_alias(), id="orphan")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"max_distance_km": 9' + "9" * 5000 + "}", "cannot be read"),
        ('{"topics": ["Hosuing"]}', "Unknown topics in the profile: Hosuing"),
        ('{"who": 0}', "'who' must be one of"),
        ('{"who": false}', "'who' must be one of"),
        ('{"levels": {}}', "'levels' must be a list"),
        ('{"levels": 0}', "'levels' must be a list"),
        ('{"topics": false}', "'topics' must be a list"),
        ('{"text": 0}', "'text' must be text"),
    ],
)
def test_wrong_values_of_any_type_are_refused_by_name(tmp_path, text, message):
    path = tmp_path / "profile.json"
    path.write_text(text)

    with pytest.raises(CommandError, match=message):
        call_command("match", profile=str(path), engine="embedded", stdout=io.StringIO())


@pytest.mark.parametrize("engine_class", [EmbeddedEngine, ElasticsearchEngine])
def test_a_role_moved_to_another_organisation_is_shown_under_it(
    elasticsearch, make_organisation, make_opportunity, django_capture_on_commit_callbacks,
    engine_class,
):  # fmt: skip
    first, second = make_organisation("First Org"), make_organisation("Second Org")
    page = make_opportunity(first, "Movable role", format="online")
    index_opportunities(refresh=True)
    EmbeddedEngine().match(MatchProfile())  # the embedded engine keeps what it read

    with django_capture_on_commit_callbacks(execute=True):
        type(page).objects.get(pk=page.pk).move(second, pos="last-child")
    elasticsearch.indices.refresh(index="_all")

    (match,) = engine_class().match(MatchProfile())
    assert match.facts.organisation == "Second Org"
    assert match.facts.url.startswith("/organisations/second-org/")
    call_command("search_check", stdout=io.StringIO())  # nothing differs


def test_when_the_best_candidates_closed_since_the_index_heard_the_engine_looks_further(
    elasticsearch, make_organisation, make_opportunity
):
    from datetime import timedelta

    from django.utils import timezone

    from opportunities.models import OpportunityPage

    organisation = make_organisation()
    lone = make_opportunity(organisation, "Lone open", format="online")
    OpportunityPage.objects.filter(pk=lone.pk).update(
        first_published_at=timezone.now() - timedelta(days=300)
    )
    newer = [
        make_opportunity(organisation, f"Soon closed {number}", format="online")
        for number in range(25)
    ]
    index_opportunities(refresh=True)
    OpportunityPage.objects.filter(pk__in=[page.pk for page in newer]).update(
        closed_at=timezone.now()
    )  # in the database only: the index has not heard yet

    titles = [match.facts.title for match in ElasticsearchEngine().match(MatchProfile(), limit=1)]

    assert titles == ["Lone open"]
