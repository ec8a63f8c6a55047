"""The "List your group" forms: a few fields a step, each step editing the same draft page."""

from django import forms
from django.core.validators import MaxLengthValidator

from core.forms import HoneypotFormMixin, PlainErrorsFormMixin, PlainTextFormMixin
from core.geography import GeocodingUnavailable, PostcodeError, geocode_postcode
from core.models import Community, Topic
from groups.models import ACTIVITY_FIELDS, GroupPage, PeerSupportPage
from groups.schedule import FIELDS as SCHEDULE_FIELDS

TITLE_MAX = 120
LONG_TEXT_MAX = 3000
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ListingStepForm(PlainErrorsFormMixin, HoneypotFormMixin, PlainTextFormMixin, forms.ModelForm):
    """Plain text only, with limits people can see, and a honeypot against automated spam."""

    error_subjects = {"who_for": "who it is for", "description": "a description"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            limit = TITLE_MAX if name == "title" else LONG_TEXT_MAX
            if isinstance(field.widget, forms.Textarea) or name == "title":
                field.max_length = limit
                field.validators.append(MaxLengthValidator(limit))
                field.widget.attrs["maxlength"] = limit
        if "website" in self.fields:
            self.fields["website"].assume_scheme = "https"
            self.fields["website"].help_text = "It must start with https:// or http://."
        if "topics" in self.fields and self.instance.pk:
            self.fields["topics"].initial = list(self.instance.topics.all())
            self.fields["communities"].initial = list(self.instance.communities.all())

    def page_values(self):
        """The cleaned values that belong on the page (not topics, communities or the honeypot)."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}


class TaxonomyFieldsMixin(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Topics",
        help_text="Tick any that fit. People can search by these.",
    )
    communities = forms.ModelMultipleChoiceField(
        queryset=Community.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Communities it is especially for",
    )


class PlaceFieldsMixin:
    """In person, online or both; a postcode we can place on the map for in-person meetings."""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("in_person") and not cleaned.get("online"):
            self.add_error("in_person", "Tick in person, online, or both.")
        postcode = cleaned.get("postcode", "")
        if cleaned.get("in_person") and not postcode:
            self.add_error("postcode", "Give a postcode so people can find you (roughly is fine).")
        elif postcode:
            try:
                cleaned["postcode"] = geocode_postcode(postcode).postcode
            except PostcodeError as error:
                self.add_error("postcode", str(error))
            except GeocodingUnavailable:
                pass  # Kept as typed; the listing is placed on the map when it is next saved.
        return cleaned


class GroupAboutForm(TaxonomyFieldsMixin, ListingStepForm):
    # One question with a legend ("What does the group do?") for the six yes/no fields.
    activities = forms.MultipleChoiceField(
        label="What does the group do?",
        choices=[(activity.value, activity.label) for activity in ACTIVITY_FIELDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick all that apply.",
    )

    class Meta:
        model = GroupPage
        fields = ["title", "description", "led_by_lived_experience"]
        labels = {"title": "Name of the group"}
        help_texts = {
            "description": "A few sentences in plain words: who it is for and what you do.",
            "led_by_lived_experience": "Only user-led groups are listed here: groups run by and "
            "for people with lived experience of mental distress.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["led_by_lived_experience"].required = True
        self.fields["activities"].initial = [
            activity.value
            for activity, name in ACTIVITY_FIELDS.items()
            if getattr(self.instance, name)
        ]

    def page_values(self):
        chosen = set(self.cleaned_data.get("activities") or [])
        return {
            **super().page_values(),
            **{name: activity.value in chosen for activity, name in ACTIVITY_FIELDS.items()},
        }


class GroupWhereForm(PlaceFieldsMixin, ListingStepForm):
    class Meta:
        model = GroupPage
        fields = [
            "in_person",
            "online",
            "venue",
            "postcode",
            "area_served",
            "meeting_details",
            "accessibility",
        ]
        labels = {"venue": "Where you meet (optional)", "accessibility": "Access"}
        help_texts = {
            "venue": "Leave it out if you would rather tell people when they get in touch.",
            "postcode": "We show roughly where you are and how far away people are.",
            "area_served": "For example “Leeds and Bradford” or “anywhere in England”.",
            "meeting_details": "For example “every other Thursday evening”.",
            "accessibility": "Step-free access, hearing loop, quiet room, BSL, and so on.",
        }
        widgets = {
            "venue": SHORT_TEXT,
            "meeting_details": SHORT_TEXT,
            "accessibility": SHORT_TEXT,
        }


class ContactForm(ListingStepForm):
    class Meta:
        model = GroupPage
        fields = ["contact_email", "contact_phone", "website"]
        labels = {
            "contact_email": "Email address for the group",
            "contact_phone": "Phone number (optional)",
            "website": "Website or social media page (optional)",
        }
        help_texts = {
            "contact_email": "Shown on the listing. Use the group's address, not a personal one, "
            "if you can.",
        }

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("contact_email", "contact_phone", "website")):
            raise forms.ValidationError("Give at least one way for people to get in touch.")
        return cleaned


class SessionAboutForm(TaxonomyFieldsMixin, ListingStepForm):
    class Meta:
        model = PeerSupportPage
        fields = ["title", "description", "support_type", "who_for"]
        labels = {"title": "Name of the session", "support_type": "Kind of support"}
        help_texts = {"description": "What happens and who it is for, in plain words."}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "support_type": forms.RadioSelect,
            "who_for": forms.RadioSelect,
        }


class SessionWhenForm(PlaceFieldsMixin, ListingStepForm):
    """The schedule is checked by the page model's clean() (groups.schedule.clean_schedule),
    which ModelForm validation calls, so the CMS and this form agree."""

    class Meta:
        model = PeerSupportPage
        fields = [
            "day_of_week",
            "frequency",
            "week_of_month",
            "dtstart",
            "start_time",
            "end_time",
            "in_person",
            "online",
            "venue",
            "postcode",
            "accessibility",
        ]
        labels = {
            "day_of_week": "Day",
            "dtstart": "Date of a session (for every two weeks)",
            "accessibility": "Access",
        }
        help_texts = {
            "day_of_week": "Leave it empty if there is no regular day (for example a text line).",
            "dtstart": "So calendars show the right weeks: any past session, or the first one "
            "if it has not started yet.",
            "end_time": "If it ends after midnight, give the time it ends the next morning.",
            "venue": "The name and address of the place.",
        }
        widgets = {
            "dtstart": DATE_INPUT,
            "start_time": TIME_INPUT,
            "end_time": TIME_INPUT,
            "venue": SHORT_TEXT,
            "accessibility": SHORT_TEXT,
        }

    def page_values(self):
        values = super().page_values()
        # The model's clean() empties fields that do not apply (a week for weekly sessions).
        values.update({name: getattr(self.instance, name) for name in SCHEDULE_FIELDS})
        return values


class SessionJoinForm(ContactForm):
    class Meta(ContactForm.Meta):
        model = PeerSupportPage
        fields = ["cost", "how_to_join", "contact_email", "contact_phone", "website"]
        labels = {**ContactForm.Meta.labels, "contact_email": "Email address for questions"}
        help_texts = {
            "cost": "For example “Free” or “£2 towards tea and biscuits”.",
            "how_to_join": "Can people just turn up? Do they need to get in touch first?",
        }
        widgets = {"how_to_join": SHORT_TEXT}


# (slug, heading, form) for each step, in order.
GROUP_STEPS = [
    ("about", "About the group", GroupAboutForm),
    ("where", "Where and when you meet", GroupWhereForm),
    ("contact", "How people get in touch", ContactForm),
]
SESSION_STEPS = [
    ("about", "About the session", SessionAboutForm),
    ("when", "When and where", SessionWhenForm),
    ("contact", "Cost and how to join", SessionJoinForm),
]


def steps_for(listing_or_model):
    model = listing_or_model if isinstance(listing_or_model, type) else type(listing_or_model)
    return SESSION_STEPS if issubclass(model, PeerSupportPage) else GROUP_STEPS
