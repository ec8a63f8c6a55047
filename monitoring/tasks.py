from django_tasks import task

from monitoring import services


@task()
def apply_monitoring_retention():
    return services.monitoring_apply_retention()
