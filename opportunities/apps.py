from django.apps import AppConfig

from core.demo_steps import DemoLogin, DemoStep
from core.jobs import DailyJob
from core.search_types import SearchableType
from core.sections import Section


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = "Involvement opportunities"
    member_data = {
        "expressions_of_interest": "opportunities.selectors.member_expressions_data",
        "organisations": "opportunities.selectors.member_organisations_data",
    }
    site_search_types = (
        SearchableType(
            "opportunity", "Opportunities", "Opportunity", ("opportunities.OpportunityPage",), 10
        ),
        SearchableType(
            "organisation", "Organisations", "Organisation", ("opportunities.OrganisationPage",), 30
        ),
    )
    demo_builders = (
        DemoStep("opportunities.demo.build_organisations_and_opportunities", order=60),
        DemoStep("opportunities.demo.build_summary", order=990, progress=False),
    )
    demo_values = {
        "organisation_email": "organisation@example.org",
        "organisation_name": "Northfield NHS Foundation Trust",
    }
    demo_logins = (DemoLogin("Organisation login (/portal/)", "organisation@example.org"),)
    daily_jobs = (
        DailyJob(
            "opportunities.tasks.send_interest_reminders",
            "reminders sent about interest waiting over 5 working days",
        ),
        DailyJob(
            "opportunities.tasks.request_outcome_reports", "requests for outcome reports sent"
        ),
        DailyJob(
            "opportunities.tasks.delete_old_invitations",
            "organisation invitations ended over 30 days ago deleted",
        ),
    )
    site_sections = (
        Section(
            model="opportunities.OrganisationIndexPage",
            slug="organisations",
            title="Organisations",
            introduction="Organisations that advertise involvement here. Each one has been "
            "checked by NSUN staff.",
        ),
        Section(
            model="opportunities.OpportunityIndexPage",
            slug="opportunities",
            title="Opportunities",
            introduction="Involvement opportunities that say what they are for, what they pay "
            "and how you will be supported.",
        ),
    )

    def ready(self):
        from wagtail.models import WorkflowState
        from wagtail.signals import workflow_approved

        from opportunities import receivers

        workflow_approved.connect(
            receivers.verify_organisation_on_approval,
            sender=WorkflowState,
            dispatch_uid="opportunities_verify_on_approval",
        )
