from django.urls import path, reverse
from wagtail import hooks

from core.staff import StaffMenuItem
from opportunities import admin_views


@hooks.register("register_admin_urls")
def involvement_admin_urls():
    return [
        path(
            "organisations/verify/",
            admin_views.organisations_to_verify,
            name="opportunities_organisations_to_verify",
        ),
        path(
            "organisations/<id:organisation_id>/verify/",
            admin_views.organisation_verify,
            name="opportunities_organisation_verify",
        ),
        path(
            "reports/involvement/",
            admin_views.InvolvementReportView.as_view(),
            name="opportunities_involvement_report",
        ),
        path(
            "reports/involvement/results/",
            admin_views.InvolvementReportView.as_view(results_only=True),
            name="opportunities_involvement_report_results",
        ),
        path(
            "reports/outcomes-owed/",
            admin_views.OutcomesOwedReportView.as_view(),
            name="opportunities_outcomes_owed",
        ),
        path(
            "reports/outcomes-owed/results/",
            admin_views.OutcomesOwedReportView.as_view(results_only=True),
            name="opportunities_outcomes_owed_results",
        ),
    ]


@hooks.register("register_admin_menu_item")
def organisations_to_verify_menu_item():
    return StaffMenuItem(
        "Verify organisations",
        reverse("opportunities_organisations_to_verify"),
        icon_name="group",
        order=250,
    )


@hooks.register("register_reports_menu_item")
def involvement_report_menu_item():
    return StaffMenuItem(
        "Involvement by organisation",
        reverse("opportunities_involvement_report"),
        icon_name="group",
        order=50,
    )


@hooks.register("register_reports_menu_item")
def outcomes_owed_menu_item():
    return StaffMenuItem(
        "Outcomes owed",
        reverse("opportunities_outcomes_owed"),
        icon_name="clipboard-list",
        order=60,
    )
