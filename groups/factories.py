"""User-led groups and peer-support sessions, for tests, the demo seed and the benchmarks."""

import factory

from core.factories import LivePageFactory
from core.sections import SiteNotSetUp
from groups.models import DirectoryIndexPage, GroupPage, PeerSupportPage, SupportType


def directory(kind):
    """The live directory section of this kind (DirectoryIndexPage.Kind). Raises SiteNotSetUp
    when `setup_site` has not made it."""
    page = DirectoryIndexPage.objects.filter(kind=kind).order_by("path").first()
    if page is None:
        raise SiteNotSetUp(
            f"The site has no {kind} directory yet: run `manage.py setup_site` once, then try again."
        )
    return page


class GroupPageFactory(LivePageFactory):
    """A user-led group meeting in person (no postcode, so nothing is geocoded) under the
    groups directory. `topics=` and `communities=` take lists of terms."""

    class Meta:
        model = GroupPage

    _parental_m2m = ("topics", "communities")

    parent = factory.LazyFunction(lambda: directory(DirectoryIndexPage.Kind.GROUPS))
    title = factory.Sequence(lambda n: f"Group {n}")
    description = "A group run by and for people with lived experience."
    does_peer_support = True


class PeerSupportPageFactory(LivePageFactory):
    """A weekly peer-support session under the peer-support directory."""

    class Meta:
        model = PeerSupportPage

    _parental_m2m = ("topics", "communities")

    parent = factory.LazyFunction(lambda: directory(DirectoryIndexPage.Kind.PEER_SUPPORT))
    title = factory.Sequence(lambda n: f"Peer support session {n}")
    description = "A peer-support session: come as you are."
    support_type = SupportType.GROUP
