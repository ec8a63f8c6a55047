from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from search.client import ElasticsearchNotConfigured
from search.indexing import index_drift, refresh_opportunities
from search.models import IndexChange
from search.sync import FAILURES, apply_index_changes, queue_index_changes


class Command(BaseCommand):
    help = "Report drift between the database and the search index; --repair fixes it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="Write, update or remove what differs."
        )

    def handle(self, *args, repair, **options):
        try:
            missing, extra, stale = index_drift()
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
        self.stdout.write(f"Changes waiting to be applied: {waiting}")
        drift = len(missing) + len(extra) + len(stale)
        if not drift and not waiting:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
            return
        if not repair:
            raise CommandError("The index differs from the database; run with --repair to fix it.")
        queue_index_changes(missing + stale, IndexChange.Action.INDEX)
        queue_index_changes(extra, IndexChange.Action.REMOVE)
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

    @staticmethod
    def _some(ids):
        return (
            f"(ids {', '.join(map(str, ids[:10]))}{'...' if len(ids) > 10 else ''})" if ids else ""
        )
