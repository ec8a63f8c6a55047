from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.blocks import BodyBlock
from core.models import BasePage


class HomePage(BasePage):
    """The front door: what the network is for and where to go next."""

    template = "pages/home/home_page.html"
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    introduction = RichTextField(features=["bold", "italic", "link"], blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]

    class Meta:
        verbose_name = "home page"


class StandardPage(BasePage):
    """A page of prose: about us, guides, policies."""

    template = "pages/home/standard_page.html"

    introduction = RichTextField(features=["bold", "italic", "link"], blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = "standard page"
