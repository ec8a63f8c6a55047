from django.apps import AppConfig

from core.demo_steps import DemoStep
from core.search_types import SearchableType
from core.sections import Section


class HomeConfig(AppConfig):
    demo_builders = (
        DemoStep("home.demo.build_home_page", order=40),
        DemoStep("home.demo.build_standard_pages", order=50),
        DemoStep("home.demo.build_guides_and_resources", order=100),
    )
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
