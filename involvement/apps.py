from django.apps import AppConfig

from core.demo_steps import DemoStep
from core.jobs import DailyJob


class InvolvementConfig(AppConfig):
    name = "involvement"
    verbose_name = "Involvement after selection"
    member_data = {"involvement": "involvement.selectors.member_involvement_data"}
    page_extras = (("opportunities.OrganisationPage", "involvement.selectors.usually_pays_extra"),)
    demo_builders = (
        DemoStep("involvement.demo.build_involvement_records", order=70),
        DemoStep("involvement.demo.build_involvement_extras", order=90),
    )
    daily_jobs = (
        DailyJob(
            "involvement.tasks.remind_overdue_payments",
            "organisations reminded about overdue payments",
        ),
        DailyJob(
            "involvement.tasks.apply_involvement_retention",
            "receipts and involvement records past their retention period deleted",
        ),
        DailyJob(
            "involvement.tasks.release_and_expire_feedback",
            "feedback answers past their retention period deleted (due releases made)",
        ),
    )

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, pre_delete

        from involvement import receivers
        from involvement.models import ExpenseReceipt
        from involvement.signals import involvement_ended
        from opportunities.signals import interest_status_changed

        interest_status_changed.connect(
            receivers.start_involvement_on_selection, dispatch_uid="involvement_on_selection"
        )
        pre_delete.connect(
            receivers.keep_payments_without_the_person,
            sender=get_user_model(),
            dispatch_uid="involvement_erase_with_account",
        )
        post_delete.connect(
            receivers.delete_receipt_file,
            sender=ExpenseReceipt,
            dispatch_uid="involvement_receipt_file_with_its_row",
        )
        involvement_ended.connect(
            receivers.ask_for_feedback, dispatch_uid="involvement_feedback_on_end"
        )
        pre_delete.connect(
            receivers.forget_feedback_of_the_person,
            sender=get_user_model(),
            dispatch_uid="involvement_feedback_erase_with_account",
        )
