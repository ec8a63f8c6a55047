import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from core.dates import SaneDatesMixin
from core.email_addresses import validate_deliverable_email
from core.geography import Region
from core.models import BasePage
from opportunities.models.choices import (
    AvailabilityChoice,
    FeeUnit,
    Format,
    InvolvementLevel,
    RoleType,
    SupportType,
    WhoFor,
)


class OpportunityIndexPage(BasePage):
    """Where people browse open opportunities. The search app serves it with its filters and
    results (search/wagtail_hooks.py)."""

    template = "pages/opportunities/opportunity_index_page.html"
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    introduction = models.TextField(blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "opportunity index page"


class OpportunityPage(SaneDatesMixin, BasePage):
    """An involvement role with its full role description, as the 4Pi standards ask."""

    template = "pages/opportunities/opportunity_page.html"
    parent_page_types = ["opportunities.OrganisationPage"]
    subpage_types = []
    # Miles from the searcher's postcode, set on search results (search.page_views); a class
    # default so cards elsewhere do not pay for Django's slow failed-lookup path.
    distance_miles = None
    sane_date_fields = {
        "start_date": "start date",
        "end_date": "end date",
        "deadline": "closing date",
    }

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    external_id = models.CharField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="Identifier from the system it was imported from.",
    )

    # What it is for (Purpose)
    summary = models.TextField(
        "summary in plain words", max_length=600, help_text="Two or three short sentences."
    )
    purpose = models.TextField("why this involvement is happening", blank=True)
    can_change = models.TextField("what your involvement can change", blank=True)
    cannot_change = models.TextField("what it cannot change", blank=True)
    expected_outcomes = models.TextField("what we hope will come of it", blank=True)

    # The role (Presence)
    role_type = models.CharField(max_length=30, choices=RoleType.choices)
    level = models.CharField(
        "level of involvement", max_length=30, choices=InvolvementLevel.choices
    )
    topics = ParentalManyToManyField("core.Topic", blank=True, related_name="opportunities")
    communities = ParentalManyToManyField(
        "core.Community", blank=True, related_name="opportunities"
    )
    responsibilities = models.TextField("what you would do", blank=True)
    who_for = models.CharField(max_length=20, choices=WhoFor.choices)
    views_gathered_separately = models.BooleanField(
        "service users' and carers' views are gathered separately", default=False
    )
    places = models.PositiveSmallIntegerField(
        "places for service users or carers",
        null=True,
        blank=True,
        validators=[MaxValueValidator(1000)],
    )

    # When and where
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    time_commitment = models.CharField(
        max_length=200, blank=True, help_text="For example: one 2-hour meeting a month for a year."
    )
    meeting_details = models.TextField("when meetings happen", blank=True)
    meets_weekday_daytime = models.BooleanField("weekday daytimes", default=False)
    meets_weekday_evening = models.BooleanField("weekday evenings", default=False)
    meets_weekend = models.BooleanField("weekends", default=False)
    earliest_start = models.TimeField(
        "earliest start time", null=True, blank=True, help_text="The earliest any meeting starts."
    )
    # Blank only while a draft is being written; the portal asks for it before submitting.
    format = models.CharField(max_length=20, choices=Format.choices, blank=True)
    venue = models.TextField("venue name and address", blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    region = models.CharField(max_length=20, choices=Region.choices, blank=True)

    # Money
    paid = models.BooleanField("this role is paid", default=False)
    fee_amount = models.DecimalField(
        "fee in pounds",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    fee_unit = models.CharField(max_length=10, choices=FeeUnit.choices, blank=True)
    expenses_covered = models.BooleanField("expenses are paid", default=False)
    expenses_travel = models.BooleanField("travel", default=False)
    expenses_childcare = models.BooleanField("childcare", default=False)
    expenses_carer = models.BooleanField("carer or personal assistant costs", default=False)
    travel_booked = models.BooleanField("travel can be booked for you in advance", default=False)
    payment_choice = models.BooleanField(
        "you can choose expenses only or a lower fee", default=False
    )
    vouchers_available = models.BooleanField("vouchers are available instead", default=False)
    days_to_pay = models.PositiveSmallIntegerField(
        "days to pay after each session", null=True, blank=True, validators=[MaxValueValidator(365)]
    )
    benefits_letter = models.BooleanField(
        "a letter for your benefits adviser is available", default=False
    )

    # Support and access (Process)
    support_admin = models.BooleanField(SupportType.ADMIN.label, default=False)
    support_supervision = models.BooleanField(SupportType.SUPERVISION.label, default=False)
    support_emotional = models.BooleanField(SupportType.EMOTIONAL.label, default=False)
    support_peer = models.BooleanField(SupportType.PEER.label, default=False)
    support_training = models.BooleanField(SupportType.TRAINING.label, default=False)
    support_briefing = models.BooleanField(SupportType.BRIEFING.label, default=False)
    papers_days_ahead = models.PositiveSmallIntegerField(
        "papers are sent this many days before meetings",
        null=True,
        blank=True,
        validators=[MaxValueValidator(90)],
    )
    plain_language = models.BooleanField("papers in plain language, no jargon", default=False)
    step_free = models.BooleanField("step-free venue", default=False)
    bsl = models.BooleanField("British Sign Language interpreters", default=False)
    hearing_loop = models.BooleanField("hearing loop", default=False)
    accessibility = models.TextField("other access and reasonable adjustments", blank=True)

    # Applying and afterwards (Process, Impact)
    recruitment = models.TextField("how people are chosen", blank=True)
    feedback = models.TextField("how and when we will tell you what happened", blank=True)
    deadline = models.DateField(null=True, blank=True)
    rolling = models.BooleanField("open until filled (no deadline)", default=False)
    contact_name = models.CharField(max_length=100, blank=True)
    contact_email = models.EmailField(blank=True, validators=[validate_deliverable_email])
    apply_url = models.URLField("apply on the organisation's website", blank=True)

    # Lifecycle beyond Wagtail's draft/moderation/published
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    outcomes_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Kept in step on every save so that search can filter on it in the database.
    check_ratio = models.FloatField("share of the 4Pi checks met", default=0, editable=False)

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("summary"),
                FieldPanel("purpose"),
                FieldPanel("can_change"),
                FieldPanel("cannot_change"),
                FieldPanel("expected_outcomes"),
            ],
            heading="What it is for",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("role_type"), FieldPanel("level")]),
                FieldPanel("responsibilities"),
                FieldRowPanel([FieldPanel("who_for"), FieldPanel("places")]),
                FieldPanel("views_gathered_separately"),
                FieldPanel("topics"),
                FieldPanel("communities"),
            ],
            heading="The role",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("time_commitment"),
                FieldPanel("meeting_details"),
                FieldRowPanel(
                    [
                        FieldPanel("meets_weekday_daytime"),
                        FieldPanel("meets_weekday_evening"),
                        FieldPanel("meets_weekend"),
                    ]
                ),
                FieldPanel("earliest_start"),
                FieldPanel("format"),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("region")]),
            ],
            heading="When and where",
        ),
        MultiFieldPanel(
            [
                FieldPanel("paid"),
                FieldRowPanel([FieldPanel("fee_amount"), FieldPanel("fee_unit")]),
                FieldPanel("expenses_covered"),
                FieldRowPanel(
                    [
                        FieldPanel("expenses_travel"),
                        FieldPanel("expenses_childcare"),
                        FieldPanel("expenses_carer"),
                    ]
                ),
                FieldPanel("travel_booked"),
                FieldPanel("payment_choice"),
                FieldPanel("vouchers_available"),
                FieldPanel("days_to_pay"),
                FieldPanel("benefits_letter"),
            ],
            heading="Money",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("support_admin"),
                        FieldPanel("support_supervision"),
                        FieldPanel("support_emotional"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("support_peer"),
                        FieldPanel("support_training"),
                        FieldPanel("support_briefing"),
                    ]
                ),
                FieldPanel("papers_days_ahead"),
                FieldRowPanel(
                    [
                        FieldPanel("plain_language"),
                        FieldPanel("step_free"),
                        FieldPanel("bsl"),
                        FieldPanel("hearing_loop"),
                    ]
                ),
                FieldPanel("accessibility"),
            ],
            heading="Support and access",
        ),
        MultiFieldPanel(
            [
                FieldPanel("recruitment"),
                FieldPanel("feedback"),
                FieldRowPanel([FieldPanel("deadline"), FieldPanel("rolling")]),
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")]),
                FieldPanel("apply_url"),
            ],
            heading="Applying and afterwards",
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("purpose"),
        index.SearchField("responsibilities"),
        index.FilterField("role_type"),
        index.FilterField("level"),
    ]

    class Meta:
        verbose_name = "involvement opportunity"
        verbose_name_plural = "involvement opportunities"

    def save(self, *args, **kwargs):
        from opportunities import standards  # standards reads the page models

        self.check_ratio = standards.check_ratio(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "check_ratio"}
        return super().save(*args, **kwargs)

    # Derived facts used by pages, checks and search.

    @property
    def organisation(self):
        return self.get_parent().specific

    @property
    def is_closed(self):
        if self.closed_at is not None:
            return True
        return (
            not self.rolling and self.deadline is not None and self.deadline < timezone.localdate()
        )

    @property
    def is_open(self):
        return self.live and not self.is_closed

    @property
    def meeting_times(self):
        chosen = {
            AvailabilityChoice.WEEKDAY_DAYTIME: self.meets_weekday_daytime,
            AvailabilityChoice.WEEKDAY_EVENING: self.meets_weekday_evening,
            AvailabilityChoice.WEEKEND: self.meets_weekend,
        }
        return [value for value, on in chosen.items() if on]

    @property
    def support_offered(self):
        chosen = {
            SupportType.ADMIN: self.support_admin,
            SupportType.SUPERVISION: self.support_supervision,
            SupportType.EMOTIONAL: self.support_emotional,
            SupportType.PEER: self.support_peer,
            SupportType.TRAINING: self.support_training,
            SupportType.BRIEFING: self.support_briefing,
        }
        return [value for value, on in chosen.items() if on]

    @property
    def expenses_list(self):
        names = [
            ("travel", self.expenses_travel),
            ("childcare", self.expenses_childcare),
            ("carer or personal assistant costs", self.expenses_carer),
        ]
        return [name for name, on in names if on]

    @property
    def fee_text(self):
        """'£25 an hour', or 'Unpaid'. Money is never left vague."""
        if not self.paid:
            return "Unpaid"
        if self.fee_amount is None:
            return "Paid (amount not given yet)"
        amount = f"£{self.fee_amount:,.2f}".replace(".00", "")
        unit = FeeUnit(self.fee_unit).label if self.fee_unit else ""
        return f"{amount} {unit}".strip()

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def portal_edit_url(self):
        return reverse("portal:opportunity_edit", args=[self.pk, "role"])

    def with_content_json(self, content):
        # Closing and outcome requests happen outside moderation; a later revision must not undo them.
        page = super().with_content_json(content)
        page.closed_at = self.closed_at
        page.outcomes_requested_at = self.outcomes_requested_at
        return page

    def get_context(self, request, *args, **kwargs):
        from opportunities.selectors import opportunity_page_context  # selectors import models

        context = super().get_context(request, *args, **kwargs)
        context.update(opportunity_page_context(opportunity=self, user=request.user))
        return context


class OutcomeReport(models.Model):
    """'You said, we did': what changed because of the people involved, reported afterwards."""

    opportunity = models.OneToOneField(
        OpportunityPage, on_delete=models.CASCADE, related_name="outcome_report"
    )
    difference_made = models.TextField("what changed because of the people involved")
    not_changed = models.TextField("what did not change, and why", blank=True)
    how_people_felt = models.TextField("what people said about taking part", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reported_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Outcomes of {self.opportunity}"
