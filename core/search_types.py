"""The kinds of page site search can be filtered by, declared by the apps that own them.

Kept apart from core.site_search so that AppConfigs can import it before models are loaded.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps


@dataclass(frozen=True)
class SearchableType:
    """A kind of page people can filter site search by, declared by the app that owns it.

    Apps list these on their AppConfig (`site_search_types`); `order` places the choice in the
    form (lower first); `models` are "app_label.ModelName".
    """

    value: str
    label: str
    singular: str
    models: tuple
    order: int


@cache  # the app registry does not change once loaded; type_label asks once per result
def searchable_types():
    """(value, label, one result's label, model classes) per kind, in the declared order."""
    declared = sorted(
        (
            kind
            for config in apps.get_app_configs()
            for kind in getattr(config, "site_search_types", ())
        ),
        key=lambda kind: kind.order,
    )
    return [
        (kind.value, kind.label, kind.singular, tuple(apps.get_model(m) for m in kind.models))
        for kind in declared
    ]
