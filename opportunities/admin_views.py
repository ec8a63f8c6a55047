"""Staff pages in the Wagtail admin: verifying organisations and the involvement reports."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn

from core.staff import StaffReportView, require_staff
from opportunities import selectors, services
from opportunities.models import OrganisationPage


class InvolvementReportView(StaffReportView):
    page_title = "Involvement by organisation"
    header_icon = "group"
    index_url_name = "opportunities_involvement_report"
    index_results_url_name = "opportunities_involvement_report_results"
    columns = [
        Column("title", label="Organisation"),
        Column("verified", label="Verified"),
        NumberColumn("open_opportunities", label="Open opportunities"),
        NumberColumn("interest_received", label="Interest received"),
        NumberColumn("acknowledged", label="Acknowledged"),
        Column("median_days_to_acknowledge", label="Median days to acknowledge"),
        NumberColumn("waiting_after_reminder", label="Still waiting after a reminder"),
        NumberColumn("outcomes_owed", label="Outcomes owed"),
    ]

    def get_queryset(self):
        return selectors.organisation_involvement_report()


class OutcomesOwedReportView(StaffReportView):
    page_title = "Outcomes owed"
    header_icon = "clipboard-list"
    index_url_name = "opportunities_outcomes_owed"
    index_results_url_name = "opportunities_outcomes_owed_results"
    columns = [
        Column("title", label="Opportunity"),
        Column("organisation_title", label="Organisation"),
        DateColumn("end_date", label="Ended"),
        DateColumn("outcomes_requested_at", label="Organisation asked"),
    ]

    def get_queryset(self):
        opportunities = list(selectors.opportunities_owing_outcomes().order_by("end_date", "pk"))
        for opportunity in opportunities:
            opportunity.organisation_title = opportunity.get_parent().title
        return opportunities


def organisations_to_verify(request):
    require_staff(request.user)
    return TemplateResponse(
        request,
        "wagtailadmin_network/organisations_to_verify.html",
        {
            "page_title": "Organisations to verify",
            "header_icon": "group",
            "organisations": selectors.organisations_awaiting_verification(),
        },
    )


@require_POST
def organisation_verify(request, organisation_id):
    require_staff(request.user)
    organisation = get_object_or_404(OrganisationPage, pk=organisation_id)
    services.organisation_verify(organisation=organisation, verified_by=request.user)
    messages.success(
        request, f"{organisation.title} is verified. Its opportunities can now be published."
    )
    return redirect("opportunities_organisations_to_verify")
