"""The resource library, document downloads and uploads, site search, and the error pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from wagtail.documents import get_document_model

from core.models import Topic
from home.models import ResourceIndexPage, ResourcePage, StandardPage
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_page):
    page = ResourceIndexPage(title="Guides and resources", slug="resources")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def resources(library):
    benefits = Topic.objects.create(name="Welfare benefits")
    research = Topic.objects.create(name="Research")

    def add(title, kind, topics=(), **fields):
        resource = ResourcePage(
            title=title,
            summary=fields.pop("summary", f"About {title.lower()}."),
            resource_type=kind,
            external_url=fields.pop("external_url", "https://example.org/"),
            **fields,
        )
        library.add_child(instance=resource)
        resource.topics.set(topics)
        resource.save_revision().publish()
        return resource

    return {
        "payment": add(
            "Payment guidance", "guide", [benefits, research], publisher="NIHR",
            summary="How fees and expenses affect benefits.", for_organisations=True,
        ),
        "standards": add("Involvement standards", "standard", [research], for_groups=True),
        "toolkit": add(
            "Influence toolkit", "toolkit", for_lived_experience=False, for_organisations=True
        ),
        "topics": {"benefits": benefits, "research": research},
    }  # fmt: skip


def listed(response):
    return sorted(resource.title for resource in response.context["resources"])


def test_the_library_filters_by_type_topic_and_audience_and_searches_words(client, resources):
    url = "/resources/"
    assert listed(client.get(url)) == [
        "Influence toolkit",
        "Involvement standards",
        "Payment guidance",
    ]
    assert listed(client.get(url, {"resource_type": "guide"})) == ["Payment guidance"]
    assert listed(client.get(url, {"resource_type": ["guide", "toolkit"]})) == [
        "Influence toolkit",
        "Payment guidance",
    ]
    research = resources["topics"]["research"].pk
    assert listed(client.get(url, {"topic": research})) == [
        "Involvement standards",
        "Payment guidance",
    ]
    assert listed(client.get(url, {"audience": "groups"})) == ["Involvement standards"]
    assert listed(client.get(url, {"audience": "organisations", "q": "benefits"})) == [
        "Payment guidance"
    ]
    assert listed(client.get(url, {"q": "NIHR"})) == ["Payment guidance"]
    nothing = client.get(url, {"q": "zebra"})
    assert "Nothing matches all of that" in nothing.content.decode()


@pytest.mark.parametrize(
    ("query", "status"),
    [({"resource_type": "poem"}, 400), ({"q": "x" * 500}, 400), ({"page": "99"}, 404)],
)
def test_bad_library_queries_get_a_clear_answer(client, resources, query, status):
    response = client.get("/resources/", query)
    assert response.status_code == status


def test_documents_download_with_a_safe_type_and_a_file_name(client, library):
    Document = get_document_model()
    document = Document(title="Payment record")
    document.file.save("payment-record.csv", SimpleUploadedFile("x.csv", b"date,amount\n"))
    document.save()
    resource = ResourcePage(
        title="Payment record", summary="A template.", resource_type="template", document=document
    )
    library.add_child(instance=resource)
    resource.save_revision().publish()

    page = client.get(resource.url).content.decode()
    assert "(CSV, 12" in page  # the file type and size are shown before downloading

    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    assert "payment-record" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<script>alert(1)</script>", "is not allowed"),
        ("tool.exe", b"MZ", "is not allowed"),
        ("big.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024), "This file is too big"),
    ],
)
def test_uploads_outside_the_allow_list_or_too_large_are_refused(client, name, content, message):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.post(
        "/cms/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )

    assert response.status_code == 200  # the form again, with the reason
    assert message in response.content.decode()
    assert not get_document_model().objects.filter(title=name).exists()


def test_site_search_finds_each_kind_of_page_and_labels_it(
    client, resources, home_page, make_organisation, make_opportunity
):
    guide = StandardPage(title="Payment and your benefits", slug="payment", introduction="<p>x</p>")
    home_page.add_child(instance=guide)
    guide.save_revision().publish()
    from groups.models import DirectoryIndexPage, GroupPage

    directory = DirectoryIndexPage(title="Groups", slug="groups")
    home_page.add_child(instance=directory)
    directory.save_revision().publish()
    group = GroupPage(title="Payment Peers", description="We talk about money.", in_person=False)
    directory.add_child(instance=group)
    group.save_revision().publish()
    organisation = make_organisation("Payment Advice Collective")
    make_opportunity(organisation, "Payment panel member")

    response = client.get("/search/", {"q": "payment"})

    found = {page.title: label for page, label in response.context["results"]}
    assert found["Payment guidance"] == "Resource"
    assert found["Payment and your benefits"] == "Guide or page"
    assert found["Payment Advice Collective"] == "Organisation"
    assert found["Payment panel member"] == "Opportunity"
    assert found["Payment Peers"] == "Group or peer support"
    assert '<meta name="robots" content="noindex">' in response.content.decode()

    only_resources = client.get("/search/", {"q": "payment", "type": "resource"})
    assert [page.title for page, _ in only_resources.context["results"]] == ["Payment guidance"]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({}, 200),
        ({"q": ""}, 200),
        ({"q": "   "}, 200),
        ({"q": "payment " * 100}, 400),
        ({"q": '"(*&^%$#@!<script>~[]{}\\/ OR AND NOT'}, 200),
        ({"q": "\x00\u202e"}, 400),  # Django refuses null characters, saying so
        ({"q": "payment", "type": "spaceship"}, 400),
        ({"q": "payment", "page": "9999"}, 404),
    ],
)
def test_site_search_never_fails_on_odd_queries(client, resources, query, status):
    response = client.get("/search/", query)
    assert response.status_code == status
    assert "Search the site" in response.content.decode()


@override_settings(DEBUG=False)
def test_404_and_500_pages_help_people_on(client, home_page):
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    html = missing.content.decode()
    assert 'aria-label="Main"' in html and "Need help now?" in html

    from django.test import Client

    erroring = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="tests.core.erroring_urls"):
        broken = erroring.get("/broken/")
    assert broken.status_code == 500
    html = broken.content.decode()
    assert 'aria-label="Main"' in html and "Need help now?" in html and "116 123" in html


@override_settings(DEBUG=False)
def test_a_database_still_locked_after_the_wait_answers_busy_not_500(home_page):
    from django.test import Client

    with override_settings(ROOT_URLCONF="tests.core.erroring_urls"):
        busy = Client(raise_request_exception=False).post("/locked/", {"name": "Sam"})
    assert busy.status_code == 503 and busy["Retry-After"]
    html = busy.content.decode()
    assert "nothing was saved" in html and "go back" in html and "116 123" in html


@override_settings(DEBUG=False)
def test_a_database_that_cannot_be_reached_answers_503_not_500(home_page):
    from django.test import Client

    with override_settings(ROOT_URLCONF="tests.core.erroring_urls"):
        down = Client(raise_request_exception=False).get("/unreachable/")
    assert down.status_code == 503 and int(down["Retry-After"]) > 0
    html = down.content.decode()
    assert "not available just now" in html and "116 123" in html


def test_editors_choose_the_footer_links(client, home_page):
    from wagtail.models import Site

    from core.models import SiteSettings

    privacy = StandardPage(title="Privacy notice", slug="privacy")
    home_page.add_child(instance=privacy)
    privacy.save_revision().publish()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.footer_links = [("page", {"page": privacy, "label": "Your privacy"})]
    settings.save()

    html = client.get("/").content.decode()

    assert '<a href="/privacy/">Your privacy</a>' in html


def test_curators_see_what_needs_doing_and_can_filter_resources(client, resources):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    dashboard = client.get("/cms/")
    assert dashboard.status_code == 200
    assert "What needs doing" in dashboard.content.decode()

    listing = client.get("/cms/resources/", {"resource_type": "toolkit"})
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Influence toolkit" in html and "Payment guidance" not in html


def test_opening_an_address_that_only_takes_a_form_shows_a_page_with_a_way_back(client, home_page):
    from tests.members.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(
        "/account/alerts/save-search/", HTTP_REFERER="http://testserver/opportunities/"
    )
    assert response.status_code == 405 and "POST" in response["Allow"]
    html = response.content.decode()
    assert (
        "This address is for sending a form" in html
        and 'href="http://testserver/opportunities/"' in html
    )
    assert "116 123" in html


def test_a_form_sent_without_its_security_token_gets_a_plain_page(home_page):
    from django.test import Client

    refused = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"login": "a", "password": "b"}
    )
    assert refused.status_code == 403
    html = refused.content.decode()
    assert "Please send that again" in html and "CSRF" not in html and "116 123" in html


def test_the_open_data_api_answers_a_post_with_405(client, home_page):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/api/openreferral/services")
    assert response.status_code == 405 and "GET" in response["Allow"]
