from django.apps import AppConfig

from core.search_types import SearchableType
from core.sections import Section


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home, standard pages and resources"
    site_search_types = (
        SearchableType("resource", "Resources", "Resource", ("home.ResourcePage",), 40),
        SearchableType("page", "Guides and pages", "Guide or page", ("home.StandardPage",), 50),
    )
    site_sections = (
        Section(
            model="home.ResourceIndexPage",
            slug="resources",
            title="Guides and resources",
            introduction="Guides, toolkits and links we recommend, each summarised in plain "
            "words. Filter by type, topic or who it is for.",
        ),
    )
