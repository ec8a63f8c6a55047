from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Matching and search"

    def ready(self):
        from search import receivers

        receivers.connect()
