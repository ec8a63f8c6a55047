from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.staff import StaffMenuItem
from involvement import admin_views, feedback_views
from involvement.models import EarningsLimit
from involvement.selectors import page_holds_involvement_records


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
        path(
            "reports/involvement-feedback/",
            feedback_views.staff_feedback_report,
            name="involvement_feedback_report",
        ),
    ]


@hooks.register("register_reports_menu_item")
def late_payers_menu_item():
    return StaffMenuItem(
        "Late payers", reverse("involvement_late_payers"), icon_name="warning", order=65
    )


@hooks.register("register_reports_menu_item")
def involvement_feedback_menu_item():
    return StaffMenuItem(
        "Feedback on involvement",
        reverse("involvement_feedback_report"),
        icon_name="comment",
        order=70,
    )


class EarningsLimitViewSet(SnippetViewSet):
    """Benefit earnings limits members' totals are shown beside; staff add each April's."""

    model = EarningsLimit
    icon = "date"
    menu_label = "Benefit earnings limits"
    add_to_admin_menu = False
    list_display = ["kind", "amount_pence", "applies_from", "checked", "source"]
    list_filter = ["kind", "checked"]


register_snippet(EarningsLimitViewSet)


@hooks.register("before_delete_page")
def keep_pages_that_hold_payment_records(request, page):
    """A page whose opportunity (or any below it) has involvement records is not deleted: its
    payment records must be kept. Staff are told why and can unpublish it instead."""
    if page_holds_involvement_records(page):
        messages.error(
            request,
            f"“{page.title}” cannot be deleted: people's involvement and payment records belong "
            "to it and must be kept for six years. Unpublish it instead.",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
