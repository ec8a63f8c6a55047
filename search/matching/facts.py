"""Every fact of an opportunity that matching and search use, declared once.

A Fact says what it is called, its Elasticsearch field type, which OpportunityPage columns it
is read from and how, and how it travels in and out of a JSON document. From FACTS come the
OpportunityFacts record both engines score, the index document (`to_document`), the index
mapping (search/index/documents.py), the database reader (search/selectors.py) and the reader
of Elasticsearch hits (`facts_from_source`). Adding a fact: a model field, a Fact here, and the
form or panel that fills it in.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, make_dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from elasticsearch.dsl import Boolean, Date, Float, GeoPoint, Integer, Keyword, Text
from elasticsearch.dsl.field import Field

from opportunities.models.choices import AvailabilityChoice, SupportType
from opportunities.selectors import standards_check_count
from search.matching.text import meaningful_words


class Location(NamedTuple):
    """A point in decimal degrees (WGS84), as postcodes.io gives it."""

    latitude: float
    longitude: float


@dataclass(frozen=True)
class ReadContext:
    """What a row needs beyond its own columns, read once for many rows."""

    topics: dict = field(default_factory=dict)  # page id -> [topic id]
    communities: dict = field(default_factory=dict)  # page id -> [community id]
    organisations: dict = field(default_factory=dict)  # organisation page path -> title
    root_url_path: str = "/"


def _same(value):
    return value


@dataclass(frozen=True)
class Fact:
    """One fact: `read(row, context)` from database columns, `to_index`/`from_index` for JSON."""

    name: str
    index_field: Field
    columns: tuple = ()
    read: Callable | None = None
    default: Any = None
    to_index: Callable = _same
    from_index: Callable = _same

    def read_row(self, row, context):
        if self.read is not None:
            return self.read(row, context)
        return row[self.columns[0]]

    @property
    def index_type(self):
        return self.index_field.name


def _words_field():
    # "plain" keeps the words as written, so the search page can forgive typos without stems.
    return Text(analyzer="english", fields={"plain": Text()})


def _named_words_field():
    return Text(analyzer="english", fields={"raw": Keyword(), "plain": Text()})


def _term_set(index_field, name, columns, reader):
    return Fact(
        name, index_field, columns, reader, default=frozenset(),
        to_index=lambda values: sorted(values), from_index=lambda values: frozenset(values or ()),
    )  # fmt: skip


def _flags(name, columns_to_values):
    """A set of choice values, each stored on the page as its own boolean column."""
    return _term_set(
        Keyword(),
        name,
        tuple(columns_to_values),
        lambda row, context: frozenset(
            value for column, value in columns_to_values.items() if row[column]
        ),
    )


def _optional_text(value):
    return value or None


def _optional_keyword(name):
    """A keyword column that may be blank: "" in Python, left out of the index."""
    return Fact(
        name, Keyword(), (name,), lambda row, context: row[name] or "", default="",
        to_index=_optional_text, from_index=lambda value: value or "",
    )  # fmt: skip


def _minutes(value):
    if value is None:
        return None
    return value.hour * 60 + value.minute


def _iso(value):
    return value.isoformat() if value is not None else None


def _datetime(value):
    return datetime.fromisoformat(value) if value else None


def _date(value):
    return date.fromisoformat(value) if value else None


def _public_url(row, context):
    url_path, root = row["url_path"] or "", context.root_url_path
    return "/" + url_path[len(root) :] if url_path.startswith(root) else url_path


def _location(row, context):
    if row["latitude"] is None or row["longitude"] is None:
        return None
    return Location(row["latitude"], row["longitude"])


def _body(row, context):
    parts = [row["purpose"], row["can_change"], row["expected_outcomes"], row["responsibilities"]]
    return "\n".join(part for part in parts if part)


def _checks_met(row, context):
    return round(row["check_ratio"] * standards_check_count())


MONEY_COLUMNS = (
    "paid",
    "expenses_covered",
    "payment_choice",
    "vouchers_available",
    "benefits_letter",
)


def money_handling(row, *, expenses_only):
    """How well a role handles money for someone (0..1; NSUN's 4Pi standards, Process): paid
    counts half, or for someone who would rather have expenses only, expenses covered; then a
    choice of how to be paid (or, for them, not being paid) a quarter, and a letter for a
    benefits adviser a quarter. Kept in the index for both kinds of person, so that scoring
    reads one number."""
    if expenses_only:
        value = 0.5 if row["expenses_covered"] else 0.0
        choice = not row["paid"] or row["payment_choice"] or row["vouchers_available"]
    else:
        value = 0.5 if row["paid"] else 0.25 if row["expenses_covered"] else 0.0
        choice = row["payment_choice"] or row["vouchers_available"]
    return value + (0.25 if choice else 0.0) + (0.25 if row["benefits_letter"] else 0.0)


MEETING_COLUMNS = {
    "meets_weekday_daytime": AvailabilityChoice.WEEKDAY_DAYTIME.value,
    "meets_weekday_evening": AvailabilityChoice.WEEKDAY_EVENING.value,
    "meets_weekend": AvailabilityChoice.WEEKEND.value,
}
SUPPORT_COLUMNS = {
    "support_admin": SupportType.ADMIN.value,
    "support_supervision": SupportType.SUPERVISION.value,
    "support_emotional": SupportType.EMOTIONAL.value,
    "support_peer": SupportType.PEER.value,
    "support_training": SupportType.TRAINING.value,
    "support_briefing": SupportType.BRIEFING.value,
}

FACTS = [
    Fact("id", Integer(), ("pk",)),
    Fact("title", _named_words_field(), ("title",), default=""),
    Fact("summary", _words_field(), ("summary",), default=""),
    Fact(
        "body",
        _words_field(),
        ("purpose", "can_change", "expected_outcomes", "responsibilities"),
        _body,
        default="",
    ),
    Fact(
        "organisation",
        _named_words_field(),
        ("path",),
        lambda row, context: context.organisations.get(row["path"][:-4], ""),
        default="",
    ),
    Fact("url", Keyword(index=False), ("url_path",), _public_url, default=""),
    Fact("who_for", Keyword(), ("who_for",), default=""),
    Fact("format", Keyword(), ("format",), default=""),
    Fact("role_type", Keyword(), ("role_type",), default=""),
    Fact("level", Keyword(), ("level",), default=""),
    _optional_keyword("region"),
    _term_set(
        Integer(), "topic_ids", ("pk",), lambda row, c: frozenset(c.topics.get(row["pk"], ()))
    ),
    _term_set(
        Integer(),
        "community_ids",
        ("pk",),
        lambda row, c: frozenset(c.communities.get(row["pk"], ())),
    ),
    Fact(
        "location",
        GeoPoint(),
        ("latitude", "longitude"),
        _location,
        to_index=lambda point: {"lat": point.latitude, "lon": point.longitude} if point else None,
        from_index=lambda value: Location(value["lat"], value["lon"]) if value else None,
    ),
    Fact("paid", Boolean(), ("paid",), default=False),
    Fact(
        "fee_amount",
        Float(),
        ("fee_amount",),
        lambda row, context: float(row["fee_amount"]) if row["fee_amount"] is not None else None,
    ),
    _optional_keyword("fee_unit"),
    Fact("expenses_covered", Boolean(), ("expenses_covered",), default=False),
    Fact("payment_choice", Boolean(), ("payment_choice",), default=False),
    Fact("vouchers_available", Boolean(), ("vouchers_available",), default=False),
    Fact("benefits_letter", Boolean(), ("benefits_letter",), default=False),
    _flags("meeting_times", MEETING_COLUMNS),
    Fact(
        "earliest_start_minutes",
        Integer(),
        ("earliest_start",),
        lambda row, context: _minutes(row["earliest_start"]),
    ),
    _flags("support", SUPPORT_COLUMNS),
    Fact(
        "money_handling",
        Float(),
        MONEY_COLUMNS,
        lambda row, context: money_handling(row, expenses_only=False),
        default=0.0,
    ),
    Fact(
        "money_handling_expenses_only",
        Float(),
        MONEY_COLUMNS,
        lambda row, context: money_handling(row, expenses_only=True),
        default=0.0,
    ),
    Fact("check_ratio", Float(), ("check_ratio",), default=0.0),  # kept in step on every save
    Fact("checks_met", Integer(), ("check_ratio",), _checks_met, default=0),
    Fact("published_at", Date(), ("first_published_at",), to_index=_iso, from_index=_datetime),
    Fact("updated_at", Date(), ("last_published_at",), to_index=_iso, from_index=_datetime),
    Fact("deadline", Date(), ("deadline",), to_index=_iso, from_index=_date),
    Fact("rolling", Boolean(), ("rolling",), default=False),
    Fact(
        "closed",
        Boolean(),
        ("closed_at",),
        lambda row, context: row["closed_at"] is not None,
        default=False,
    ),
    _optional_keyword("external_id"),
    # The words of the title and summary as matching compares them (search/matching/text.py).
    _term_set(
        Keyword(),
        "text_terms",
        ("title", "summary"),
        lambda row, context: meaningful_words(f"{row['title']} {row['summary']}"),
    ),
]
FACTS_BY_NAME = {fact.name: fact for fact in FACTS}
# The columns a database read needs, in a fixed order.
COLUMNS = list(dict.fromkeys(column for fact in FACTS for column in fact.columns))


class _FactsMethods:
    @property
    def has_location(self):
        return self.location is not None

    @property
    def latitude(self):
        return self.location.latitude if self.location else None

    @property
    def longitude(self):
        return self.location.longitude if self.location else None


OpportunityFacts = make_dataclass(
    "OpportunityFacts",
    [(fact.name, Any, field(default=fact.default)) for fact in FACTS],
    bases=(_FactsMethods,),
    frozen=True,
)
OpportunityFacts.__module__ = __name__
OpportunityFacts.__doc__ = "What matching knows about one opportunity: one attribute per Fact."


def facts_from_row(row, context):
    """OpportunityFacts from a `values(*COLUMNS)` row and its ReadContext."""
    return OpportunityFacts(**{fact.name: fact.read_row(row, context) for fact in FACTS})


def to_document(facts):
    """The index document for an opportunity's facts: a JSON-ready dict, one key per Fact."""
    return {fact.name: fact.to_index(getattr(facts, fact.name)) for fact in FACTS}


def facts_from_source(source):
    """OpportunityFacts from an Elasticsearch hit's `_source` (missing keys take the default)."""
    return OpportunityFacts(
        **{
            fact.name: fact.from_index(source[fact.name]) if fact.name in source else fact.default
            for fact in FACTS
        }
    )


def facts_from_page(page):
    """OpportunityFacts for an OpportunityPage instance, saved or not (a preview)."""
    row = {column: page.pk if column == "pk" else getattr(page, column) for column in COLUMNS}
    parent = page.get_parent() if page.path else None
    context = ReadContext(
        topics={page.pk: [topic.pk for topic in page.topics.all()]},
        communities={page.pk: [community.pk for community in page.communities.all()]},
        organisations={page.path[:-4]: parent.title} if parent is not None else {},
    )
    # The page knows its own address (its site, a preview); the reader's root is for rows.
    return OpportunityFacts(**{**facts_from_row(row, context).__dict__, "url": page.url or ""})
