import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.demo import MEMBER_EMAIL, STAFF_EMAIL, demo_credentials, demo_is_present, seed_demo
from core.demo_steps import declared_demo_logins
from core.sections import require_migrated


class Command(BaseCommand):
    help = "Build the demo site (pages, taxonomies, accounts) in one step, from a seed."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=4, help="Random seed (default 4).")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing but print the logins if the demo data is already there.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Allow running outside the dev settings: the demo accounts have published passwords.",
        )

    def handle(self, *args, seed, if_empty, allow_production, **options):
        require_migrated()
        if not settings.DEMO_DATA_ALLOWED and not allow_production:
            raise CommandError(
                "seed_demo creates accounts with known passwords. It runs with the dev settings "
                "(network.settings.dev), or with --allow-production if you really mean it."
            )
        if if_empty and demo_is_present():
            self.stdout.write("Demo data is already present.")
        else:
            self.stdout.write(f"Building the demo site (seed {seed})...")
            # Wagtail logs every page it creates; the steps below are progress enough.
            logging.getLogger("wagtail").setLevel(logging.WARNING)
            context = seed_demo(seed=seed, progress=lambda step: self.stdout.write(f"  - {step}"))
            for line in context.report:
                self.stdout.write(f"    {line}")
            self.stdout.write(self.style.SUCCESS("Demo site ready."))
        credentials = demo_credentials(seed)
        self.stdout.write("")
        self.stdout.write(
            f"  Staff login (CMS at /cms/): {STAFF_EMAIL} / {credentials[STAFF_EMAIL]}"
        )
        self.stdout.write(
            f"  Member login:               {MEMBER_EMAIL} / {credentials[MEMBER_EMAIL]}"
        )
        passwords = {"staff": credentials[STAFF_EMAIL], "member": credentials[MEMBER_EMAIL]}
        for login in declared_demo_logins():
            self.stdout.write(f"  {login.label}: {login.email} / {passwords[login.shares_with]}")
        self.stdout.write("")
