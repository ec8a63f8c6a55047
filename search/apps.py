from django.apps import AppConfig

from core.jobs import MONDAY, DailyJob


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Matching and search"
    readiness_reports = {"elasticsearch": "search.client.elasticsearch_status"}
    member_data = {
        "saved_searches": "search.selectors.member_saved_searches_data",
        "alerts_sent": "search.selectors.member_alerts_sent_data",
    }
    daily_jobs = (
        # First, so what a stopped worker left reaches today's digests.
        DailyJob(
            "search.tasks.finish_alert_decisions", "unfinished alert decisions or emails taken up"
        ),
        DailyJob("search.tasks.send_daily_alerts", "daily alert digests sent"),
        DailyJob("search.tasks.send_weekly_alerts", "weekly alert digests sent", weekday=MONDAY),
    )

    def ready(self):
        from search import receivers
        from search.matching import checks  # noqa: F401  (registers the start-up checks)

        receivers.connect()
