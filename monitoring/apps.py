from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Presence monitoring"

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
