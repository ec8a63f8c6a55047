"""The earnings limits members' totals are shown beside, as known when this was written.

2025 to 2026 figures are the DWP's rates for that year. The 2026 to 2027 figures could not be
read from the DWP's own table when this was written, so they are estimates (the permitted work
limit is 16 hours at the National Living Wage of £12.71, rounded up to 50p, as past limits
were; work allowances are the 2025 figures raised by September 2025's CPI of 3.8%), marked
unchecked: members are told so until staff check them in the CMS.
"""

from datetime import date

from django.db import migrations

RATES_2025 = "DWP, Benefit and pension rates 2025 to 2026 (gov.uk/government/publications/benefit-and-pension-rates-2025-to-2026)"
RATES_2026 = "DWP, Benefit and pension rates 2026 to 2027 (gov.uk/government/publications/benefit-and-pension-rates-2026-to-2027)"
TO_CHECK = " - estimate, to be checked by staff"

LIMITS = [
    ("esa_permitted_work", 19550, date(2025, 4, 7), RATES_2025, True),
    ("esa_permitted_work_lower", 2000, date(2025, 4, 7), RATES_2025, True),
    ("uc_work_allowance_lower", 41100, date(2025, 4, 7), RATES_2025, False),
    ("uc_work_allowance_higher", 68400, date(2025, 4, 7), RATES_2025, False),
    ("esa_permitted_work", 20350, date(2026, 4, 6), RATES_2026 + TO_CHECK, False),
    ("esa_permitted_work_lower", 2000, date(2026, 4, 6), RATES_2026 + TO_CHECK, False),
    ("uc_work_allowance_lower", 42700, date(2026, 4, 6), RATES_2026 + TO_CHECK, False),
    ("uc_work_allowance_higher", 71000, date(2026, 4, 6), RATES_2026 + TO_CHECK, False),
]


def seed(apps, schema_editor):
    EarningsLimit = apps.get_model("involvement", "EarningsLimit")
    for kind, amount_pence, applies_from, source, checked in LIMITS:
        EarningsLimit.objects.get_or_create(
            kind=kind,
            applies_from=applies_from,
            defaults={"amount_pence": amount_pence, "source": source, "checked": checked},
        )


class Migration(migrations.Migration):
    dependencies = [("involvement", "0002_benefits_limits_and_feedback")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
