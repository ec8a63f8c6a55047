from django.core.management.base import BaseCommand
from django.utils import timezone

from core.sections import require_migrated
from groups.tasks import ask_listings_to_confirm
from monitoring.tasks import apply_monitoring_retention, release_presence_figures
from opportunities.tasks import (
    delete_old_invitations,
    request_outcome_reports,
    send_interest_reminders,
)
from search.tasks import send_daily_alerts, send_weekly_alerts

MONDAY = 0


class Command(BaseCommand):
    help = (
        "Run once a day (e.g. from cron): remind organisations about expressions of interest "
        "not acknowledged within 5 working days, ask for outcomes of opportunities that ended, "
        "send the daily (and on Mondays the weekly) alert digests, delete monitoring records "
        "older than the retention period, delete organisation invitations that ended over 30 "
        "days ago and release the Presence figures of periods now due."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the jobs for the task worker (manage.py db_worker) instead of running now.",
        )

    def handle(self, *args, enqueue, **options):
        require_migrated()
        for job, described in [
            (send_interest_reminders, "reminders sent about interest waiting over 5 working days"),
            (request_outcome_reports, "requests for outcome reports sent"),
            (send_daily_alerts, "daily alert digests sent"),
            (ask_listings_to_confirm, "listings asked whether they are still right"),
            (apply_monitoring_retention, "monitoring records past the retention period deleted"),
            (release_presence_figures, "periods of Presence figures released"),
            (delete_old_invitations, "organisation invitations ended over 30 days ago deleted"),
            *([(send_weekly_alerts, "weekly alert digests sent")] if self.is_monday() else []),
        ]:
            if enqueue:
                job.enqueue()
                self.stdout.write(f"Queued: {job.name}")
            else:
                count = job.call()
                self.stdout.write(f"{count} {described}")

    @staticmethod
    def is_monday():
        return timezone.localdate().weekday() == MONDAY
