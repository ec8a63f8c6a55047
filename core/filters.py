"""Small pieces the site's FilterSets share."""

from django import forms
from django.db.models import Q

from core.models import Community, Topic
from core.parameters import IdChoiceFilter

MAX_WORDS = 12


def every_word_somewhere(queryset, words, fields):
    """Keep what contains each word in at least one of the fields (case-insensitive)."""
    for word in list(words)[:MAX_WORDS]:
        found = Q()
        for field in fields:
            found |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(found)
    return queryset


def any_flag_set(queryset, flag_fields):
    """Keep what has at least one of these boolean fields set (ticked options are OR-ed)."""
    chosen = Q()
    for field in flag_fields:
        chosen |= Q(**{field: True})
    return queryset.filter(chosen)


def topic_filter(label="Topic"):
    """Tick any of the curated topics (the same choice on every listing page)."""
    return IdChoiceFilter(
        label=label,
        field_name="topics",
        queryset=Topic.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )


def community_filter(label="Community"):
    """Tick any of the curated communities."""
    return IdChoiceFilter(
        label=label,
        field_name="communities",
        queryset=Community.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
