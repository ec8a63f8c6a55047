"""The jobs a scheduler runs once a day, declared by each app.

Each app lists its jobs on its AppConfig (`daily_jobs`, like `site_sections`), so `manage.py
daily_jobs` in core names no app. A job is a django-tasks task, run now or queued for the worker.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string

EVERY_DAY = None
MONDAY = 0


@dataclass(frozen=True)
class DailyJob:
    """One job: the dotted path of its task, what its count means, and the weekday it runs on.

    `task` is "app.tasks.name" (imported when run, so declaring it imports nothing);
    `described` completes "<count> ..." in the command's output; `weekday` is Monday = 0 or
    EVERY_DAY.
    """

    task: str
    described: str
    weekday: int | None = EVERY_DAY

    def due(self, today):
        return self.weekday is EVERY_DAY or today.weekday() == self.weekday

    def load(self):
        return import_string(self.task)


def declared_daily_jobs():
    """Every DailyJob the installed apps declare, in INSTALLED_APPS order."""
    return [job for config in apps.get_app_configs() for job in getattr(config, "daily_jobs", ())]


def jobs_due(today=None):
    """The declared jobs due today (a date; the local date when not given)."""
    today = today or timezone.localdate()
    return [job for job in declared_daily_jobs() if job.due(today)]
