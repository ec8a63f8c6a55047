import sys
import time

from django.core.management.base import BaseCommand, CommandError

from core.sections import require_migrated
from opportunities.models import OpportunityPage
from search.alerts.queries import rebuild_alerts_index
from search.client import ElasticsearchNotConfigured
from search.index.outbox import FAILURES
from search.index.writing import rebuild_opportunities_index


class Command(BaseCommand):
    help = (
        "Rebuild the opportunities index into a new index and swap the alias when it is complete. "
        "Searches keep working during the rebuild. Then the same for the member alert documents."
    )

    def handle(self, *args, **options):
        require_migrated()
        total = OpportunityPage.objects.live().count()
        started = time.monotonic()
        self.stdout.write(f"Rebuilding the index from {total} published opportunities")
        try:
            name, indexed, errors = rebuild_opportunities_index(
                progress=lambda done: self._progress(done, total)
            )
        except ElasticsearchNotConfigured as error:
            raise CommandError(
                "ELASTICSEARCH_URL is not set; there is no index to build."
            ) from error
        except FAILURES as error:
            raise CommandError(f"Elasticsearch did not answer: {error}") from error
        seconds = time.monotonic() - started
        self.stdout.write("")
        rate = indexed / seconds if seconds else indexed
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {indexed} opportunities into {name} in {seconds:.1f}s "
                f"({rate:.0f} a second); the alias now points at it."
            )
        )
        started = time.monotonic()
        self.stdout.write("Rebuilding the member alert documents")
        try:
            name, written = rebuild_alerts_index(
                progress=lambda done, total: self._progress(done, total)
            )
        except FAILURES as error:
            raise CommandError(f"Elasticsearch did not answer: {error}") from error
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Stored {written} alert queries in {name} in {time.monotonic() - started:.1f}s."
            )
        )
        for error in errors[:10]:
            self.stderr.write(f"Not indexed: {error}")
        if errors:
            raise CommandError(f"{len(errors)} opportunities could not be indexed.")

    def _progress(self, done, total):
        step = max(total // 20, 1)
        if done % step and done != total:
            return
        width = 30
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        end = "\r" if self.stdout.isatty() else "\n"
        self.stdout.write(f"  [{bar}] {done}/{total}", ending=end)
        if end == "\r":
            sys.stdout.flush()
