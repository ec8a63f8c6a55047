import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.geography import GeocodingUnavailable, PostcodeError
from core.sections import require_migrated
from search.client import elasticsearch_enabled
from search.matching.engines import EngineUnavailable, QueryRefused, get_engine
from search.matching.profile import ProfileFileError, profile_from_json


class Command(BaseCommand):
    help = "Print the ranked matches, with reasons, for a profile given as a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("--profile", required=True, help="Path to the profile JSON file.")
        parser.add_argument("--limit", type=int, default=20, help="How many matches (default 20).")
        parser.add_argument(
            "--engine",
            choices=["elasticsearch", "embedded"],
            help="Which engine to use (default: Elasticsearch when ELASTICSEARCH_URL is set).",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print JSON instead of a table."
        )

    def handle(self, *args, profile, limit, engine, as_json, **options):
        require_migrated()
        if limit < 1 or limit > 1000:
            raise CommandError("--limit must be between 1 and 1000.")
        path = Path(profile)
        try:
            text = path.read_bytes()  # decoded by profile_from_json, which tolerates a BOM
        except FileNotFoundError as error:
            raise CommandError(f"No profile file at {path}.") from error
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
        try:
            match_profile = profile_from_json(text)
        except (ProfileFileError, PostcodeError) as error:
            raise CommandError(str(error)) from error
        except GeocodingUnavailable as error:
            raise CommandError(
                "The postcode could not be looked up just now; try again."
            ) from error
        if engine == "elasticsearch" and not elasticsearch_enabled():
            raise CommandError("ELASTICSEARCH_URL is not set; use --engine embedded.")
        chosen = get_engine(engine)
        try:
            matches = chosen.match(match_profile, limit=limit)
        except EngineUnavailable as error:
            raise CommandError(f"The {chosen.name} engine is unavailable: {error}") from error
        except QueryRefused as error:
            raise CommandError(
                f"The {chosen.name} engine refused the query made for this profile. This is a "
                f"fault in the site, not in the profile; please report it. ({error})"
            ) from error
        if as_json:
            self.stdout.write(
                json.dumps([m.as_json() for m in matches], indent=2, ensure_ascii=False)
            )
            return
        if not matches:
            self.stdout.write("No opportunities match this profile.")
        for position, match in enumerate(matches, start=1):
            self.stdout.write(f"{position:>3}. {match.facts.title}  (score {match.score:.3f})")
            for reason in match.reasons:
                self.stdout.write(f"       + {reason}")
            for unmet in match.unmet:
                self.stdout.write(f"       - {unmet}")
