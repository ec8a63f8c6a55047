from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Matching and search"

    def ready(self):
        from search import receivers
        from search.matching import checks  # noqa: F401  (registers the start-up checks)

        receivers.connect()
