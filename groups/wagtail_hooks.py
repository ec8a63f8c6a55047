from django.urls import path, reverse
from wagtail import hooks

from groups import admin_views
from opportunities.wagtail_hooks import StaffMenuItem


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
