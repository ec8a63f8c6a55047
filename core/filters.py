"""Small pieces the site's FilterSets share."""

from django import forms
from django.db.models import Q

from core.caching import cached_for_content
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


class TaxonomyFilter(IdChoiceFilter):
    """Tick boxes of taxonomy terms whose (id, name) choices come from the in-memory cache
    (core/caching.py); the ids someone ticks are still checked against the database."""

    @property
    def field(self):
        if not hasattr(self, "_field"):
            field = super().field
            terms = field.queryset
            choices = cached_for_content(
                f"choices:{terms.model._meta.label_lower}",
                lambda: [(term.pk, str(term)) for term in terms],
            )
            # Plain choices, as forms.ChoiceField keeps them: the rows are not read again.
            forms.ChoiceField.choices.fset(field, choices)
        return self._field


def topic_filter(label="Topic"):
    """Tick any of the curated topics (the same choice on every listing page)."""
    return TaxonomyFilter(
        label=label,
        field_name="topics",
        queryset=Topic.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )


def community_filter(label="Community"):
    """Tick any of the curated communities."""
    return TaxonomyFilter(
        label=label,
        field_name="communities",
        queryset=Community.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
