import sys

from django.core.management.base import BaseCommand, CommandError

from core.sections import require_migrated
from opportunities.importing import import_opportunities


class Command(BaseCommand):
    help = (
        "Load opportunities, and their organisations if new, from a JSON Lines file "
        "(see docs/import-format.md). Re-importing a file updates rather than duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .jsonl file, or - for standard input.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every line and report; write nothing."
        )

    def handle(self, *args, path, dry_run, **options):
        require_migrated()
        self.dry_run = dry_run
        data = self._read(path)
        result = import_opportunities(data, progress=self._progress, dry_run=dry_run)
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"Note: {warning}"))
        if dry_run:
            self.stdout.write(
                f"Checked {result.lines} lines; {len(result.problems)} have problems. "
                f"A real run would import {result.imported}: {result.created} new, "
                f"{result.updated} updated, {result.unchanged} unchanged. Nothing was written."
            )
        else:
            self.stdout.write(
                f"Imported {result.imported}: {result.created} new, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        for problem in result.problems:
            self.stderr.write(f"Not imported: {problem}")
        if result.problems:
            raise CommandError(
                f"{len(result.problems)} line(s) "
                f"{'would not be' if dry_run else 'were not'} imported; fix them and run again."
            )

    def _read(self, path):
        """The file's bytes: decoding is the JSON Lines reader's, line by line."""
        try:
            if path == "-":
                stdin = getattr(sys.stdin, "buffer", sys.stdin)
                return stdin.read()
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error

    def _progress(self, done, total):
        if done == total or done % 50 == 0:
            self.stdout.write(f"  {done} of {total} {'checked' if self.dry_run else 'written'}")
