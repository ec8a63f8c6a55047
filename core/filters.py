"""Small pieces the site's FilterSets share."""

import hashlib

from django import forms
from django.core.cache import caches
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


class TickBoxes(forms.CheckboxSelectMultiple):
    """Django's tick boxes, each list's HTML kept in the process's `pages` cache under a key
    made of everything it is rendered from: the name, the ticked values, the attributes and
    the choices' values and labels. A changed choice is a new key, so nothing goes stale.

    Each option is otherwise rendered through four of Django's widget templates: about
    0.2 ms an option, 45 options on a directory page (decision 0013). For public filter forms
    only, whose choices are the same for everyone.
    """

    def render(self, name, value, attrs=None, renderer=None):
        made_from = repr(
            (
                name,
                self.format_value(value),
                sorted((attrs or {}).items()),
                sorted(self.attrs.items()),
                [(str(choice), str(label)) for choice, label in self.choices],
            )
        )
        key = f"tick-boxes:{hashlib.sha256(made_from.encode()).hexdigest()}"
        store = caches["pages"]
        html = store.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            store.set(key, html)
        return html


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
        widget=TickBoxes,
    )


def community_filter(label="Community"):
    """Tick any of the curated communities."""
    return TaxonomyFilter(
        label=label,
        field_name="communities",
        queryset=Community.objects.order_by("name"),
        widget=TickBoxes,
    )
