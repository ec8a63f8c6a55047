from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from core.blocks import FooterPageLinkBlock
from core.email_addresses import validate_deliverable_email
from core.geography import Place, Region


class BasePage(Page):
    """Fields every public page shares: a short plain-language summary for listings and sharing."""

    listing_summary = models.CharField(
        max_length=255,
        blank=True,
        help_text="One or two plain sentences shown in lists, search results and link previews.",
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("listing_summary"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("listing_summary")]

    class Meta:
        abstract = True

    @property
    def summary_for_sharing(self):
        return self.search_description or self.listing_summary

    def get_view_restrictions(self):
        """Wagtail's restrictions on this page and its ancestors (a queryset), asked every time a
        page is served (two queries); while the site has none at all, no query is needed."""
        from core.caching import cached_for_content  # core.caching imports these models

        if not cached_for_content("any-view-restriction", PageViewRestriction.objects.exists):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class TaxonomyTerm(models.Model):
    """A curated term that people, groups and opportunities are tagged with."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    description = models.CharField(max_length=255, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)


class Topic(TaxonomyTerm):
    """What something is about: crisis care, housing, the Mental Health Act..."""


class Community(TaxonomyTerm):
    """Who something is for or led by: LGBTQ+ people, carers, Deaf people..."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name_plural = "communities"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(
        max_length=120, default="National Survivor User Network (NSUN)"
    )
    contact_email = models.EmailField(blank=True, validators=[validate_deliverable_email])
    contact_phone = models.CharField(max_length=40, blank=True)
    postal_address = models.TextField(blank=True)
    charity_number = models.CharField(max_length=40, blank=True)
    bluesky_url = models.URLField("Bluesky", blank=True)
    facebook_url = models.URLField("Facebook", blank=True)
    instagram_url = models.URLField("Instagram", blank=True)
    linkedin_url = models.URLField("LinkedIn", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)
    footer_links = StreamField(
        [("page", FooterPageLinkBlock())],
        blank=True,
        help_text="Pages linked at the bottom of every page, such as privacy and accessibility.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("charity_number"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("postal_address"),
            ],
            heading="Organisation and contact",
        ),
        MultiFieldPanel(
            [
                FieldPanel("bluesky_url"),
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("linkedin_url"),
                FieldPanel("youtube_url"),
            ],
            heading="Social media",
        ),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = "site settings"
        # Belongs to core so that no staff screen depends on another app (core/staff.py).
        permissions = [("nsun_staff", "Is NSUN staff: sees the staff screens and reports")]

    @classmethod
    def for_site(cls, site):
        """The settings for `site`, from the in-memory cache (core/caching.py), with
        `footer_page_links`: [(label, url)] for the live pages the footer links to."""
        from core.caching import cached_for_content  # core.caching imports these models

        def load():
            settings = super(SiteSettings, cls).for_site(site)
            settings.footer_page_links = [
                (link.value["label"] or link.value["page"].title, link.value["page"].url)
                for link in settings.footer_links
                if link.value["page"] is not None and link.value["page"].live
            ]
            return settings

        return cached_for_content(f"site-settings:{site.pk}", load)

    @property
    def social_links(self):
        links = [
            ("Bluesky", self.bluesky_url),
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("LinkedIn", self.linkedin_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]


class PostcodeLocation(models.Model):
    """Cached result of a postcode lookup, so each postcode is looked up once."""

    postcode = models.CharField(max_length=8, unique=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    region = models.CharField(max_length=20, choices=Region.choices, blank=True)
    district = models.CharField(max_length=100, blank=True)
    looked_up_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["postcode"]

    def __str__(self):
        return self.postcode

    def as_place(self):
        return Place(
            postcode=self.postcode,
            latitude=self.latitude,
            longitude=self.longitude,
            region=self.region,
            district=self.district,
        )
