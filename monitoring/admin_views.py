"""The Presence dashboard for NSUN staff, in the CMS."""

from django.template.response import TemplateResponse

from core.staff import require_staff
from monitoring import page_views


def presence_dashboard(request):
    require_staff(request.user)
    report, status = page_views.staff_report_view(request)
    if report.get("csv"):
        return report["csv"]
    return TemplateResponse(
        request,
        "wagtailadmin_network/presence_dashboard.html",
        {"page_title": "Presence", "header_icon": "group", **report},
        status=status,
    )
