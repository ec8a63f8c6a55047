from django.urls import path, reverse
from wagtail import hooks

from core.staff import StaffMenuItem
from involvement import admin_views


@hooks.register("register_admin_urls")
def involvement_admin_urls():
    return [
        path(
            "reports/late-payers/",
            admin_views.LatePayersReportView.as_view(),
            name="involvement_late_payers",
        ),
        path(
            "reports/late-payers/results/",
            admin_views.LatePayersReportView.as_view(results_only=True),
            name="involvement_late_payers_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def late_payers_menu_item():
    return StaffMenuItem(
        "Late payers", reverse("involvement_late_payers"), icon_name="warning", order=65
    )
