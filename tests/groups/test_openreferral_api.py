"""The Open Referral UK API: every response validates against the profile's schemas; filters,
distance, pages and bad parameters behave as the specification says; only published listings."""

import json
from datetime import time, timedelta
from pathlib import Path

import pytest
from django.db.models.signals import post_init
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from core.models import Community, Topic
from groups.models import GroupPage, PeerSupportPage
from tests.groups.conftest import add

pytestmark = pytest.mark.django_db

SCHEMA_DIR = Path(__file__).parent / "openreferral_uk" / "schema"
API = "/api/openreferral"


def _registry():
    resources = []
    for path in [*SCHEMA_DIR.glob("*.json"), *SCHEMA_DIR.glob("compiled/*.json")]:
        resource = Resource.from_contents(
            json.loads(path.read_text()), default_specification=DRAFT202012
        )
        resources.append((str(path.relative_to(SCHEMA_DIR)), resource))
    return Registry().with_resources(resources)


REGISTRY = _registry()
PAGE_SCHEMA = json.loads((SCHEMA_DIR / "openapi.json").read_text())["components"]["schemas"]["Page"]


def assert_valid(instance, schema_name):
    schema = REGISTRY.contents(schema_name)
    validator = Draft202012Validator(
        schema, registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def assert_valid_page(data, item_schema):
    Draft202012Validator(PAGE_SCHEMA).validate(data)
    for key in PAGE_SCHEMA["properties"]:
        assert key in data, key
    assert data["size"] == len(data["contents"])
    for item in data["contents"]:
        assert_valid(item, item_schema)


def get(client, path, **params):
    response = client.get(f"{API}{path}", params, HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"
    return response


def ok(client, path, **params):
    response = get(client, path, **params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def directory(groups_directory, peer_directory, postcodes_io):
    voices = Topic.objects.create(name="Hearing voices")
    housing = Topic.objects.create(name="Housing")
    carers = Community.objects.create(name="Carers")
    leeds = add(
        groups_directory,
        GroupPage,
        "Leeds Voices",
        [voices],
        postcode="LS1 4AP",
        venue="Park Row Centre\n1 Park Row",
        area_served="Leeds",
        does_peer_support=True,
        contact_email="hello@leeds.example.org",
        accessibility="Step-free",
    )
    manchester = add(
        groups_directory,
        GroupPage,
        "Manchester Tenants",
        [housing],
        [carers],
        postcode="M1 1AE",
        does_campaigning=True,
        website="https://mt.example.org",
    )
    online = add(
        groups_directory,
        GroupPage,
        "Night Owls Online",
        online=True,
        in_person=False,
        region="national",
        does_social=True,
    )
    circle = add(
        peer_directory,
        PeerSupportPage,
        "Thursday voices circle",
        [voices],
        group=leeds,
        support_type="group",
        day_of_week=3,
        start_time=time(18, 0),
        end_time=time(19, 30),
        frequency="weekly",
        postcode="LS1 4AP",
        cost="Free",
    )
    walk = add(
        peer_directory,
        PeerSupportPage,
        "Saturday walk and talk",
        support_type="group",
        day_of_week=5,
        start_time=time(11, 0),
        end_time=time(12, 30),
        frequency="monthly",
        week_of_month=1,
        postcode="M1 1AE",
    )
    line = add(
        peer_directory,
        PeerSupportPage,
        "Text support line",
        support_type="phone",
        online=True,
        in_person=False,
        frequency="",
    )
    draft = GroupPage(title="Secret Draft Group", description="Not approved yet.", live=False)
    groups_directory.add_child(instance=draft)
    draft.save_revision()
    return {"leeds": leeds, "manchester": manchester, "online": online, "circle": circle,
            "walk": walk, "line": line, "voices": voices, "carers": carers}  # fmt: skip


def names(data):
    return [item.get("name") or item["service"]["name"] for item in data["contents"]]


def test_every_endpoint_answers_with_records_that_validate(client, directory):
    root = ok(client, "/")
    assert root["version"] == "3.0" and root["openapi_url"].endswith("/openreferral/openapi.json")

    services = ok(client, "/services")
    assert_valid_page(services, "compiled/service_list.json")
    assert services["total_items"] == 6
    for item in services["contents"]:
        assert_valid(ok(client, f"/services/{item['id']}"), "compiled/service.json")

    organizations = ok(client, "/organizations")
    assert_valid_page(organizations, "compiled/organization_list.json")
    assert names(organizations) == ["Leeds Voices", "Manchester Tenants", "Night Owls Online"]
    for item in organizations["contents"]:
        assert_valid(ok(client, f"/organizations/{item['id']}"), "compiled/organization.json")

    places = ok(client, "/service_at_locations")
    assert_valid_page(places, "compiled/service_at_location_list.json")
    assert sorted(names(places)) == [
        "Leeds Voices", "Manchester Tenants", "Night Owls Online", "Saturday walk and talk",
        "Text support line", "Thursday voices circle",
    ]  # fmt: skip
    kinds = {i["service"]["name"]: i["location"]["location_type"] for i in places["contents"]}
    assert kinds["Night Owls Online"] == "virtual" and kinds["Leeds Voices"] == "physical"
    for item in places["contents"]:
        detail = ok(client, f"/service_at_locations/{item['id']}")
        assert_valid(detail, "compiled/service_at_location.json")

    taxonomies = ok(client, "/taxonomies")
    assert_valid_page(taxonomies, "taxonomy.json")
    for item in taxonomies["contents"]:
        assert_valid(ok(client, f"/taxonomies/{item['id']}"), "taxonomy.json")
    terms = ok(client, "/taxonomy_terms", per_page=200)
    assert_valid_page(terms, "taxonomy_term.json")
    for item in terms["contents"][:5]:
        assert_valid(ok(client, f"/taxonomy_terms/{item['id']}"), "taxonomy_term.json")


def test_a_full_service_carries_its_schedule_place_group_and_terms(client, directory):
    circle = directory["circle"]
    data = ok(client, f"/services/{circle.uuid}")

    assert data["organization"]["name"] == "Leeds Voices"
    assert data["organization_id"] == str(directory["leeds"].uuid)
    (schedule,) = data["schedules"]
    assert (schedule["freq"], schedule["interval"], schedule["byday"]) == ("WEEKLY", 1, "TH")
    assert (schedule["opens_at"], schedule["closes_at"]) == ("18:00", "19:30")
    assert data["service_at_locations"][0]["location"]["latitude"] == pytest.approx(53.80, 0.01)
    assert data["assured_date"] == circle.last_checked.isoformat()  # when it was last checked
    assert "Hearing voices" in [a["taxonomy_term"]["name"] for a in data["attributes"]]
    walk = ok(client, f"/services/{directory['walk'].uuid}")
    assert walk["schedules"][0]["freq"] == "MONTHLY" and walk["schedules"][0]["byday"] == "1SA"
    assert "organization" not in walk


def test_only_published_listings_appear_anywhere(client, directory):
    everything = json.dumps(
        [ok(client, path, per_page=200) for path in
         ["/services", "/organizations", "/service_at_locations"]]
    )  # fmt: skip
    assert "Secret Draft Group" not in everything
    draft = GroupPage.objects.get(title="Secret Draft Group")
    assert get(client, f"/organizations/{draft.uuid}").status_code == 404

    directory["manchester"].unpublish()
    assert "Manchester Tenants" not in names(ok(client, "/services"))
    assert get(client, f"/organizations/{directory['manchester'].uuid}").status_code == 404


def test_filters_combine_with_and(client, directory):
    def found(**params):
        return sorted(names(ok(client, "/services", **params)))

    voices = ok(client, "/taxonomy_terms", per_page=200)["contents"]
    voices_id = next(t["id"] for t in voices if t["name"] == "Hearing voices")
    assert found(taxonomy_term_id=voices_id) == ["Leeds Voices", "Thursday voices circle"]
    assert found(search="voices") == ["Leeds Voices", "Thursday voices circle"]
    assert found(search="voices", day="TH") == ["Thursday voices circle"]
    assert found(search="voices", day="SA") == []
    assert found(day="saturday") == ["Saturday walk and talk"]
    assert found(start_time="10:00", end_time="13:00") == ["Saturday walk and talk"]
    assert found(start_time="12:00") == ["Thursday voices circle"]
    leeds = str(directory["leeds"].uuid)
    assert found(organization_id=leeds) == ["Leeds Voices", "Thursday voices circle"]
    assert found(organization_id=leeds, day="SA") == []
    assert (
        found(taxonomy_term_id=voices_id, organization_id=str(directory["manchester"].uuid)) == []
    )

    later = timezone.now() + timedelta(seconds=1)
    PeerSupportPage.objects.filter(pk=directory["walk"].pk).update(last_published_at=later)
    assert found(modified_after=later.isoformat()) == ["Saturday walk and talk"]
    assert found(modified_after=later.date().isoformat()) != []


def test_places_nearest_a_postcode_first_and_within_a_distance(client, directory):
    data = ok(client, "/service_at_locations", postcode="M1 1AE")
    assert names(data)[:2] == ["Manchester Tenants", "Saturday walk and talk"]
    assert set(names(data)[2:4]) == {"Leeds Voices", "Thursday voices circle"}
    assert set(names(data)[4:]) == {"Night Owls Online", "Text support line"}  # online: last

    near_leeds = ok(client, "/service_at_locations", postcode="LS1 4AP", proximity="5000")
    assert sorted(names(near_leeds)) == ["Leeds Voices", "Thursday voices circle"]
    both = ok(client, "/service_at_locations", postcode="LS1 4AP", proximity="5000", day="TH")
    assert names(both) == ["Thursday voices circle"]


def test_pages_are_right_at_the_edges(client, directory):
    first = ok(client, "/services", per_page=4)
    assert (first["total_items"], first["total_pages"], first["page_number"]) == (6, 2, 1)
    assert first["first_page"] and not first["last_page"] and first["size"] == 4

    last = ok(client, "/services", per_page=4, page=2)
    assert last["last_page"] and not last["first_page"] and last["size"] == 2
    assert not set(names(first)) & set(names(last))

    past = ok(client, "/services", per_page=4, page=3)
    assert past["empty"] and past["last_page"] and past["contents"] == []
    assert past["page_number"] == 3 and past["total_items"] == 6

    none = ok(client, "/services", search="nothing-matches-this")
    assert none["total_items"] == 0 and none["total_pages"] == 0 and none["empty"]
    assert none["first_page"] and none["last_page"]


def test_each_page_of_services_follows_on_in_name_order(client, directory):
    everything = names(ok(client, "/services", per_page=200))
    assert everything == sorted(everything, key=str.lower) and len(everything) == 6
    for asked in ({}, {"start_time": "10:00"}):  # the time filter is applied in Python
        whole = names(ok(client, "/services", per_page=200, **asked))
        pages = [names(ok(client, "/services", per_page=2, page=n, **asked)) for n in (1, 2, 3)]
        assert [name for page in pages for name in page] == whole, asked


def test_a_page_of_services_reads_only_that_pages_listings(client, directory):
    """A directory of thousands still answers a page of 50 quickly: only the page's listings
    (and the groups that run them) are read in full, and no terms, which the list omits."""
    made = []

    def count(sender, instance, **kwargs):
        made.append(type(instance).__name__)

    post_init.connect(count)
    try:
        page = ok(client, "/services", per_page=1, page=6)  # a session run by a group
    finally:
        post_init.disconnect(count)
    assert names(page) == ["Thursday voices circle"]
    assert page["contents"][0]["organization"]["name"] == "Leeds Voices"
    listings = [name for name in made if name in ("GroupPage", "PeerSupportPage")]
    assert sorted(listings) == ["GroupPage", "PeerSupportPage"]
    assert "Topic" not in made and "Community" not in made


@pytest.mark.parametrize(
    "path,params,words",
    [
        ("/services", {"page": "0"}, "page must be a whole number"),
        ("/services", {"page": "abc"}, "page must be a whole number"),
        ("/services", {"per_page": "1000"}, "per_page must be a whole number from 1 to 200"),
        ("/services", {"taxonomy_term_id": "not-a-uuid"}, "taxonomy_term_id must be a UUID"),
        ("/services", {"organization_id": "1"}, "organization_id must be a UUID"),
        ("/services", {"modified_after": "last week"}, "modified_after must be a date"),
        ("/services", {"start_time": "25:99"}, "start_time must be a time"),
        ("/services", {"day": "someday"}, "day must be MO"),
        ("/service_at_locations", {"postcode": "ZZ9 9ZZ"}, "postcode"),
        ("/service_at_locations", {"proximity": "100"}, "proximity needs a postcode"),
        ("/service_at_locations", {"postcode": "LS1 4AP", "proximity": "-3"}, "metres"),
    ],
)
def test_bad_parameters_get_a_clear_400(client, directory, path, params, words):
    response = get(client, path, **params)
    assert response.status_code == 400
    assert words in response.json()["error"]


def test_unknown_ids_get_a_clear_404_and_writes_are_refused(client, directory):
    for path in ["/services/", "/organizations/", "/service_at_locations/", "/taxonomies/",
                 "/taxonomy_terms/"]:  # fmt: skip
        for record_id in ["00000000-0000-0000-0000-000000000000", "nonsense"]:
            response = get(client, f"{path}{record_id}")
            assert response.status_code == 404
            assert "no published" in response.json()["error"]
    assert client.post(f"{API}/services", {}).status_code == 405


def test_ids_stay_the_same_when_a_listing_changes(client, directory):
    before = {item["name"]: item["id"] for item in ok(client, "/services")["contents"]}
    places_before = {i["service"]["name"]: i["id"] for i in ok(client, "/service_at_locations")["contents"]}  # fmt: skip
    leeds = directory["leeds"]
    leeds.description = "Now meeting weekly."
    leeds.save_revision().publish()

    after = {item["name"]: item["id"] for item in ok(client, "/services")["contents"]}
    places_after = {i["service"]["name"]: i["id"] for i in ok(client, "/service_at_locations")["contents"]}  # fmt: skip
    assert after == before and places_after == places_before
    assert len(set(before.values())) == len(before)


def test_the_openapi_document_describes_every_path_and_each_answers(client, directory):
    document = ok(client, "/openapi.json")
    assert document["openapi"].startswith("3.1")
    samples = {
        "/services/{id}": ok(client, "/services")["contents"][0]["id"],
        "/organizations/{id}": ok(client, "/organizations")["contents"][0]["id"],
        "/service_at_locations/{id}": ok(client, "/service_at_locations")["contents"][0]["id"],
        "/taxonomies/{id}": ok(client, "/taxonomies")["contents"][0]["id"],
        "/taxonomy_terms/{id}": ok(client, "/taxonomy_terms")["contents"][0]["id"],
    }
    assert set(document["paths"]) == {
        "/", "/services", "/organizations", "/service_at_locations", "/taxonomies",
        "/taxonomy_terms", *samples,
    }  # fmt: skip
    for path in document["paths"]:
        concrete = path.replace("{id}", samples.get(path, ""))
        assert get(client, concrete).status_code == 200, path
    listed = {p["name"] for p in document["paths"]["/services"]["get"]["parameters"]}
    assert {"search", "taxonomy_term_id", "organization_id", "modified_after", "day",
            "start_time", "end_time", "page", "per_page"} <= listed  # fmt: skip
