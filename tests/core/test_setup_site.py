"""A fresh install: migrate, setup_site, then the first import works and links name the real host."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Site

from core.sections import declared_sections
from groups.models import DirectoryIndexPage
from home.models import ResourceIndexPage
from opportunities.models import OpportunityIndexPage, OpportunityPage, OrganisationIndexPage
from tests.members.factories import UserFactory

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
SECTION_MODELS = (
    OrganisationIndexPage,
    OpportunityIndexPage,
    DirectoryIndexPage,
    ResourceIndexPage,
)


def section_count():
    return sum(model.objects.count() for model in SECTION_MODELS)


@pytest.mark.django_db
def test_a_freshly_migrated_site_cannot_import_and_says_what_to_run():
    """Migrations make only the home page; the import says what to run, in one line."""
    assert section_count() == 0
    with pytest.raises(CommandError, match="setup_site"):
        call_command("import_opportunities", str(EXAMPLES / "opportunities.jsonl"))
    assert not OpportunityPage.objects.exists()


@pytest.mark.django_db
def test_setup_site_makes_every_section_once_and_the_first_import_works(client, capsys):
    call_command("setup_site")
    first = capsys.readouterr().out
    assert section_count() == len(declared_sections()) == 5
    assert "5 new" in first
    call_command("setup_site")
    assert "already there" in capsys.readouterr().out
    assert section_count() == 5

    for path in ["/organisations/", "/opportunities/", "/groups/", "/peer-support/", "/resources/"]:
        assert client.get(path).status_code == 200, path
    navigation = client.get("/").content.decode()
    assert 'href="/opportunities/"' in navigation and 'href="/resources/"' in navigation

    call_command("import_opportunities", str(EXAMPLES / "opportunities.jsonl"))
    assert OpportunityPage.objects.live().exists()


@pytest.mark.django_db
def test_setup_site_keeps_what_editors_changed():
    call_command("setup_site")
    section = OpportunityIndexPage.objects.get()
    section.title = "Get involved"
    section.save_revision().publish()
    call_command("setup_site")
    assert OpportunityIndexPage.objects.get().title == "Get involved"
    assert section_count() == 5


@pytest.mark.django_db
def test_links_and_the_sitemap_name_the_host_in_site_url(client):
    call_command("setup_site", site_url="https://network.example.org")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("network.example.org", 443)
    home = client.get("/").content.decode()
    assert '<link rel="canonical" href="https://network.example.org/">' in home
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "https://network.example.org/opportunities/" in sitemap
    assert "localhost" not in sitemap


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address", ["network.example.org", "ftp://network.example.org", "https://"]
)
def test_a_site_url_without_a_host_is_refused_plainly(address):
    with pytest.raises(CommandError, match="SITE_URL must be an address like"):
        call_command("setup_site", site_url=address)


@pytest.mark.django_db
def test_registering_an_organisation_before_setup_keeps_what_was_typed(client):
    client.force_login(UserFactory())
    response = client.post(
        "/portal/organisations/register/",
        {"title": "Riverside Voices", "organisation_type": "user_led", "description": "We meet."},
    )
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "not open yet" in html
    assert "Riverside Voices" in html
    assert Page.objects.filter(title="Riverside Voices").count() == 0


@pytest.mark.django_db
def test_setup_site_finds_sections_an_editor_renamed_or_moved_instead_of_making_more():
    call_command("setup_site")
    section = OpportunityIndexPage.objects.get()
    section.title, section.slug = "Get involved", "get-involved"
    section.save_revision().publish()
    call_command("setup_site")
    assert OpportunityIndexPage.objects.count() == 1
    assert section_count() == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    ["https://network.example.org/some/path", "https://network.example.org:99999",
     "https://network.example.org:notaport", "https://network.example.org/?x=1"],
)  # fmt: skip
def test_a_wrong_site_url_creates_nothing(address):
    with pytest.raises(CommandError, match="SITE_URL must be an address like"):
        call_command("setup_site", site_url=address)
    assert section_count() == 0


@pytest.mark.django_db
def test_spaces_around_site_url_are_ignored():
    call_command("setup_site", site_url="  https://network.example.org  ")
    assert Site.objects.get(is_default_site=True).hostname == "network.example.org"


def test_commands_on_a_database_not_yet_migrated_say_so_in_one_line(tmp_path):
    """An empty SQLite file: every command that needs the tables says to migrate, no traceback."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "network.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "ELASTICSEARCH_URL": "",
    }
    repo = Path(__file__).resolve().parents[2]
    for command in [
        ["setup_site"],
        ["import_opportunities", "docs/examples/opportunities.jsonl"],
        ["seed_demo", "--if-empty"],
        ["daily_jobs"],
    ]:
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=repo, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode != 0, command
        assert "Traceback" not in result.stderr, result.stderr[-2000:]
        assert "manage.py migrate" in result.stderr, command
