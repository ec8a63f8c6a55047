"""Staff reports for the directory in the Wagtail admin."""

from django.urls import reverse
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from core.staff import StaffReportView
from groups.schedule import needs_schedule_check
from groups.selectors import listings_to_check


class ListingsToCheckReportView(StaffReportView):
    page_title = "Listings not checked for a year"
    header_icon = "history"
    index_url_name = "groups_listings_to_check"
    index_results_url_name = "groups_listings_to_check_results"
    columns = [
        TitleColumn(
            "title",
            label="Listing",
            get_url=lambda listing: reverse("wagtailadmin_pages:edit", args=[listing.pk]),
        ),
        Column("kind", label="Kind", accessor=lambda listing: listing._meta.verbose_name),
        DateColumn("last_checked", label="Last checked"),
        DateColumn("check_requested_at", label="Contact asked"),
        Column(
            "schedule",
            label="Schedule",
            accessor=lambda listing: (
                "Needs a week or a date" if needs_schedule_check(listing) else ""
            ),
        ),
    ]
    list_export = ["title", "last_checked", "check_requested_at"]

    def get_queryset(self):
        return listings_to_check()
