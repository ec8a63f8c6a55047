from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from core.staff import StaffMenuItem
from monitoring import admin_views
from monitoring.models import PopulationBaseline


@hooks.register("register_admin_urls")
def presence_admin_urls():
    return [path("reports/presence/", admin_views.presence_dashboard, name="presence_dashboard")]


@hooks.register("register_reports_menu_item")
def presence_menu_item():
    return StaffMenuItem("Presence", reverse("presence_dashboard"), icon_name="group", order=730)


class PopulationBaselineViewSet(ModelViewSet):
    """Baselines staff compare the people involved with (shares per category)."""

    model = PopulationBaseline
    icon = "group"
    menu_label = "Population baselines"
    add_to_admin_menu = False
    list_display = ["name", "characteristic", "region", "population", "is_default"]
    form_fields = [
        "name",
        "characteristic",
        "region",
        "population",
        "shares",
        "source",
        "is_default",
    ]


population_baseline_viewset = PopulationBaselineViewSet("population_baselines")


@hooks.register("register_admin_viewset")
def register_population_baselines():
    return population_baseline_viewset


@hooks.register("register_settings_menu_item")
def population_baselines_menu_item():
    return StaffMenuItem(
        "Population baselines", population_baseline_viewset.menu_url, icon_name="group", order=660
    )
