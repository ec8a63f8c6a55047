import sys

from django.core.management.base import BaseCommand, CommandError

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
        lines = self._read(path)
        result = import_opportunities(lines, progress=self._progress, dry_run=dry_run)
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"Note: {warning}"))
        if dry_run:
            checked = sum(1 for line in lines if line.strip())
            self.stdout.write(f"Checked {checked} lines; {len(result.problems)} have problems.")
        else:
            self.stdout.write(
                f"Imported {result.imported}: {result.created} new, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        for problem in result.problems:
            self.stderr.write(f"Not imported: {problem}")
        if result.problems:
            raise CommandError(
                f"{len(result.problems)} line(s) were not imported; fix them and run again."
            )

    def _read(self, path):
        try:
            if path == "-":
                return sys.stdin.read().splitlines()
            with open(path, encoding="utf-8-sig") as handle:
                return handle.read().splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error

    def _progress(self, done, total):
        if done == total or done % 50 == 0:
            self.stdout.write(f"  {done} of {total} written")
