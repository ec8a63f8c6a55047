from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = "Involvement opportunities"

    def ready(self):
        from wagtail.models import WorkflowState
        from wagtail.signals import workflow_approved

        from opportunities import receivers

        workflow_approved.connect(
            receivers.verify_organisation_on_approval,
            sender=WorkflowState,
            dispatch_uid="opportunities_verify_on_approval",
        )
