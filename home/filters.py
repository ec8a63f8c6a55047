"""The resource library's filters (django-filter)."""

import django_filters

from core.filters import TickBoxes, any_flag_set, every_word_somewhere, topic_filter
from core.forms import PlainForm
from core.parameters import TextFilter
from home.models import AUDIENCE_FIELDS, Audience, ResourceType

MAX_QUERY_LENGTH = 200


class ResourceFilter(django_filters.FilterSet):
    q = TextFilter(label="Search words", method="filter_words", max_length=MAX_QUERY_LENGTH)
    resource_type = django_filters.MultipleChoiceFilter(
        label="Type", choices=ResourceType.choices, widget=TickBoxes
    )
    topic = topic_filter()
    audience = django_filters.MultipleChoiceFilter(
        label="Who it is for",
        choices=Audience.choices,
        method="filter_audience",
        widget=TickBoxes,
    )

    class Meta:
        form = PlainForm
        fields = []

    def filter_words(self, queryset, name, value):
        return every_word_somewhere(queryset, value.split(), ["title", "summary", "publisher"])

    def filter_audience(self, queryset, name, values):
        return any_flag_set(queryset, [AUDIENCE_FIELDS[value] for value in values])
