"""Text hygiene: nothing stored can break XML, CSV, JSON or iCalendar output, and every output
still answers for text saved before the rule (a row written straight to the database)."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

import pytest
from django.core.management import call_command
from django.utils.xmlutils import SimplerXMLGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.csv_export import csv_response
from core.models import Topic
from core.text import clean_text
from home.models import StandardPage
from opportunities.models import OpportunityPage

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# What word processors, terminals and broken encoders put into text people paste.
NASTY = "\x00\x01\x08\x0b\x0c\x0e\x1f\x7f\x80\x85\x9f\r\ud800\udfff\ufdd0\ufffe\uffff\U0001fffe"
NASTY_TEXT = st.lists(
    st.one_of(st.text(max_size=10), st.sampled_from(list(NASTY)), st.sampled_from(["\r\n"])),
    max_size=8,
).map("".join)


def xml_round_trip(text):
    """What an XML 1.0 parser reads back from `text` written as element content."""
    document = f"<a>{escape(text)}</a>".encode()
    return ET.fromstring(document).text or ""


@settings(max_examples=200, deadline=None)
@given(NASTY_TEXT)
def test_clean_text_is_always_xml_1_0_and_loses_only_what_xml_cannot_carry(text):
    cleaned = clean_text(text)

    SimplerXMLGenerator(io.StringIO()).characters(cleaned)  # Django's feeds refuse controls
    assert xml_round_trip(cleaned) == cleaned
    assert clean_text(cleaned) == cleaned
    ordinary = "".join(c for c in text if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF)
    kept = "".join(c for c in cleaned if c.isprintable())
    assert kept == "".join(c for c in ordinary if c not in "\ufdd0\ufffe\uffff\U0001fffe")


def test_line_breaks_of_every_kind_become_newlines():
    assert clean_text("a\r\nb\rc\x0bd\x0ce\x85f\u2028g\u2029h\ti") == "a\nb\nc\nd\ne\nf\ng\nh\ti"


def test_a_snippet_a_rich_text_field_and_a_streamfield_are_cleaned_when_saved(home_page):
    topic = Topic.objects.create(name="Housing\x0b and\x00 benefits\ufffe")
    page = StandardPage(
        title="About\x0bus",
        introduction="<p>Hello\x0bthere\x01</p>",
        body=[("paragraph", "<p>One\x0btwo\x7f</p>")],
    )
    home_page.add_child(instance=page)
    revision = page.save_revision()

    topic.refresh_from_db()
    page.refresh_from_db()
    assert topic.name == "Housing\n and benefits"
    assert page.title == "About\nus"
    assert page.introduction == "<p>Hello\nthere</p>"
    assert page.body.raw_data[0]["value"] == "<p>One\ntwo</p>"
    assert "\\u000b" not in json.dumps(revision.content)


def write_straight_to_the_database(model, pk, **fields):  # also used by tests/groups
    """A row saved before text was cleaned: no model code runs."""
    assert model.objects.filter(pk=pk).update(**fields) == 1


def test_the_atom_and_json_feeds_survive_control_characters_already_stored(
    client, opportunity_index, make_organisation, make_opportunity
):
    opportunity = make_opportunity(make_organisation(), "Peer reviewer")
    write_straight_to_the_database(
        OpportunityPage,
        opportunity.pk,
        title="Peer reviewer\x0bpaid role\x1b",
        summary="Read papers\x0c\ufffe and say\x85what you think.",
    )

    atom = client.get("/opportunities/feed/")
    assert atom.status_code == 200
    entry = ET.fromstring(atom.content).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title").split() == ["Peer", "reviewer", "paid", "role"]
    assert "Read papers" in entry.findtext(f"{ATOM}summary")
    feed = client.get("/opportunities/feed.json")
    assert feed.status_code == 200
    assert feed.json()["items"][0]["title"].startswith("Peer reviewer")
    assert client.get(opportunity.url).status_code == 200
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    ET.fromstring(sitemap.content)


def test_csv_cells_carry_no_control_characters():
    response = csv_response("x.csv", [["Name\x0bhere\x00\x1b", "=1+1", "two\r\nlines"]])

    rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    assert rows == [["Name\x0bhere", "'=1+1", "two\r\nlines"]]


@pytest.mark.both_databases
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=NASTY_TEXT, summary=NASTY_TEXT)
def test_any_text_imported_is_stored_so_the_atom_feed_still_works(
    client, opportunity_index, organisation_index, tmp_path, title, summary
):
    record = {
        "external_id": "any-text",
        "organisation": "Any Text Trust",
        "title": title or "t",
        "summary": summary or "s",
        "role_type": "consultant",
        "level": "strategic",
        "who_for": "carers",
        "format": "online",
        "rolling": True,
    }
    path = tmp_path / "any.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    try:
        call_command("import_opportunities", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    except Exception as error:  # a refused line is fine; a traceback is not
        assert type(error).__name__ == "CommandError", error

    response = client.get("/opportunities/feed/")
    assert response.status_code == 200
    ET.fromstring(response.content)
    for opportunity in OpportunityPage.objects.filter(external_id="any-text"):
        assert xml_round_trip(opportunity.title) == opportunity.title
        assert xml_round_trip(opportunity.summary) == opportunity.summary
