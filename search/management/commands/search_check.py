from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.sections import require_migrated
from search.alerts.queries import alert_drift, remove_alert_documents
from search.client import ElasticsearchNotConfigured
from search.index.documents import OpportunityDocument, mapping_of
from search.index.outbox import (
    FAILURES,
    apply_index_changes,
    queue_index_changes,
    queue_member_alerts,
)
from search.index.writing import index_drift, live_mapping, refresh_opportunities
from search.models import IndexChange


class Command(BaseCommand):
    help = (
        "Report drift between the database and the search indexes (opportunities, member alert "
        "documents, the mapping); --repair fixes what a rewrite can fix."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="Write, update or remove what differs."
        )

    def handle(self, *args, repair, **options):
        require_migrated()
        try:
            missing, extra, stale = index_drift()
            alerts_missing, alerts_extra, alerts_stale = alert_drift()
            mapping_differs = live_mapping() != mapping_of(OpportunityDocument)
        except ElasticsearchNotConfigured as error:
            raise CommandError(
                "ELASTICSEARCH_URL is not set; there is no index to check."
            ) from error
        except FAILURES as error:
            raise CommandError(f"Elasticsearch did not answer: {error}") from error
        waiting = IndexChange.objects.count()
        self.stdout.write(f"Missing from the index: {len(missing)} {self._some(missing)}")
        self.stdout.write(f"In the index but not published: {len(extra)} {self._some(extra)}")
        self.stdout.write(f"Out of date in the index: {len(stale)} {self._some(stale)}")
        for label, rows in [
            ("Alert documents missing", alerts_missing),
            ("Alert documents nobody wants", alerts_extra),
            ("Alert documents out of date", alerts_stale),
        ]:
            self.stdout.write(f"{label}: {len(rows)} {self._some([key for key, _ in rows])}")
        self.stdout.write(f"Changes waiting to be applied: {waiting}")
        if mapping_differs:
            self.stdout.write(
                "The opportunities index was built with another mapping; run search_reindex."
            )
        alert_rows = alerts_missing + alerts_extra + alerts_stale
        drift = len(missing) + len(extra) + len(stale) + len(alert_rows)
        if not drift and not waiting and not mapping_differs:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
            return
        if not repair:
            raise CommandError("The index differs from the database; run with --repair to fix it.")
        queue_index_changes(missing + stale, IndexChange.Action.INDEX)
        queue_index_changes(extra, IndexChange.Action.REMOVE)
        queue_member_alerts(sorted({member for _, member in alert_rows if member is not None}))
        remove_alert_documents([key for key, member in alerts_extra if member is None])
        IndexChange.objects.update(next_attempt_at=timezone.now())
        applied = 0
        while True:
            done, left = apply_index_changes()
            applied += done
            if not done or not left:
                break
        refresh_opportunities()  # so a check straight after sees the repair
        if left:
            raise CommandError(f"{left} changes could not be applied yet; Elasticsearch failed.")
        self.stdout.write(self.style.SUCCESS(f"Repaired: {applied} changes applied."))
        if mapping_differs:
            raise CommandError("The mapping still differs: run search_reindex to rebuild.")

    @staticmethod
    def _some(ids):
        return (
            f"(ids {', '.join(map(str, ids[:10]))}{'...' if len(ids) > 10 else ''})" if ids else ""
        )
