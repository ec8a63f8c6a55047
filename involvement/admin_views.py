"""The staff "Late payers" report in the CMS (Reports), built like opportunities' reports."""

from types import SimpleNamespace

from wagtail.admin.ui.tables import Column, NumberColumn

from core.staff import StaffReportView
from involvement.money import format_pence
from involvement.selectors import late_payers


class LatePayersReportView(StaffReportView):
    page_title = "Late payers"
    header_icon = "warning"
    index_url_name = "involvement_late_payers"
    index_results_url_name = "involvement_late_payers_results"
    columns = [
        Column("organisation", label="Organisation"),
        NumberColumn("overdue_now", label="Payments overdue now"),
        Column("overdue_amount", label="Amount overdue"),
        NumberColumn("paid", label="Paid in the last 12 months"),
        NumberColumn("paid_late", label="Paid later than promised"),
        Column("median_days", label="Median days to pay"),
    ]

    def get_queryset(self):
        return [
            SimpleNamespace(
                **{
                    **row,
                    "organisation": row["organisation"].title,
                    "overdue_amount": format_pence(row["overdue_pence"]),
                }
            )
            for row in late_payers()
        ]
