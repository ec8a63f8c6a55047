import csv
import json

from django.core.management.base import BaseCommand, CommandError

from core.csv_export import safe_cell
from core.sections import require_migrated
from involvement import reports
from opportunities.models import OrganisationPage


class Command(BaseCommand):
    help = (
        "Per organisation, for a quarter (2026-Q4) or a year: median and 90th percentile days "
        "to pay against the promise, the share of expressions of interest acknowledged within 5 "
        "working days, and the share of finished opportunities with outcomes reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="A quarter like 2026-Q4, or a year")
        parser.add_argument("--organisation", metavar="SLUG")
        parser.add_argument("--format", choices=["csv", "json"], default="json")

    def handle(self, *args, period, organisation, format, **options):
        require_migrated()
        try:
            period = reports.parse_period(period)
        except reports.ReportError as error:
            raise CommandError(str(error)) from None
        found = None
        if organisation is not None:
            found = OrganisationPage.objects.filter(slug=organisation).first()
            if found is None:
                raise CommandError(f"There is no organisation with the slug {organisation!r}.")
        rows = reports.organisation_rows(period=period, organisation=found)
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {"period": period.label, "organisations": rows}, indent=2, ensure_ascii=False
                )
            )
            return
        fields = list(rows[0]) if rows else ["organisation"]
        writer = csv.DictWriter(self.stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: safe_cell(value) for key, value in row.items()})
