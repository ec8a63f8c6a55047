from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
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
        InlinePanel("featured_resources", label="Featured resources", max_num=6),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]

    def get_context(self, request, *args, **kwargs):
        from home.selectors import home_page_context  # selectors import these models

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_context(self))
        return context

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


class ResourceType(models.TextChoices):
    GUIDE = "guide", "Guide"
    TOOLKIT = "toolkit", "Toolkit"
    REPORT = "report", "Report"
    STANDARD = "standard", "Standard"
    TEMPLATE = "template", "Template"
    VIDEO = "video", "Video"
    LINK = "link", "Website"


class Audience(models.TextChoices):
    LIVED_EXPERIENCE = "lived_experience", "People with lived experience"
    GROUPS = "groups", "Groups"
    ORGANISATIONS = "organisations", "Organisations"


AUDIENCE_FIELDS = {
    Audience.LIVED_EXPERIENCE: "for_lived_experience",
    Audience.GROUPS: "for_groups",
    Audience.ORGANISATIONS: "for_organisations",
}


class ResourceIndexPage(BasePage):
    """The resource library: every resource, with filters and search."""

    template = "pages/home/resource_index_page.html"
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ResourcePage"]

    introduction = models.TextField(blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "resource library"

    def serve(self, request, *args, **kwargs):
        from home.page_views import resource_library_view  # page_views imports these models

        context = self.get_context(request, *args, **kwargs)
        library, status = resource_library_view(request, library=self)
        context.update(library)
        return TemplateResponse(request, self.get_template(request), context, status=status)


class ResourcePage(BasePage):
    """A guide, toolkit or link curated by NSUN staff, summarised in our own words."""

    template = "pages/home/resource_page.html"
    parent_page_types = ["home.ResourceIndexPage"]
    subpage_types = []

    summary = models.TextField(help_text="What it is and who it helps, in plain words of our own.")
    resource_type = models.CharField("type", max_length=20, choices=ResourceType.choices)
    topics = ParentalManyToManyField("core.Topic", blank=True, related_name="resources")
    for_lived_experience = models.BooleanField(Audience.LIVED_EXPERIENCE.label, default=True)
    for_groups = models.BooleanField(Audience.GROUPS.label, default=False)
    for_organisations = models.BooleanField(Audience.ORGANISATIONS.label, default=False)
    publisher = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    external_url = models.URLField("link", blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    easy_read_url = models.URLField("easy read version (link)", blank=True)
    easy_read_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="easy read version (document)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("resource_type"), FieldPanel("publisher"), FieldPanel("year")]),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("for_lived_experience"),
                FieldPanel("for_groups"),
                FieldPanel("for_organisations"),
            ],
            heading="Who it is for",
        ),
        MultiFieldPanel(
            [FieldPanel("external_url"), FieldPanel("document")], heading="Where to find it"
        ),
        MultiFieldPanel(
            [FieldPanel("easy_read_url"), FieldPanel("easy_read_document")], heading="Easy read"
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("publisher"),
        index.FilterField("resource_type"),
    ]

    class Meta:
        verbose_name = "resource"

    def clean(self):
        super().clean()
        if not self.external_url and not self.document_id:
            raise ValidationError("Give a link or choose a document, so people can reach it.")

    @property
    def audiences(self):
        return [audience.label for audience, name in AUDIENCE_FIELDS.items() if getattr(self, name)]


class HomeFeaturedResource(Orderable):
    """A resource editors choose to show on the home page."""

    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_resources")
    resource = models.ForeignKey(ResourcePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("resource")]
