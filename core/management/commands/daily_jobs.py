import calendar
import logging

from django.core.management.base import BaseCommand, CommandError

from core.jobs import declared_daily_jobs, jobs_due
from core.sections import require_migrated

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run once a day (e.g. from cron) the jobs every app declares that are due today; "
        "--list lists every job and when it runs. A job that fails is logged and the others "
        "still run; the command then exits with an error naming it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the jobs for the task worker (manage.py db_worker) instead of running now.",
        )
        parser.add_argument(
            "--list", action="store_true", help="List every declared job and when it runs."
        )

    def handle(self, *args, enqueue, list, **options):
        if list:
            for job in declared_daily_jobs():
                when = "every day" if job.weekday is None else f"{calendar.day_name[job.weekday]}s"
                self.stdout.write(f"{job.task} ({when}): {job.described}")
            return
        require_migrated()
        failed = []
        for job in jobs_due():
            try:
                task = job.load()
                if enqueue:
                    task.enqueue()
                    self.stdout.write(f"Queued: {task.name}")
                else:
                    count = task.call()
                    self.stdout.write(f"{count} {job.described}")
            except Exception:  # one app's fault must not stop every other app's job
                logger.exception("Daily job %s failed", job.task)
                failed.append(job.task)
        if failed:
            raise CommandError(f"These jobs failed (see the log): {', '.join(failed)}")
