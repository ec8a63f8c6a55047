from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core: taxonomies, site settings, shared blocks and utilities"
