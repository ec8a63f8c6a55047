"""User-led groups and peer-support listings, under directory index pages."""

import uuid

from django import forms
from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from core.choices import WhoFor
from core.dates import SaneDatesMixin
from core.email_addresses import validate_deliverable_email
from core.geography import Region
from core.models import BasePage
from groups.schedule import FIELDS as SCHEDULE_FIELDS
from groups.schedule import Frequency, Weekday, WeekOfMonth, clean_schedule, schedule_of


class Activity(models.TextChoices):
    PEER_SUPPORT = "peer_support", "Peer support"
    CAMPAIGNING = "campaigning", "Campaigning and influencing"
    CREATIVE = "creative", "Arts and creativity"
    SOCIAL = "social", "Social activities"
    ADVOCACY = "advocacy", "Advocacy"
    TRAINING = "training", "Training and learning"


ACTIVITY_FIELDS = {activity: f"does_{activity.value}" for activity in Activity}


class SupportType(models.TextChoices):
    GROUP = "group", "Group meeting"
    ONE_TO_ONE = "one_to_one", "One to one"
    DROP_IN = "drop_in", "Drop-in"
    ONLINE_COMMUNITY = "online_community", "Online community"
    PHONE = "phone", "Phone or text line"


class DirectoryIndexPage(BasePage):
    """A directory listing (groups, or peer support) with search, filters and distance."""

    template = "pages/groups/directory_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["groups.GroupPage", "groups.PeerSupportPage"]

    class Kind(models.TextChoices):
        GROUPS = "groups", "User-led groups"
        PEER_SUPPORT = "peer_support", "Peer support"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GROUPS)
    introduction = models.TextField(blank=True)
    content_panels = [*BasePage.content_panels, FieldPanel("kind"), FieldPanel("introduction")]

    class Meta:
        verbose_name = "directory"

    def listing_model(self):
        return PeerSupportPage if self.kind == self.Kind.PEER_SUPPORT else GroupPage

    def serve(self, request, *args, **kwargs):
        from groups.page_views import directory_view  # page_views imports these models

        context = self.get_context(request, *args, **kwargs)
        listing, status = directory_view(request, directory=self)
        context.update(listing)
        return TemplateResponse(request, self.get_template(request), context, status=status)


class Listing(SaneDatesMixin, BasePage):
    """What groups and peer-support listings share: place, topics, access and last checked."""

    sane_date_fields = {"last_checked": "last checked date"}
    # Miles from the searcher's postcode, set on search results (groups.selectors); a class
    # default so cards elsewhere do not pay for Django's slow failed-lookup path.
    distance_miles = None
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    description = models.TextField("what it is and what it does")
    topics = ParentalManyToManyField("core.Topic", blank=True, related_name="+")
    communities = ParentalManyToManyField("core.Community", blank=True, related_name="+")
    online = models.BooleanField("meets online", default=False)
    in_person = models.BooleanField("meets in person", default=True)
    venue = models.TextField("venue name and address", blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    region = models.CharField(max_length=20, choices=Region.choices, blank=True)
    accessibility = models.TextField("access", blank=True)
    contact_email = models.EmailField(blank=True, validators=[validate_deliverable_email])
    contact_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    last_checked = models.DateField(default=timezone.localdate)
    check_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    place_panels = [
        FieldRowPanel([FieldPanel("in_person"), FieldPanel("online")]),
        FieldPanel("venue"),
        FieldRowPanel([FieldPanel("postcode"), FieldPanel("region")]),
    ]
    contact_panels = [
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
        FieldPanel("website"),
        FieldPanel("last_checked"),
    ]

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def portal_edit_url(self):
        return reverse("listing_check", args=[self.pk])


class GroupPage(Listing):
    """A user-led group: run by and for people with lived experience."""

    template = "pages/groups/group_page.html"
    parent_page_types = ["groups.DirectoryIndexPage"]
    subpage_types = []
    # Only peer-support listings have a regular time; the shared card asks every listing.
    has_schedule = False

    area_served = models.CharField(max_length=200, blank=True)
    meeting_details = models.TextField("when and how you meet", blank=True)
    led_by_lived_experience = models.BooleanField(
        "this group is led by people with lived experience", default=False
    )
    does_peer_support = models.BooleanField(Activity.PEER_SUPPORT.label, default=False)
    does_campaigning = models.BooleanField(Activity.CAMPAIGNING.label, default=False)
    does_creative = models.BooleanField(Activity.CREATIVE.label, default=False)
    does_social = models.BooleanField(Activity.SOCIAL.label, default=False)
    does_advocacy = models.BooleanField(Activity.ADVOCACY.label, default=False)
    does_training = models.BooleanField(Activity.TRAINING.label, default=False)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("description"),
        FieldPanel("area_served"),
        FieldPanel("led_by_lived_experience"),
        MultiFieldPanel([FieldPanel(name) for name in ACTIVITY_FIELDS.values()], "Activities"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("communities", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([*Listing.place_panels, FieldPanel("meeting_details")], "Where and when"),
        FieldPanel("accessibility"),
        MultiFieldPanel(Listing.contact_panels, "Contact"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("description"),
        index.SearchField("area_served"),
    ]

    class Meta:
        verbose_name = "user-led group"

    @property
    def activities(self):
        return [activity.label for activity, name in ACTIVITY_FIELDS.items() if getattr(self, name)]


class PeerSupportPage(Listing):
    """A peer-support session or service, with its recurring schedule."""

    sane_date_fields = {**Listing.sane_date_fields, "dtstart": "date of a session"}
    template = "pages/groups/peer_support_page.html"
    parent_page_types = ["groups.DirectoryIndexPage"]
    subpage_types = []

    support_type = models.CharField(max_length=20, choices=SupportType.choices)
    group = models.ForeignKey(
        GroupPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        help_text="The user-led group that runs it, if it is listed here. Its admins can edit it.",
    )
    run_by = models.CharField("run by", max_length=200, blank=True)
    who_for = models.CharField(max_length=20, choices=WhoFor.choices, default=WhoFor.BOTH)
    day_of_week = models.PositiveSmallIntegerField(choices=Weekday.choices, null=True, blank=True)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY, blank=True
    )
    week_of_month = models.SmallIntegerField(
        "which week of the month",
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text="For monthly meetings: for example the first Tuesday.",
    )
    dtstart = models.DateField(
        "date of a session",
        null=True,
        blank=True,
        help_text="For meetings every two weeks, so calendars show the right weeks: any past "
        "session, or the first one if it has not started yet.",
    )
    cost = models.CharField(max_length=100, default="Free")
    how_to_join = models.TextField(blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("support_type"), FieldPanel("who_for"), FieldPanel("run_by")]),
        FieldPanel("group"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("communities", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("day_of_week"),
                        FieldPanel("frequency"),
                        FieldPanel("week_of_month"),
                        FieldPanel("dtstart"),
                    ]
                ),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                *Listing.place_panels,
            ],
            "When and where",
        ),
        FieldPanel("cost"),
        FieldPanel("how_to_join"),
        FieldPanel("accessibility"),
        MultiFieldPanel(Listing.contact_panels, "Contact"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("description")]

    class Meta:
        verbose_name = "peer-support listing"

    def clean(self):
        """Checks the schedule (groups.schedule.clean_schedule) for the CMS and the front-end
        form alike: Wagtail's page editor and Django's ModelForm both call this."""
        super().clean()
        values = {name: getattr(self, name) for name in SCHEDULE_FIELDS}
        for name, value in clean_schedule(values).items():
            setattr(self, name, value)

    @property
    def schedule(self):
        """The complete regular time (groups.schedule.Schedule), or None."""
        return schedule_of(self)

    @property
    def has_schedule(self):
        return self.schedule is not None


class GroupAdministrator(models.Model):
    """Someone who may edit a group's listing and its peer-support sessions from the site.

    The person who lists a group becomes its first administrator. Every change they make still
    goes to NSUN staff for approval before it is published.
    """

    group = models.ForeignKey(GroupPage, on_delete=models.CASCADE, related_name="administrators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="groups_administered"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_administrator_row_each")
        ]

    def __str__(self):
        return f"{self.user} administers {self.group}"

    @property
    def email(self):
        return self.user.email
