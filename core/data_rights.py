"""A person's copy of their data (UK GDPR Article 15), gathered from every app.

Each app declares what it holds about a member on its AppConfig (`member_data`: export key ->
dotted path of a function taking the member and returning JSON-ready data), so the export names
no app and a new app adds its part where its data lives.
"""

from django.apps import apps
from django.utils.module_loading import import_string

PLAIN_FIELD_TYPES = ("CharField", "TextField", "BooleanField", "JSONField", "PositiveIntegerField",
                     "FloatField", "DateTimeField", "DateField", "EmailField")  # fmt: skip


def plain_fields(instance, exclude=()):
    """{field name: JSON-ready value} of the instance's plain fields (no relations), less `exclude`."""
    values = {}
    for field in instance._meta.concrete_fields:
        if field.get_internal_type() in PLAIN_FIELD_TYPES and field.name not in exclude:
            value = getattr(instance, field.name)
            values[field.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def declared_member_data():
    """[(export key, function)] every installed app declares, in INSTALLED_APPS order."""
    return [
        (key, import_string(path))
        for config in apps.get_app_configs()
        for key, path in getattr(config, "member_data", {}).items()
    ]


def member_data_sections(member):
    """{export key: data} from every app, for this member alone."""
    return {key: gather(member) for key, gather in declared_member_data()}
