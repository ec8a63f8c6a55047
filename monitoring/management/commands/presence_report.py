import csv
import json

from django.core.management.base import BaseCommand, CommandError

from core.csv_export import safe_cell
from core.sections import require_migrated
from monitoring import disclosure
from monitoring.questions import CHARACTERISTICS
from opportunities.models import OpportunityPage, OrganisationPage


class Command(BaseCommand):
    help = (
        "Print the released Presence totals a staff member sees, for the network, one "
        "organisation or one opportunity, for a quarter (2026-Q3) or a year (2025), once its "
        "figures are released four weeks after it ends."
    )

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--organisation", metavar="SLUG")
        where.add_argument(
            "--opportunity", metavar="SLUG", help="Its slug, or ORGANISATION_SLUG/SLUG"
        )
        parser.add_argument("--period", required=True, help="A quarter like 2026-Q4, or a year")
        parser.add_argument(
            "--characteristic",
            choices=sorted(CHARACTERISTICS),
            help="Only this characteristic (every one if left out)",
        )
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, organisation, opportunity, period, characteristic, format, **options):
        require_migrated()
        try:
            period = disclosure.parse_period(period)
        except disclosure.DisclosureError as error:
            raise CommandError(str(error)) from None
        scope = disclosure.Scope(period=period)
        label = "NSUN network"
        if organisation:
            found = OrganisationPage.objects.filter(slug=organisation).first()
            if found is None:
                raise CommandError(f"There is no organisation with the slug {organisation!r}.")
            scope.organisation_id, label = found.pk, found.title
        if opportunity:
            organisation_slug, _, slug = opportunity.rpartition("/")
            matches = OpportunityPage.objects.filter(slug=slug)
            if organisation_slug:
                matches = [o for o in matches if o.get_parent().slug == organisation_slug]
            if not matches:
                raise CommandError(f"There is no opportunity with the slug {opportunity!r}.")
            if len(matches) > 1:  # slugs are unique only within one organisation
                raise CommandError(
                    f"Several organisations have an opportunity {slug!r}: give it as "
                    f"ORGANISATION/{slug}."
                )
            found = matches[0]
            scope.opportunity_id, label = found.pk, found.title
        names = [characteristic] if characteristic else list(CHARACTERISTICS)
        if disclosure.release_for(period) is None:
            raise CommandError(disclosure.figures.release_note(period))
        report = {
            "scope": label,
            "period": period.label,
            "about": disclosure.EXPLANATION,
            "response_rate": disclosure.response_rate(scope),
            "characteristics": [self._breakdown(scope, name) for name in names],
            "fewer_than_two_involved": [o.title for o in disclosure.activities_below_two(scope)],
        }
        if format == "json":
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            self._write_csv(report)

    @staticmethod
    def _breakdown(scope, name):
        result = disclosure.breakdown(scope, name)
        return {
            "characteristic": name,
            "label": result.characteristic.label,
            "respondents": result.respondents,
            "available": result.available,
            "reason": result.reason,
            "involved": result.involved,
            "involved_reason": result.involved_reason,
            "baseline": result.baseline.name if result.baseline else None,
            "rows": [
                {
                    "category": row.label,
                    "applicants": row.applicants,
                    "applicants_share": row.applicants_share,
                    "involved": row.involved,
                    "involved_share": row.involved_share,
                    "baseline_share": row.baseline_share,
                    "under_represented": row.under_represented,
                }
                for row in result.rows
            ],
        }

    def _write_csv(self, report):
        writer = csv.writer(self.stdout)
        rate = report["response_rate"]
        rows = [
            ["scope", report["scope"]],
            ["period", report["period"]],
            ["response rate", rate["rate"], f"{rate['respondents']} of {rate['expressions']}"],
            ["about these figures", report["about"]],
            ["characteristic", "category", "applicants", "share of applicants", "involved",
             "share of people involved", "baseline share", "under-represented"],
        ]  # fmt: skip
        for item in report["characteristics"]:
            if not item["available"]:
                rows.append([item["label"], disclosure.NOT_AVAILABLE, item["respondents"]])
            elif item["involved_reason"]:
                rows.append([item["label"], "people involved", item["involved_reason"]])
            for row in item["rows"]:
                rows.append([item["label"], row["category"], row["applicants"],
                             row["applicants_share"], row["involved"], row["involved_share"],
                             row["baseline_share"], "yes" if row["under_represented"] else ""])  # fmt: skip
        rows.append(["fewer than two involved", *report["fewer_than_two_involved"]])
        for row in rows:
            writer.writerow([safe_cell(cell) for cell in row])
