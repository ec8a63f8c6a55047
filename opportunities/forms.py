import re

from django import forms
from django.utils import timezone

from core.email_addresses import validate_deliverable_email
from core.forms import HoneypotFormMixin, PlainErrorsFormMixin, PlainTextFormMixin
from core.geography import GeocodingUnavailable, PostcodeError, geocode_postcode
from core.models import Community, Topic
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    OpportunityPage,
    OrganisationPage,
    OutcomeReport,
)


class OrganisationRegistrationForm(
    PlainErrorsFormMixin, HoneypotFormMixin, PlainTextFormMixin, forms.ModelForm
):
    class Meta:
        model = OrganisationPage
        fields = [
            "title",
            "organisation_type",
            "description",
            "website",
            "registered_number",
            "contact_email",
            "involvement_policy",
            "payment_policy",
        ]
        labels = {"title": "Organisation name", "organisation_type": "Type of organisation"}
        help_texts = {
            "description": "A few sentences in plain words.",
            "registered_number": "If you have one.",
            "contact_email": "Where people can write to you about involvement.",
        }
        widgets = {
            "organisation_type": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "involvement_policy": forms.Textarea(attrs={"rows": 4}),
            "payment_policy": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].max_length = 200
        self.fields["title"].widget.attrs["maxlength"] = 200


class InviteForm(PlainErrorsFormMixin, PlainTextFormMixin, forms.Form):
    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        help_text="We will email them an invitation. They join when they accept it.",
        validators=[validate_deliverable_email],
    )


class OpportunityStepForm(PlainErrorsFormMixin, PlainTextFormMixin, forms.ModelForm):
    """One step of the opportunity form. Each step edits a few fields of the same draft."""

    error_subjects = {"who_for": "who it is for", "role_type": "the type of role"}

    class Meta:
        model = OpportunityPage
        fields = []


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


class RoleStepForm(OpportunityStepForm):
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    communities = forms.ModelMultipleChoiceField(
        queryset=Community.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Communities this is especially for",
    )

    class Meta(OpportunityStepForm.Meta):
        fields = [
            "title",
            "summary",
            "purpose",
            "can_change",
            "cannot_change",
            "expected_outcomes",
            "role_type",
            "level",
            "responsibilities",
            "who_for",
            "views_gathered_separately",
            "places",
        ]
        labels = {"title": "Title of the role"}
        help_texts = {
            "title": "Say what the role is, for example “Expert by experience for our crisis "
            "service review”.",
            "purpose": "Why you want people with lived experience involved.",
            "can_change": "Be specific and honest: what decisions are still open?",
            "cannot_change": "For example budgets or legal duties already fixed.",
            "responsibilities": "What the person would actually do.",
            "places": "How many service users or carers will be involved. The standards ask for "
            "at least two, so nobody is the only one.",
        }
        widgets = {
            "summary": SHORT_TEXT,
            "purpose": SHORT_TEXT,
            "can_change": SHORT_TEXT,
            "cannot_change": SHORT_TEXT,
            "expected_outcomes": SHORT_TEXT,
            "responsibilities": forms.Textarea(attrs={"rows": 5}),
            "role_type": forms.RadioSelect,
            "level": forms.RadioSelect,
            "who_for": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].max_length = 200
        self.fields["title"].widget.attrs["maxlength"] = 200
        if self.instance.pk:
            self.fields["topics"].initial = list(self.instance.topics.all())
            self.fields["communities"].initial = list(self.instance.communities.all())


class WhenStepForm(OpportunityStepForm):
    class Meta(OpportunityStepForm.Meta):
        fields = [
            "start_date",
            "end_date",
            "time_commitment",
            "meeting_details",
            "meets_weekday_daytime",
            "meets_weekday_evening",
            "meets_weekend",
            "earliest_start",
            "format",
            "venue",
            "postcode",
            "region",
        ]
        help_texts = {
            "earliest_start": "Meetings that start at 10am or later suit more people, for "
            "example those on medication.",
            "postcode": "For in-person or hybrid roles, so people can see how far it is.",
            "region": "Choose “National” for roles open to people anywhere in England.",
        }
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "earliest_start": TIME_INPUT,
            "format": forms.RadioSelect,
            "venue": SHORT_TEXT,
            "meeting_details": SHORT_TEXT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].required = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date.")
        needs_place = cleaned.get("format") in ("in_person", "hybrid")
        postcode = cleaned.get("postcode")
        if needs_place and not postcode:
            self.add_error("postcode", "Give the venue's postcode for in-person or hybrid roles.")
        if postcode:
            try:
                place = geocode_postcode(postcode)
            except PostcodeError as error:
                self.add_error("postcode", str(error))
            except GeocodingUnavailable:
                self.add_error(
                    "postcode",
                    "We could not check the postcode just now. Please try again in a few minutes.",
                )
            else:
                cleaned["postcode"] = place.postcode
                self.instance.latitude = place.latitude
                self.instance.longitude = place.longitude
                if not cleaned.get("region") and place.region:
                    cleaned["region"] = place.region
        else:
            self.instance.latitude = self.instance.longitude = None
        return cleaned


class MoneyStepForm(OpportunityStepForm):
    class Meta(OpportunityStepForm.Meta):
        fields = [
            "paid",
            "fee_amount",
            "fee_unit",
            "days_to_pay",
            "expenses_covered",
            "expenses_travel",
            "expenses_childcare",
            "expenses_carer",
            "travel_booked",
            "payment_choice",
            "vouchers_available",
            "benefits_letter",
        ]
        help_texts = {
            "payment_choice": "Payment can affect welfare benefits. Letting people choose "
            "protects them.",
            "days_to_pay": "How many days after each session people are paid.",
        }
        widgets = {"fee_unit": forms.RadioSelect}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("paid"):
            if cleaned.get("fee_amount") in (None, ""):
                self.add_error("fee_amount", "Say how much the role pays.")
            if not cleaned.get("fee_unit"):
                self.add_error("fee_unit", "Say whether the fee is per hour, session or day.")
        else:
            cleaned["fee_amount"] = None
            cleaned["fee_unit"] = ""
        if any(
            cleaned.get(name)
            for name in ("expenses_travel", "expenses_childcare", "expenses_carer")
        ):
            cleaned["expenses_covered"] = True
        return cleaned


class SupportStepForm(OpportunityStepForm):
    class Meta(OpportunityStepForm.Meta):
        fields = [
            "support_admin",
            "support_supervision",
            "support_emotional",
            "support_peer",
            "support_training",
            "support_briefing",
            "papers_days_ahead",
            "plain_language",
            "step_free",
            "bsl",
            "hearing_loop",
            "accessibility",
        ]
        widgets = {"accessibility": SHORT_TEXT}


class ApplyingStepForm(OpportunityStepForm):
    class Meta(OpportunityStepForm.Meta):
        fields = [
            "recruitment",
            "feedback",
            "deadline",
            "rolling",
            "contact_name",
            "contact_email",
            "apply_url",
        ]
        help_texts = {
            "recruitment": "How you will choose people, and when they will hear.",
            "feedback": "How and when you will tell people what difference they made.",
            "deadline": "The last day people can express interest.",
        }
        widgets = {"deadline": DATE_INPUT, "recruitment": SHORT_TEXT, "feedback": SHORT_TEXT}

    def clean(self):
        cleaned = super().clean()
        deadline, rolling = cleaned.get("deadline"), cleaned.get("rolling")
        if not deadline and not rolling:
            self.add_error("deadline", "Give a closing date, or tick “open until filled”.")
        if deadline and not rolling and deadline < timezone.localdate():
            self.add_error("deadline", "The closing date must be today or later.")
        return cleaned


# The guided form's steps, in order: (slug, heading, form class).
OPPORTUNITY_STEPS = [
    ("role", "About the role", RoleStepForm),
    ("when", "When and where", WhenStepForm),
    ("money", "Money", MoneyStepForm),
    ("support", "Support and access", SupportStepForm),
    ("applying", "Applying and afterwards", ApplyingStepForm),
]
STEP_SLUGS = [slug for slug, _, _ in OPPORTUNITY_STEPS]


def step_form_class(slug):
    for step_slug, _, form_class in OPPORTUNITY_STEPS:
        if step_slug == slug:
            return form_class
    return None


# An expression of interest says why in a few words, unless the person chooses not to.
MESSAGE_MIN_WORDS = 3
NO_MESSAGE_LABEL = "I do not want to add a message"


class ExpressionOfInterestForm(PlainErrorsFormMixin, PlainTextFormMixin, forms.ModelForm):
    no_message = forms.BooleanField(
        label=NO_MESSAGE_LABEL,
        required=False,
        help_text="The organisation will see only that you are interested.",
    )
    error_subjects = {
        "message": "your message",
        "access_needs": "what would help you take part",
        "payment_preference": "how you would like to be paid",
    }

    class Meta:
        model = ExpressionOfInterest
        fields = ["message", "access_needs", "share_access_needs", "payment_preference"]
        help_texts = {
            "message": "A few lines about why this interests you, or tick the box below. You "
            "do not need to share anything about your health.",
            "access_needs": "For example large print, a quiet room, breaks, a BSL interpreter, "
            "or meetings after 10am.",
            "share_access_needs": "We only pass on what would help you if you tick this.",
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 5}),
            "access_needs": forms.Textarea(attrs={"rows": 3}),
            "payment_preference": forms.RadioSelect,
        }

    def __init__(self, *args, opportunity, **kwargs):
        super().__init__(*args, **kwargs)
        if not opportunity.paid:
            # Unpaid roles: only the choices that make sense.
            self.fields["payment_preference"].choices = [
                ("expenses_only", "Expenses only"),
                ("not_sure", "I am not sure yet; I would like to talk about it"),
            ]
            self.fields["payment_preference"].initial = "expenses_only"

    def clean(self):
        cleaned = super().clean()
        words = re.findall(r"\w+", cleaned.get("message") or "")
        if "message" in cleaned and len(words) < MESSAGE_MIN_WORDS and not cleaned["no_message"]:
            self.add_error(
                "message",
                f"Write at least {MESSAGE_MIN_WORDS} words about why this interests you, or "
                f"tick “{NO_MESSAGE_LABEL}”"
                if words
                else f"Enter your message, or tick “{NO_MESSAGE_LABEL}”",
            )
        return cleaned


class InterestStatusForm(PlainErrorsFormMixin, forms.Form):
    error_subjects = {"status": "a status"}
    status = forms.ChoiceField(
        label="Change status",
        choices=[
            (status.value, status.label)
            for status in InterestStatus
            if status not in (InterestStatus.SUBMITTED, InterestStatus.WITHDRAWN)
        ],
    )


class OutcomeReportForm(PlainErrorsFormMixin, PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = OutcomeReport
        fields = ["difference_made", "not_changed", "how_people_felt"]
        help_texts = {
            "difference_made": "What changed because of the people involved. Be concrete.",
            "not_changed": "Be honest: people would rather know.",
            "how_people_felt": "What people said about taking part, and what you will do differently.",
        }
