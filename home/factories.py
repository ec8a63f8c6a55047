"""Standard pages, guides and resources, for tests and the demo seed."""

import factory

from core.factories import LivePageFactory, in_section
from home.models import ResourcePage, ResourceType, StandardPage


class StandardPageFactory(LivePageFactory):
    """A page of text; pass `parent=` (the home page, usually). `body` takes what a StreamField
    takes: core.blocks.BodyBlock's blocks, or (type, value) pairs."""

    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"About us {n}")
    listing_summary = "What this page is about, in a sentence."
    introduction = factory.LazyAttribute(lambda page: f"<p>{page.listing_summary}</p>")


class ResourcePageFactory(LivePageFactory):
    """A guide for people with lived experience under the resources section, linking to NSUN's
    site (a resource needs a link or a document). `topics=` takes a list of terms."""

    class Meta:
        model = ResourcePage

    _parental_m2m = ("topics",)

    parent = in_section("home.ResourceIndexPage")
    title = factory.Sequence(lambda n: f"Guide {n}")
    summary = "What it is and who it helps, in plain words."
    resource_type = ResourceType.GUIDE
    external_url = "https://www.nsun.org.uk/"
