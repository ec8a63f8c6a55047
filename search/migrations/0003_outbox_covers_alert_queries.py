from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0002_alerts")]

    operations = [
        migrations.RenameField("indexchange", "page_id", "object_id"),
        migrations.AlterField(
            "indexchange",
            "object_id",
            models.PositiveBigIntegerField(help_text="The opportunity's or member's id."),
        ),
        migrations.AddField(
            "indexchange",
            "document",
            models.CharField(
                choices=[
                    ("opportunity", "An opportunity"),
                    ("member_alerts", "A member's stored alert queries"),
                ],
                default="opportunity",
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            "indexchange",
            models.UniqueConstraint(fields=["document", "object_id"], name="one_change_per_entry"),
        ),
    ]
