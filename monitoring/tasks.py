from django_tasks import task

from monitoring import services


@task()
def apply_monitoring_retention():
    return services.monitoring_apply_retention()


@task()
def release_presence_figures(period=""):
    """Work out the figures of one period ("2026-Q3"), or of every period now due."""
    return services.monitoring_release_due(period=period)
