from django.apps import AppConfig

from core.demo_steps import DemoStep
from core.jobs import DailyJob


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Presence monitoring"
    member_data = {
        "monitoring_answers_kept_for_next_time": "monitoring.selectors.member_saved_answers_data"
    }
    demo_builders = (DemoStep("monitoring.demo.build_monitoring_records", order=80),)
    daily_jobs = (
        DailyJob(
            "monitoring.tasks.apply_monitoring_retention",
            "monitoring records past the retention period deleted",
        ),
        DailyJob(
            "monitoring.tasks.release_presence_figures", "periods of Presence figures released"
        ),
    )

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from monitoring import receivers
        from opportunities.signals import interest_status_changed

        interest_status_changed.connect(
            receivers.follow_interest_status, dispatch_uid="monitoring_follow_status"
        )
        pre_delete.connect(
            receivers.erase_with_the_account,
            sender=get_user_model(),
            dispatch_uid="monitoring_erase_with_account",
        )
