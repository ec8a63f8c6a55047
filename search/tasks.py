from django_tasks import task

from search import sync


@task()
def apply_index_changes_task():
    return sync.apply_and_reschedule()
