"""The embedded engine keeps open opportunities' facts between requests; every change people
would notice (publish, edit, close, unpublish, an organisation's new name) shows at once."""

import pytest

from opportunities.services import opportunity_close
from search.matching.engines import EmbeddedEngine
from search.matching.profile import MatchProfile

pytestmark = pytest.mark.django_db


def titles():
    return [match.facts.title for match in EmbeddedEngine().match(MatchProfile(), limit=50)]


def organisations():
    return {match.facts.organisation for match in EmbeddedEngine().match(MatchProfile())}


def test_changes_reach_the_embedded_engine_straight_away(make_organisation, make_opportunity):
    organisation = make_organisation("Harbour Trust")
    first = make_opportunity(organisation, title="First role")
    assert titles() == ["First role"]

    second = make_opportunity(organisation, title="Second role")
    assert sorted(titles()) == ["First role", "Second role"]

    first.title = "First role, renamed"
    first.save_revision().publish()
    assert sorted(titles()) == ["First role, renamed", "Second role"]

    opportunity_close(opportunity=second)
    assert titles() == ["First role, renamed"]

    organisation.title = "Harbour Mental Health Trust"
    organisation.save_revision().publish()
    assert organisations() == {"Harbour Mental Health Trust"}

    first.unpublish()
    assert titles() == []
