from django_tasks import task

from monitoring import services


@task()
def apply_monitoring_retention():
    return services.monitoring_apply_retention()


@task()
def release_presence_figures():
    return services.monitoring_release_due()
