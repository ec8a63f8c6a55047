from django.apps import AppConfig

from core.demo_steps import DemoStep


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core: taxonomies, site settings, shared blocks and utilities"
    demo_builders = (
        DemoStep("core.demo.build_accounts", order=10),
        DemoStep("core.demo.build_taxonomies", order=20),
        DemoStep("core.demo.build_site_settings", order=30),
        DemoStep("core.demo.build_footer_links", order=900),
        DemoStep("core.demo.build_summary", order=1000, progress=False),
    )

    def ready(self):
        from django.urls import register_converter
        from wagtail.models import WorkflowState

        from core.converters import DatabaseId

        register_converter(DatabaseId, "id")
        from django.db.models.signals import pre_save

        from core.text import clean_instance_text

        # One place for text hygiene: every save from the CMS, the portal and the import.
        pre_save.connect(clean_instance_text, dispatch_uid="network_clean_instance_text")
        from wagtail.signals import workflow_approved, workflow_rejected

        from core import moderation
        from core.caching import connect_content_signals

        # Menus, settings and section pages cached in memory are thrown away on every change.
        connect_content_signals()

        # Replace Wagtail's approval and rejection emails with plain ones that link to the public
        # site and the portal, not the CMS.
        for signal, uid in [
            (workflow_approved, "workflow_state_approved_email_notification"),
            (workflow_rejected, "workflow_state_rejected_email_notification"),
        ]:
            signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
        workflow_approved.connect(
            moderation.notify_submitter_of_approval,
            sender=WorkflowState,
            dispatch_uid="network_moderation_approved",
        )
        workflow_rejected.connect(
            moderation.notify_submitter_of_rejection,
            sender=WorkflowState,
            dispatch_uid="network_moderation_needs_changes",
        )
