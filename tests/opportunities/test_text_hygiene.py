"""Text typed into the portal is stored so that every output can carry it (core.text)."""

import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opportunities.models import OpportunityPage
from tests.core.test_text_hygiene import NASTY, xml_round_trip
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# A browser cannot send lone surrogates; everything else in NASTY it can.
TYPED = st.lists(
    st.one_of(
        st.text(st.characters(exclude_categories=["Cs"]), max_size=10),
        st.sampled_from([c for c in NASTY if not 0xD800 <= ord(c) <= 0xDFFF]),
    ),
    max_size=8,
).map("".join)


def write_role(client, organisation, title, summary):
    return client.post(
        f"/portal/organisations/{organisation.pk}/opportunities/new/",
        {
            "title": title,
            "summary": summary,
            "role_type": "consultant",
            "level": "strategic",
            "who_for": "both",
        },
    )


@pytest.mark.both_databases
def test_a_vertical_tab_typed_in_the_portal_does_not_break_the_feed(
    client, make_organisation, opportunity_index
):
    poster = UserFactory()
    organisation = make_organisation(members=[poster])
    client.force_login(poster)

    write_role(client, organisation, "Peer reviewer\u000bpaid role", "Read\u000cpapers.\u2028Paid.")

    opportunity = OpportunityPage.objects.get()
    assert opportunity.title == "Peer reviewer\npaid role"
    assert opportunity.summary == "Read\npapers.\nPaid."
    opportunity.save_revision().publish()
    response = client.get("/opportunities/feed/")
    assert response.status_code == 200
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Peer reviewer\npaid role"


@pytest.mark.both_databases
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TYPED, summary=TYPED)
def test_anything_typed_in_the_portal_is_stored_so_the_feed_still_works(
    client, make_organisation, opportunity_index, title, summary
):
    OpportunityPage.objects.all().delete()
    poster = UserFactory()
    organisation = make_organisation(members=[poster])
    client.force_login(poster)

    response = write_role(client, organisation, title, summary)

    assert response.status_code < 500
    for opportunity in OpportunityPage.objects.all():
        assert xml_round_trip(opportunity.title) == opportunity.title
        assert xml_round_trip(opportunity.summary) == opportunity.summary
        opportunity.save_revision().publish()
    feed = client.get("/opportunities/feed/")
    assert feed.status_code == 200
    ET.fromstring(feed.content)
