"""The opportunity search form: one FilterSet that both search engines read.

The database engine uses the FilterSet's queryset; the Elasticsearch engine turns the same
cleaned values into index filters (search/opportunity_search.py), so both mean the same thing.
"""

from datetime import timedelta

import django_filters
from django import forms
from django.utils import timezone

from core.filters import TickBoxes, community_filter, every_word_somewhere, topic_filter
from core.forms import PlainErrorsFormMixin
from core.geography import PostcodeError, Region, normalise_postcode
from core.parameters import TextFilter
from opportunities.models.choices import Format, InvolvementLevel, RoleType
from search.matching.text import STOP_WORDS, WORD, meaningful_words

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
TEXT_FIELDS = ("title", "summary", "purpose", "responsibilities", "can_change")

SORTS = [
    ("relevance", "Best match"),
    ("closing", "Closing soonest"),
    ("newest", "Newest"),
    ("nearest", "Nearest to a postcode"),
]
MONEY = [("paid", "Paid"), ("expenses", "Expenses covered")]
CLOSING_WITHIN = [
    ("7", "In the next week"),
    ("14", "In the next 2 weeks"),
    ("31", "In the next month"),
]


def search_words(text):
    """The words that narrow a database search: lower case, stop words dropped, lightly stemmed."""
    return sorted(meaningful_words(text))[:MAX_WORDS]


def query_terms(text):
    """The words as typed (lower case, no stop words) for Elasticsearch, which stems them itself."""
    terms = []
    for word in WORD.findall((text or "").lower()):
        if word not in STOP_WORDS and word not in terms:
            terms.append(word)
    return terms[:MAX_WORDS]


class CheckboxFilter(django_filters.Filter):
    field_class = forms.BooleanField


class OpportunitySearchForm(PlainErrorsFormMixin, forms.Form):
    error_subjects = {
        "q": "your search words",
        "closing_within": "when it closes",
        "sort": "how to sort",
        "money": "what you need about money",
    }

    def clean_postcode(self):
        raw = self.cleaned_data.get("postcode") or ""
        if not raw.strip():
            return ""
        try:
            return normalise_postcode(raw)
        except PostcodeError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sort") == "nearest" and not cleaned.get("postcode"):
            self.add_error("postcode", "Enter a postcode to sort by distance.")
        return cleaned


class OpportunitySearchFilter(django_filters.FilterSet):
    q = TextFilter(
        label="Search words",
        method="filter_words",
        max_length=MAX_QUERY_LENGTH,
        help_text="For example: housing, research, carers, Leeds.",
    )
    topic = topic_filter()
    community = community_filter()
    level = django_filters.MultipleChoiceFilter(
        label="Level of involvement",
        choices=InvolvementLevel.choices,
        widget=TickBoxes,
    )
    role_type = django_filters.MultipleChoiceFilter(
        label="Type of role", choices=RoleType.choices, widget=TickBoxes
    )
    format = django_filters.MultipleChoiceFilter(
        label="Online or in person", choices=Format.choices, widget=TickBoxes
    )
    region = django_filters.MultipleChoiceFilter(
        label="Region", choices=Region.choices, widget=TickBoxes
    )
    money = django_filters.ChoiceFilter(
        label="Money", choices=MONEY, method="filter_money", empty_label="Any"
    )
    closing_within = django_filters.ChoiceFilter(
        label="Closing", choices=CLOSING_WITHIN, method="filter_closing", empty_label="Any time"
    )
    meets_checks = CheckboxFilter(label="Meets every 4Pi check", method="filter_checks")
    postcode = TextFilter(
        label="Your postcode", method="filter_unchanged", max_length=10,
        help_text="Used only to sort by distance; it is not saved.",
    )  # fmt: skip
    sort = django_filters.ChoiceFilter(
        label="Sort by", choices=SORTS, method="filter_unchanged", empty_label=None
    )

    class Meta:
        form = OpportunitySearchForm
        fields = []

    def filter_words(self, queryset, name, value):
        return every_word_somewhere(queryset, search_words(value), TEXT_FIELDS)

    def filter_money(self, queryset, name, value):
        return (
            queryset.filter(paid=True)
            if value == "paid"
            else queryset.filter(expenses_covered=True)
        )

    def filter_closing(self, queryset, name, value):
        last_day = timezone.localdate() + timedelta(days=int(value))
        return queryset.filter(rolling=False, deadline__lte=last_day)

    def filter_checks(self, queryset, name, value):
        return queryset.filter(check_ratio__gte=1) if value else queryset

    def filter_unchanged(self, queryset, name, value):
        return queryset  # used for ordering, not for filtering
