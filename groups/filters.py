"""Directory filters (django-filter): one base for both kinds of listing."""

import django_filters
from django import forms

from core.filters import (
    TickBoxes,
    any_flag_set,
    community_filter,
    every_word_somewhere,
    topic_filter,
)
from core.forms import PlainErrorsFormMixin
from core.geography import PostcodeError, Region, normalise_postcode
from core.parameters import TextFilter
from groups.models import ACTIVITY_FIELDS, Activity, SupportType, Weekday

WHERE = [("in_person", "In person"), ("online", "Online")]


class DirectoryForm(PlainErrorsFormMixin, forms.Form):
    error_subjects = {"q": "your search words", "postcode": "the postcode"}

    def clean_postcode(self):
        raw = (self.cleaned_data.get("postcode") or "").strip()
        if not raw:
            return ""
        try:
            return normalise_postcode(raw)
        except PostcodeError as error:
            raise forms.ValidationError(str(error)) from error


class DirectoryFilter(django_filters.FilterSet):
    q = TextFilter(label="Search words", method="filter_words", max_length=200)
    postcode = TextFilter(
        label="Near a postcode",
        method="filter_unchanged",
        max_length=10,
        help_text="Nearest first, with the distance. It is not saved.",
    )
    where = django_filters.MultipleChoiceFilter(
        label="Online or in person",
        choices=WHERE,
        method="filter_where",
        widget=TickBoxes,
    )
    region = django_filters.MultipleChoiceFilter(
        label="Region", choices=Region.choices, widget=TickBoxes
    )
    topic = topic_filter()
    community = community_filter()

    class Meta:
        form = DirectoryForm
        fields = []

    def filter_words(self, queryset, name, value):
        return every_word_somewhere(queryset, value.split(), ["title", "description", "venue"])

    def filter_where(self, queryset, name, values):
        return any_flag_set(queryset, values)  # the values are the flag names

    def filter_unchanged(self, queryset, name, value):
        return queryset  # used for ordering by distance


class GroupFilter(DirectoryFilter):
    activity = django_filters.MultipleChoiceFilter(
        label="Activities",
        choices=Activity.choices,
        method="filter_activity",
        widget=TickBoxes,
    )

    def filter_activity(self, queryset, name, values):
        return any_flag_set(queryset, [ACTIVITY_FIELDS[Activity(value)] for value in values])


class PeerSupportFilter(DirectoryFilter):
    day = django_filters.MultipleChoiceFilter(
        label="Day of the week",
        field_name="day_of_week",
        choices=Weekday.choices,
        widget=TickBoxes,
    )
    support_type = django_filters.MultipleChoiceFilter(
        label="Kind of support", choices=SupportType.choices, widget=TickBoxes
    )
