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

            shown = []

            def progress(step, lines):
                self.stdout.write(f"  - {step}" + (f": {'; '.join(lines)}" if lines else ""))
                shown.extend(lines)

            context = seed_demo(seed=seed, progress=progress)
            for line in context.report[len(shown) :]:  # the summaries, made once all is built
                self.stdout.write(f"  {line}")
            self.stdout.write(self.style.SUCCESS("Demo site ready."))
        credentials = demo_credentials(seed)
        self.stdout.write("")
        passwords = {"staff": credentials[STAFF_EMAIL], "member": credentials[MEMBER_EMAIL]}
        logins = [
            ("Staff login (CMS at /cms/)", STAFF_EMAIL, passwords["staff"]),
            ("Member login", MEMBER_EMAIL, passwords["member"]),
            *[
                (login.label, login.email, passwords[login.shares_with])
                for login in declared_demo_logins()
            ],
        ]
        width = max(len(label) for label, *_ in logins) + 1
        for label, email, password in logins:
            self.stdout.write(f"  {label + ':':<{width}} {email} / {password}")
        self.stdout.write("")
