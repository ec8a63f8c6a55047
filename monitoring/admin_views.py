"""The Presence dashboard for NSUN staff, in the CMS."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from monitoring import reports
from opportunities.admin_views import user_is_involvement_staff


def presence_dashboard(request):
    if not user_is_involvement_staff(request.user):
        raise PermissionDenied
    report, status = reports.staff_report(request)
    if report.get("csv"):
        return report["csv"]
    return TemplateResponse(
        request,
        "wagtailadmin_network/presence_dashboard.html",
        {"page_title": "Presence", "header_icon": "group", **report},
        status=status,
    )
