"""Bulk import of opportunities from JSON Lines (the format is in docs/import-format.md).

Every line is checked before anything is written; each good line is then written in its own
transaction, so a bad line never leaves half a record behind and never stops the good ones. A dry
run is the same run inside a transaction that is rolled back, so it finds exactly the problems a
real run would.
"""

import json
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from jsonschema import Draft202012Validator, FormatChecker

from core.geography import GeocodingUnavailable, PostcodeError, geocode_postcode
from core.jsonlines import read_json_lines
from core.models import Community, Topic
from core.moderation import unique_child_slug
from core.text import clean_data
from opportunities.models import OpportunityPage, OrganisationPage
from opportunities.models.choices import AvailabilityChoice, OrganisationType, SupportType
from opportunities.services import organisation_index

SCHEMA_PATH = Path(__file__).parent / "import_schema.json"

# Keys whose value goes straight into the model field of the same name.
PLAIN_FIELDS = [
    "title",
    "summary",
    "role_type",
    "level",
    "who_for",
    "format",
    "purpose",
    "can_change",
    "cannot_change",
    "responsibilities",
    "places",
    "region",
    "paid",
    "fee_unit",
    "expenses_covered",
    "payment_choice",
    "days_to_pay",
    "benefits_letter",
    "papers_days_ahead",
    "accessibility",
    "recruitment",
    "feedback",
    "contact_email",
    "apply_url",
]
RENAMED_FIELDS = {"outcomes": "expected_outcomes", "hours": "time_commitment"}
MEETING_FIELDS = {
    AvailabilityChoice.WEEKDAY_DAYTIME: "meets_weekday_daytime",
    AvailabilityChoice.WEEKDAY_EVENING: "meets_weekday_evening",
    AvailabilityChoice.WEEKEND: "meets_weekend",
}
SUPPORT_FIELDS = {value: f"support_{value}" for value in SupportType.values}
# Fields an import sets, so a re-import can tell whether anything changed.
IMPORTED_FIELDS = [
    *PLAIN_FIELDS,
    *RENAMED_FIELDS.values(),
    *MEETING_FIELDS.values(),
    *SUPPORT_FIELDS.values(),
    "fee_amount",
    "deadline",
    "rolling",
    "start_date",
    "end_date",
    "earliest_start",
    "postcode",
    "latitude",
    "longitude",
]


@cache
def schema_validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


@dataclass
class ImportRecord:
    line_number: int
    external_id: str
    organisation: str
    fields: dict
    topics: list[str] = field(default_factory=list)
    communities: list[str] = field(default_factory=list)


# A message quoting a 50 MB value is cut short: the line number and the key say where to look.
MAX_MESSAGE = 300


@dataclass
class LineProblem:
    line_number: int
    messages: list[str]

    def __str__(self):
        return f"line {self.line_number}: " + "; ".join(
            message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"
            for message in self.messages
        )


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[LineProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lines: int = 0

    @property
    def imported(self):
        return self.created + self.updated + self.unchanged


def _schema_messages(data):
    messages = []
    for error in sorted(schema_validator().iter_errors(data), key=lambda e: list(e.path)):
        where = ".".join(str(part) for part in error.path)
        if error.validator == "anyOf" and not where:
            messages.append('give a deadline (YYYY-MM-DD) or "rolling": true')
        else:
            messages.append(f"{where}: {error.message}" if where else error.message)
    return messages


def _named_messages(error):
    """A ValidationError's messages, each after the name of what it is about where known."""
    if not hasattr(error, "error_dict"):
        return error.messages
    return [
        f"{name}: {message}" if name != "__all__" else message
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def record_from_line(line_number, data):
    """An ImportRecord for one line's JSON value, or a LineProblem saying everything wrong with it.

    Text is cleaned first (core.text.clean_text), as every save would clean it.
    """
    if not isinstance(data, dict):
        return LineProblem(line_number, ["each line must be one JSON object"])
    data = clean_data(data)
    messages = _schema_messages(data)
    if not messages and not data["organisation"].strip():
        messages.append("organisation: give the organisation's name")
    if messages:
        return LineProblem(line_number, messages)

    fields = {name: data[name] for name in PLAIN_FIELDS if name in data}
    for key, name in RENAMED_FIELDS.items():
        if key in data:
            fields[name] = data[key]
    for value, name in MEETING_FIELDS.items():
        fields[name] = value in data.get("meeting_times", [])
    for value, name in SUPPORT_FIELDS.items():
        fields[name] = value in data.get("support", [])
    fields["rolling"] = bool(data.get("rolling", False))
    fields["deadline"] = date.fromisoformat(data["deadline"]) if "deadline" in data else None
    for name in ("start_date", "end_date"):
        fields[name] = date.fromisoformat(data[name]) if name in data else None
    if "earliest_start" in data:
        fields["earliest_start"] = time.fromisoformat(data["earliest_start"])
    if "fee_amount" in data:
        fields["fee_amount"] = Decimal(str(data["fee_amount"])).quantize(Decimal("0.01"))
    if "latitude" in data:
        fields["latitude"], fields["longitude"] = data["latitude"], data["longitude"]
    if "postcode" in data:
        fields["postcode"] = data["postcode"].strip().upper()

    problems = []
    if fields["start_date"] and fields["end_date"] and fields["end_date"] < fields["start_date"]:
        problems.append("end_date is before start_date")
    if fields.get("fee_amount") and not fields.get("paid", False):
        problems.append('fee_amount is given but "paid" is not true')
    candidate = OpportunityPage(**fields)
    try:
        candidate.full_clean(exclude=["path", "depth", "url_path", "slug", "title", "draft_title"])
    except ValidationError as error:
        for name, errors in error.message_dict.items():
            problems.extend(f"{name}: {message}" for message in errors)
    if problems:
        return LineProblem(line_number, problems)
    return ImportRecord(
        line_number=line_number,
        external_id=data["external_id"],
        organisation=data["organisation"].strip(),
        fields=fields,
        topics=data.get("topics", []),
        communities=data.get("communities", []),
    )


def read_records(data):
    """Check every line of `data` (JSON Lines as bytes or str; see core.jsonlines).

    Returns (records, problems, lines read). Blank lines are skipped; line numbers count from 1.
    """
    records, problems, seen, count = [], [], {}, 0
    for json_line in read_json_lines(data):
        count += 1
        line_number = json_line.line_number
        if json_line.error:
            problems.append(LineProblem(line_number, [json_line.error]))
            continue
        outcome = record_from_line(line_number, json_line.value)
        if isinstance(outcome, LineProblem):
            problems.append(outcome)
        elif outcome.external_id in seen:
            problems.append(
                LineProblem(
                    line_number,
                    [
                        f"external_id {outcome.external_id} is also on line {seen[outcome.external_id]}"
                    ],
                )
            )
        else:
            seen[outcome.external_id] = line_number
            records.append(outcome)
    return records, problems, count


def _named(model, names):
    found = []
    for name in names:
        existing = model.objects.filter(name__iexact=name.strip()).first()
        found.append(existing or model.objects.create(name=name.strip()))
    return found


def _organisation_named(name, created_names):
    organisation = OrganisationPage.objects.filter(title__iexact=name).first()
    if organisation is not None:
        return organisation
    index = organisation_index()
    # Published so its opportunities have a home page, but verified only by staff.
    organisation = OrganisationPage(
        title=name, slug=unique_child_slug(index, name), organisation_type=OrganisationType.OTHER
    )
    index.add_child(instance=organisation)
    organisation.save_revision().publish()
    created_names.append(name)
    return organisation


def _place(record, warnings):
    fields = record.fields
    if fields.get("latitude") is not None or not fields.get("postcode"):
        return
    try:
        place = geocode_postcode(fields["postcode"])
    except PostcodeError as error:
        raise ValidationError(f"postcode: {error}") from error
    except GeocodingUnavailable:
        warnings.append(
            f"line {record.line_number}: the postcode service did not answer, so "
            f"{record.external_id} has no map location yet; import it again later"
        )
        return
    fields["latitude"], fields["longitude"] = place.latitude, place.longitude
    fields.setdefault("region", place.region)


def _changed(page, fields, topic_ids, community_ids):
    if any(getattr(page, name) != fields.get(name, _blank(name)) for name in IMPORTED_FIELDS):
        return True
    return (
        set(page.topics.values_list("pk", flat=True)) != topic_ids
        or set(page.communities.values_list("pk", flat=True)) != community_ids
    )


def _blank(name):
    """What a field holds when the import line leaves it out."""
    model_field = OpportunityPage._meta.get_field(name)
    if model_field.null:
        return None
    return model_field.get_default()


@transaction.atomic  # one line: its own transaction, or a savepoint in a dry run
def import_record(record, result, created_organisations):
    _place(record, result.warnings)
    fields = {name: record.fields.get(name, _blank(name)) for name in IMPORTED_FIELDS}
    topics = _named(Topic, record.topics)
    communities = _named(Community, record.communities)
    existing = OpportunityPage.objects.filter(external_id=record.external_id).first()
    if existing is None:
        organisation = _organisation_named(record.organisation, created_organisations)
        page = OpportunityPage(
            external_id=record.external_id,
            slug=unique_child_slug(organisation, fields["title"]),
            **fields,
        )
        organisation.add_child(instance=page)
        result.created += 1
    else:
        page = existing.get_latest_revision_as_object()
        if page.get_parent().title.casefold() != record.organisation.casefold():
            raise ValidationError(
                f"{record.external_id} belongs to {page.get_parent().title}; an import cannot "
                "move it to another organisation"
            )
        if not _changed(page, fields, {t.pk for t in topics}, {c.pk for c in communities}):
            result.unchanged += 1
            return
        for name, value in fields.items():
            setattr(page, name, value)
        result.updated += 1
    page.topics.set(topics)
    page.communities.set(communities)
    page.save_revision().publish()


@dataclass
class _LineOutcome:
    """What one line did; added to the ImportResult only if the line was stored."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)


def import_opportunities(data, *, progress=None, dry_run=False):
    """Check every line of `data` (JSON Lines, bytes or str), then import the good ones.

    Returns an ImportResult; `lines` on it is how many non-blank lines were read. A line that the
    database or the postcode lookup refuses becomes a LineProblem with its number; it never stops
    the other lines. With dry_run, everything is done and then rolled back.
    """
    records, problems, lines_read = read_records(data)
    result = ImportResult(problems=problems, lines=lines_read)
    created_organisations = []
    # A real run commits line by line (an interrupted import keeps what it wrote); a dry run
    # wraps the same work in one transaction and rolls it back.
    with transaction.atomic() if dry_run else nullcontext():
        for number, record in enumerate(records, start=1):
            counts, new_organisations = _LineOutcome(), []
            try:
                import_record(record, counts, new_organisations)
            except ValidationError as error:
                result.problems.append(LineProblem(record.line_number, _named_messages(error)))
            except (DatabaseError, ValueError) as error:
                # Say what the database said, in one line, rather than stopping with a traceback.
                reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
                result.problems.append(
                    LineProblem(
                        record.line_number,
                        [
                            "the database could not store this line"
                            + (f" ({reason})" if reason else "")
                        ],
                    )
                )
            else:
                result.created += counts.created
                result.updated += counts.updated
                result.unchanged += counts.unchanged
                result.warnings.extend(counts.warnings)
                created_organisations.extend(new_organisations)
            if progress:
                progress(number, len(records))
        if dry_run:
            transaction.set_rollback(True)
    result.problems.sort(key=lambda problem: problem.line_number)
    result.warnings.extend(
        f"new organisation {name} {'would be' if dry_run else 'was'} created; NSUN staff must "
        "verify it in the CMS"
        for name in created_organisations
    )
    return result
