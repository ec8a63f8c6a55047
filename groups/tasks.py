from django_tasks import task

from groups import services


@task()
def ask_listings_to_confirm():
    return services.listings_ask_to_confirm()
