from django.core.management.base import BaseCommand, CommandError

from core.sections import SiteNotSetUp, setup_site


class Command(BaseCommand):
    help = (
        "Create the site's sections (organisations, opportunities, both directories, resources) "
        "if they are missing, and point the site at SITE_URL. Safe to run on every start."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            help="The public address, e.g. https://network.example.org "
            "(default: the SITE_URL setting).",
        )

    def handle(self, *args, site_url=None, **options):
        try:
            outcome = setup_site(site_url=site_url)
        except (SiteNotSetUp, ValueError) as error:
            raise CommandError(str(error)) from error
        created = [section for section, made in outcome if made]
        for section in created:
            self.stdout.write(f"  Created the section “{section.title}” at /{section.slug}/")
        self.stdout.write(
            f"Site ready: {len(outcome)} sections, {len(created)} new."
            if created
            else f"Site ready: all {len(outcome)} sections were already there."
        )
