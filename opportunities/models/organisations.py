import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from core.email_addresses import validate_deliverable_email
from core.models import BasePage
from opportunities.models.choices import OrganisationType


class OrganisationIndexPage(BasePage):
    """The list of organisations that advertise involvement."""

    template = "pages/opportunities/organisation_index_page.html"
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["opportunities.OrganisationPage"]

    introduction = models.TextField(blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "organisation index page"

    def get_context(self, request, *args, **kwargs):
        from opportunities.selectors import organisations_listed  # selectors import models

        context = super().get_context(request, *args, **kwargs)
        context["organisations"] = organisations_listed()
        return context


class OrganisationPage(BasePage):
    """An organisation that advertises involvement roles; its opportunities are its children.

    Nothing it posts can be published until NSUN staff have verified it.
    """

    template = "pages/opportunities/organisation_page.html"
    parent_page_types = ["opportunities.OrganisationIndexPage"]
    subpage_types = ["opportunities.OpportunityPage"]

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation_type = models.CharField(max_length=20, choices=OrganisationType.choices)
    description = models.TextField("what the organisation does", blank=True)
    website = models.URLField(blank=True)
    registered_number = models.CharField(
        "registered charity or company number", max_length=40, blank=True
    )
    involvement_policy = models.TextField(
        blank=True, help_text="How the organisation involves people with lived experience."
    )
    payment_policy = models.TextField(
        blank=True, help_text="What it pays for involvement, and how quickly."
    )
    contact_email = models.EmailField(blank=True, validators=[validate_deliverable_email])
    verified = models.BooleanField(
        default=False,
        help_text="Checked by NSUN staff. Only verified organisations can publish opportunities.",
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("organisation_type"),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldPanel("registered_number"),
        FieldPanel("contact_email"),
        FieldPanel("involvement_policy"),
        FieldPanel("payment_policy"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("description")]

    class Meta:
        verbose_name = "organisation"

    @property
    def portal_edit_url(self):
        return reverse("portal:organisation", args=[self.pk])

    def with_content_json(self, content):
        # Verification is set by staff actions, never by publishing a revision someone wrote.
        page = super().with_content_json(content)
        page.verified = self.verified
        page.verified_at = self.verified_at
        return page


class OrganisationMembership(models.Model):
    """A person who can write opportunities and handle interest for an organisation."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Administrator (can add people)"
        MEMBER = "member", "Member"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    organisation = models.ForeignKey(
        OrganisationPage, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_each")
        ]

    def __str__(self):
        return f"{self.user} at {self.organisation}"
