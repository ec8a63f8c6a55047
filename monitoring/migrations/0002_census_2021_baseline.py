from django.db import migrations

CENSUS_2021_ETHNIC_GROUP = {"white": 81.7, "asian": 9.3, "black": 4.0, "mixed": 2.9, "other": 2.1}


def add_baseline(apps, schema_editor):
    PopulationBaseline = apps.get_model("monitoring", "PopulationBaseline")
    PopulationBaseline.objects.get_or_create(
        name="England and Wales, Census 2021",
        characteristic="ethnic_group",
        defaults={
            "shares": CENSUS_2021_ETHNIC_GROUP,
            "source": "Office for National Statistics, Census 2021: ethnic group, England and Wales",
            "is_default": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(add_baseline, migrations.RunPython.noop)]
