"""What an app adds to another app's page type, declared on its AppConfig, so the app that owns
the page need not know it (the import rule, docs/architecture.md).

    page_extras = (("opportunities.OrganisationPage", "involvement.selectors.usually_pays_extra"),)

Each callable takes the page and returns (template name, context) or None for nothing to add.
"""

from functools import cache

from django.apps import apps
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe


@cache
def extras_for(model_label):
    """The callables declared for a page type ("app_label.ModelName"), in app order."""
    return tuple(
        import_string(path)
        for config in apps.get_app_configs()
        for label, path in getattr(config, "page_extras", ())
        if label == model_label
    )


def render_page_extras(page, request=None):
    """The HTML every app adds to this page, joined; empty when none adds anything."""
    parts = []
    for extra in extras_for(page._meta.label):
        made = extra(page)
        if made is not None:
            template_name, context = made
            parts.append(render_to_string(template_name, context, request=request))
    return mark_safe("".join(parts))
