from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from core.staff import StaffMenuItem
from groups import admin_views
from groups.models import GroupAdministrator


@hooks.register("register_admin_urls")
def directory_admin_urls():
    return [
        path(
            "reports/listings-to-check/",
            admin_views.ListingsToCheckReportView.as_view(),
            name="groups_listings_to_check",
        ),
        path(
            "reports/listings-to-check/results/",
            admin_views.ListingsToCheckReportView.as_view(results_only=True),
            name="groups_listings_to_check_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def listings_to_check_menu_item():
    return StaffMenuItem(
        "Listings to check", reverse("groups_listings_to_check"), icon_name="history", order=720
    )


class GroupAdministratorViewSet(ModelViewSet):
    """Staff see who looks after each group and can add or remove people."""

    model = GroupAdministrator
    icon = "group"
    menu_label = "Group administrators"
    add_to_admin_menu = False
    list_display = ["group", "user", "email", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["group__title", "user__email"]
    form_fields = ["group", "user"]

    def get_queryset(self, request):
        return GroupAdministrator.objects.select_related("group", "user")


group_administrator_viewset = GroupAdministratorViewSet("group_administrators")


@hooks.register("register_admin_viewset")
def register_group_administrators():
    return group_administrator_viewset


@hooks.register("register_settings_menu_item")
def group_administrators_menu_item():
    return StaffMenuItem(
        "Group administrators",
        group_administrator_viewset.menu_url,
        icon_name="group",
        order=650,
    )
