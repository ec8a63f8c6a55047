from django import forms

from core.forms import PlainErrorsFormMixin, PlainTextFormMixin
from core.geography import GeocodingUnavailable, PostcodeError, geocode_postcode, outcode_of
from core.models import Community, Topic
from members.models import MemberProfile
from opportunities.models import AvailabilityChoice, InvolvementLevel, RoleType, SupportType


class MemberProfileForm(PlainErrorsFormMixin, PlainTextFormMixin, forms.ModelForm):
    """ "What are you looking for?" Every question is optional."""

    error_subjects = {
        "who": "who you are",
        "payment_need": "what you need about money",
        "alert_frequency": "how often we should email you",
    }

    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Topics that interest you",
    )
    communities = forms.ModelMultipleChoiceField(
        queryset=Community.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Communities you belong to or care about",
    )
    levels = forms.MultipleChoiceField(
        choices=InvolvementLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Where you would like to be involved",
    )
    role_types = forms.MultipleChoiceField(
        choices=RoleType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Kinds of role",
    )
    postcode = forms.CharField(
        label="Your postcode area",
        required=False,
        max_length=10,
        help_text="Only the first part, like M1 or LS7. We keep no more than that.",
    )
    max_distance = forms.ChoiceField(
        choices=MemberProfile.DISTANCE_CHOICES, required=False, label="How far you can travel"
    )
    availability = forms.MultipleChoiceField(
        choices=AvailabilityChoice.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="When you are usually free",
    )
    support_wanted = forms.MultipleChoiceField(
        choices=SupportType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Support that would help you",
    )

    class Meta:
        model = MemberProfile
        fields = [
            "who",
            "online_ok",
            "in_person_ok",
            "payment_need",
            "not_before_10",
            "access_needs",
            "own_words",
            "alert_frequency",
        ]
        labels = {
            "payment_need": "Money",
            "alert_frequency": "Email me when a new opportunity fits",
        }
        help_texts = {
            "own_words": "A few words about what you would like to do. This helps us find "
            "opportunities, and nobody else sees it.",
            "access_needs": "Only you see this. It can be copied into an expression of interest "
            "if you choose.",
            "payment_need": "Being paid can affect some benefits. If you choose expenses only, we "
            "show roles that let you choose that.",
        }
        widgets = {
            "who": forms.RadioSelect,
            "payment_need": forms.RadioSelect,
            "alert_frequency": forms.RadioSelect,
            "access_needs": forms.Textarea(attrs={"rows": 3}),
            "own_words": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].required = False
        self.fields["who"].choices = [("", "I would rather not say"), *MemberProfile.Who.choices]
        profile = self.instance
        if profile.pk:
            self.fields["topics"].initial = list(profile.topics.all())
            self.fields["communities"].initial = list(profile.communities.all())
        self.fields["levels"].initial = profile.levels
        self.fields["role_types"].initial = profile.role_types
        self.fields["availability"].initial = profile.availability
        self.fields["support_wanted"].initial = profile.support_wanted
        self.fields["postcode"].initial = profile.postcode_district
        self.fields["max_distance"].initial = (
            str(profile.max_distance_km) if profile.max_distance_km else ""
        )

    def clean(self):
        cleaned = super().clean()
        postcode = cleaned.get("postcode")
        cleaned["latitude"] = cleaned["longitude"] = None
        cleaned["postcode_district"] = ""
        if postcode:
            try:
                place = geocode_postcode(outcode_of(postcode.upper().strip()))
            except PostcodeError as error:
                self.add_error("postcode", str(error))
            except GeocodingUnavailable:
                self.add_error(
                    "postcode", "We could not check the postcode just now. Please try again soon."
                )
            else:
                cleaned["postcode_district"] = place.postcode
                cleaned["latitude"], cleaned["longitude"] = place.latitude, place.longitude
        if not cleaned.get("online_ok") and not cleaned.get("in_person_ok"):
            self.add_error(
                "online_ok", "Choose online, in person or both, or we cannot show you anything."
            )
        return cleaned
