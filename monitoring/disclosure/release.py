"""A release: the figures of one period, worked out once and kept.

Reports count people, not records: one person who applied to several roles has a record for
each (MonitoringRecord.respondent is the same on all of them) and is counted once in every
scope, with the answers of their latest record in the period. A "table" is the group of people
one report column counts: everyone who answered in a scope ("applicants") or those of them
involved ("involved"). Which tables may be published is decided over the whole release at once.

Rules (docs/decisions/0005-disclosure-control.md):
1. A table is published only if it counts at least THRESHOLD people; an involved column also
   needs its applicants published.
2. No two published tables may differ by 1 to THRESHOLD - 1 people (their symmetric
   difference), whatever their scopes, columns or periods: differencing them would single
   out a few people. The more detailed or the involved table gives way. Tables of every earlier
   release count too, as they were released: people erased since ("gone") are a difference.
3. Where a table is split into parts (the network into regions, levels or organisations; an
   organisation into opportunities; a year into quarters), the people in no published part
   (with any gone from published parts) and the people in more than one must each be none or
   at least THRESHOLD, and no published table may differ from either group by 1 to
   THRESHOLD - 1 people; else the smallest published part is hidden (for a year, whose
   quarters are out, the year).
4. Each published count is perturbed with the cell-key method (perturbation.py), so any
   difference the rules above allow is noisy.
"""

import bisect
import gc
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.periods import parse_period, recent_periods
from core.perturbation import THRESHOLD, perturbed
from monitoring.disclosure.expressions import expressions_by_scope
from monitoring.models import MonitoringRecord, PresenceFigures, PresenceRelease, Stage
from monitoring.questions import ANSWER_FIELDS, CHARACTERISTICS, PREFER_NOT

APPLICANTS, INVOLVED = "applicants", "involved"
# Which of two tables gives way under rule 2: the higher rank is hidden first.
DETAIL = {"network": 0, "region": 1, "level": 1, "organisation": 2, "opportunity": 3}
STAFF_KINDS = ("network", "region", "level", "organisation")
NAMES = list(CHARACTERISTICS)
RECORD_FIELDS = ("respondent", "record_key", "quarter", "organisation_id", "opportunity_id",
                 "level", "region", "stage", *ANSWER_FIELDS)  # fmt: skip


def scopes_of(row):
    """The scope keys a record (a mapping with its context fields) is counted in."""
    keys = ["network"]
    if row["region"]:
        keys.append(f"region:{row['region']}")
    if row["level"]:
        keys.append(f"level:{row['level']}")
    if row["organisation_id"]:
        keys.append(f"organisation:{row['organisation_id']}")
    if row.get("opportunity_id"):
        keys.append(f"opportunity:{row['opportunity_id']}")
    return keys


def kind_of(scope):
    return scope.split(":", 1)[0]


class People(dict):
    """{respondent: Person}, and `parts`: {organisation scope: its opportunity scopes}."""

    def __init__(self):
        super().__init__()
        self.parts = defaultdict(set)


@dataclass
class Person:
    key: int = 0  # record key (0-255) for the cell-key method
    # (scope, quarter) -> [involved there, latest record id, its categories in NAMES order]
    quarters: dict = field(default_factory=dict)

    def view(self, scope, quarters):
        """(involved, categories) in a scope over some quarters, the categories from their
        latest record there; None if they answered nothing there."""
        found = [self.quarters[scope, q] for q in quarters if (scope, q) in self.quarters]
        if not found:
            return None
        latest = max(found, key=lambda entry: entry[1])
        return any(entry[0] for entry in found), latest[2]

    def scopes(self, quarters):
        return {scope for scope, quarter in self.quarters if quarter in quarters}


def read_people(quarters):
    """{respondent: Person} for everyone who answered in those quarters, from one read of
    their records."""
    people = People()
    records = MonitoringRecord.objects.filter(quarter__in=quarters).order_by("pk")
    for values in records.values_list("pk", *RECORD_FIELDS).iterator(chunk_size=5000):
        row = dict(zip(("pk", *RECORD_FIELDS), values, strict=True))
        person = people.setdefault(row["respondent"], Person())
        person.key = row["record_key"]
        categories = tuple(CHARACTERISTICS[name].category_of(row) or PREFER_NOT for name in NAMES)
        involved = row["stage"] == Stage.INVOLVED
        if row["organisation_id"] and row["opportunity_id"]:
            people.parts[f"organisation:{row['organisation_id']}"].add(
                f"opportunity:{row['opportunity_id']}"
            )
        for scope in scopes_of(row):
            entry = person.quarters.setdefault((scope, row["quarter"]), [False, 0, categories])
            entry[0] = entry[0] or involved
            entry[1], entry[2] = row["pk"], categories  # records are read oldest first
    return people


class Tables:
    """Every table of a period as a group of people, with what may be published.

    Tables are (scope, column) for this period; the tables earlier releases published are there
    too as (scope, column, period), fixed: they cannot give way. A member of a table is a person
    with the answers that table counts them with, so the same person with other answers in
    another table is a difference between the two."""

    def __init__(self, period, people, released=None):
        released = released or {}  # (scope, column, period) -> people when it was released
        periods = {label: parse_period(label).quarters for _, _, label in released}
        self.members = defaultdict(set)  # table -> {(person number, categories)}
        for number, person in enumerate(people.values()):
            for scope in person.scopes(period.quarters):
                involved, categories = person.view(scope, period.quarters)
                self.members[scope, APPLICANTS].add((number, categories))
                if involved:
                    self.members[scope, INVOLVED].add((number, categories))
            for scope in {scope for scope, _ in person.quarters}:
                for label, quarters in periods.items():
                    seen = person.view(scope, quarters)
                    if seen is None:
                        continue
                    for column in (APPLICANTS, INVOLVED) if seen[0] else (APPLICANTS,):
                        if (scope, column, label) in released:
                            self.members[scope, column, label].add((number, seen[1]))
        self.frozen = set(released)
        # People erased since a release still count in what it published.
        self.gone = {
            table: max(0, size - len(self.members[table])) for table, size in released.items()
        }
        self.published = {
            table
            for table, members in self.members.items()
            if len(table) == 2 and len(members) >= THRESHOLD
        }
        self.published -= {
            (scope, INVOLVED)
            for scope, column in list(self.published)
            if column == INVOLVED and (scope, APPLICANTS) not in self.published
        }

    def size(self, table):
        return len(self.members[table]) + self.gone.get(table, 0)

    def is_visible(self, table):
        """Published now or by an earlier release."""
        return table in self.published or table in self.frozen

    def hide(self, table):
        self.published.discard(table)
        if table[1] == APPLICANTS:
            self.published.discard((table[0], INVOLVED))

    def apply_rules(self, partitions):
        """Rules 2 and 3 until nothing changes."""
        shared = self._shared()
        changed = True
        while changed:
            changed = self._differences(shared) | self._remainders(partitions)

    def _shared(self):
        """{(a, b): people in both} for tables that share anyone, counted once per distinct
        set of tables a person is in (most people share theirs with many others)."""
        index = defaultdict(list)
        for table, members in self.members.items():
            if self.is_visible(table):
                for number in members:
                    index[number].append(table)
        signatures = Counter(tuple(sorted(tables)) for tables in index.values())
        shared = defaultdict(int)
        for tables, people in signatures.items():
            for pair in combinations(tables, 2):
                shared[pair] += people
        return shared

    def _differences(self, shared):
        changed = False
        for (first, second), both in shared.items():
            if not (self.is_visible(first) and self.is_visible(second)):
                continue
            if 0 < self.size(first) + self.size(second) - 2 * both < THRESHOLD:
                table = self._gives_way(first, second)
                if table is not None:
                    self.hide(table)
                    changed = True
        return changed

    def _gives_way(self, first, second):
        candidates = [table for table in (first, second) if table not in self.frozen]
        if not candidates:  # both fixed by earlier releases, which checked them together
            return None

        def order(table):
            return (table[1] == INVOLVED, DETAIL[kind_of(table[0])], -self.size(table))

        return max(candidates, key=order)

    def _remainders(self, partitions):
        changed = False
        for parent, children in partitions:
            for column in (APPLICANTS, INVOLVED):
                whole = (parent[0], column, *parent[1:])
                parts = [(child[0], column, *child[1:]) for child in children]
                while self.is_visible(whole):
                    shown = [part for part in parts if self.is_visible(part)]
                    if not shown:
                        break
                    rest = self.members[whole].difference(*(self.members[p] for p in shown))
                    # Erased people are not known apart: the same may be gone from several parts.
                    gone = max(self.gone.get(part, 0) for part in shown)
                    # People in two published parts are the parts' sum less the whole.
                    times = Counter(member for part in shown for member in self.members[part])
                    twice = {member for member, count in times.items() if count > 1}
                    if self._safe(rest, gone) and self._safe(twice):
                        break
                    can_hide = [part for part in shown if part not in self.frozen]
                    changed = True
                    if not can_hide:
                        self.hide(whole)
                        break
                    self.hide(min(can_hide, key=lambda part: (self.size(part), part)))
        return changed

    def _safe(self, group, gone=0):
        """A group anyone can work out from published tables (with `gone` people erased from
        them): nobody, or at least THRESHOLD people and not within THRESHOLD - 1 of any
        published table."""
        if not group and not gone:
            return True
        return len(group) + gone >= THRESHOLD and not self._near(group, gone)

    def _near(self, group, gone=0):
        """Whether a published table differs from `group` (a remainder anyone can work out)
        by 1 to THRESHOLD - 1 people, counting people erased since a table was released: from
        the table, and (`gone`) from the parts the remainder was worked out from, who are in
        the remainder with the opposite sign; the same person may be gone from both."""
        if not group:
            return False
        whole = len(group) + gone
        sizes = self._sizes()
        low = bisect.bisect_left(sizes, (whole - THRESHOLD + 1,))
        high = bisect.bisect_right(sizes, (whole + THRESHOLD,))
        for _, table in sizes[low:high]:
            if self.is_visible(table):
                members = self.members[table]
                difference = len(members) + len(group) - 2 * len(group & members)
                difference += max(self.gone.get(table, 0), gone)
                if 0 < difference < THRESHOLD:
                    return True
        return False

    def _sizes(self):
        if not hasattr(self, "_sorted_sizes"):
            self._sorted_sizes = sorted((self.size(table), table) for table in self.members)
        return self._sorted_sizes


def _partitions(tables, quarters):
    """(parent, children) pairs: children are parts of the parent (people may be in several)."""
    scopes = {table[0] for table in tables.members if len(table) == 2}
    by_kind = defaultdict(list)
    for scope in scopes:
        by_kind[kind_of(scope)].append((scope,))
    partitions = [(("network",), sorted(by_kind[kind]))
                  for kind in ("region", "level", "organisation")]  # fmt: skip
    partitions += [((parent,), sorted((child,) for child in children))
                   for parent, children in tables.people.parts.items()]  # fmt: skip
    if len(quarters) > 1:
        partitions += [((scope,), [(scope, q) for q in quarters]) for scope in sorted(scopes)]
    return partitions


def _released_sizes(period):
    """{(scope, column, period): people} for the tables every other release published."""
    released = {}
    for scope, figures, label in (
        PresenceFigures.objects.exclude(release__period=period.label)
        .values_list("scope", "figures", "release__period")
        .iterator(chunk_size=2000)
    ):
        sizes = figures.get("sizes", {})
        if figures["available"]:
            released[scope, APPLICANTS, label] = sizes.get(APPLICANTS, 0)
        if figures["involved_available"]:
            released[scope, INVOLVED, label] = sizes.get(INVOLVED, 0)
    return released


def decide(period):
    """Which tables of `period` may be published, checked against every earlier release: a
    Tables with `published` set and `people` read."""
    released = _released_sizes(period)
    quarters = {q for _, _, label in released for q in parse_period(label).quarters}
    people = read_people(sorted(quarters | set(period.quarters)))
    tables = Tables(period, people, released=released)
    tables.people = people
    tables.apply_rules(_partitions(tables, period.quarters))
    return tables


def _counted(people, period):
    """{(scope, involved, categories): [people, sum of their keys]}: everyone in a scope with
    the same answers counted together, so every figure below is a sum over a few groups."""
    groups = defaultdict(lambda: [0, 0])
    for person in people.values():
        for scope in person.scopes(period.quarters):
            involved, categories = person.view(scope, period.quarters)
            group = groups[scope, involved, categories]
            group[0] += 1
            group[1] += person.key
    return groups


def _figures(groups, tables, expressions):
    """{scope: what it publishes}: perturbed counts of published tables, nothing else."""
    # [applicants, their keys, involved, their keys] per (scope, characteristic, category).
    cells = defaultdict(lambda: [0, 0, 0, 0])
    totals = defaultdict(lambda: [0, 0, 0, 0])
    indices = range(len(NAMES))
    for (scope, involved, categories), (count, keys) in groups.items():
        if (scope, APPLICANTS) not in tables.published:
            continue
        total = totals[scope]
        total[0] += count
        total[1] += keys
        if involved:
            total[2] += count
            total[3] += keys
        for index in indices:
            cell = cells[scope, index, categories[index]]
            cell[0] += count
            cell[1] += keys
            if involved:
                cell[2] += count
                cell[3] += keys
    counts = defaultdict(lambda: defaultdict(dict))
    for (scope, index, category), cell in cells.items():
        involved_available = (scope, INVOLVED) in tables.published
        counts[scope][NAMES[index]][category] = [
            perturbed(cell[0], cell[1]),
            perturbed(cell[2], cell[3]) if involved_available else None,
        ]
    figures = {}
    for scope in {table[0] for table in tables.members if len(table) == 2} | set(expressions):
        available = (scope, APPLICANTS) in tables.published
        involved_available = (scope, INVOLVED) in tables.published
        total = totals[scope]
        figures[scope] = {
            "available": available,
            "involved_available": involved_available,
            "respondents": perturbed(total[0], total[1]) if available else None,
            "involved": perturbed(total[2], total[3]) if involved_available else None,
            "expressions": expressions.get(scope, 0),
            "counts": {name: dict(values) for name, values in counts[scope].items()},
            # People in each published table, never shown: a later year is checked against them.
            "sizes": {APPLICANTS: total[0] if available else 0,
                      INVOLVED: total[2] if involved_available else 0},
        }  # fmt: skip
    return figures


def _cross_tabulations(groups, tables):
    """{scope: {"first|second": {"a|b": perturbed count}}}: people who answered, for every
    pair of characteristics, for the published scopes staff can choose."""
    staff = {scope for scope, column in tables.published
             if column == APPLICANTS and kind_of(scope) in STAFF_KINDS}  # fmt: skip
    merged = defaultdict(lambda: [0, 0])  # (scope, categories) -> [people, keys]
    for (scope, _, categories), (count, keys) in groups.items():
        if scope in staff:
            group = merged[scope, categories]
            group[0] += count
            group[1] += keys
    pairs = list(combinations(range(len(NAMES)), 2))
    cells = defaultdict(lambda: [0, 0])
    for (scope, categories), (count, keys) in merged.items():
        for i, j in pairs:
            cell = cells[scope, i, j, categories[i], categories[j]]
            cell[0] += count
            cell[1] += keys
    tabulations = defaultdict(lambda: defaultdict(dict))
    for (scope, i, j, first, second), (count, keys) in cells.items():
        tabulations[scope][f"{NAMES[i]}|{NAMES[j]}"][f"{first}|{second}"] = perturbed(count, keys)
    return tabulations


def _release(period):
    # Millions of small counters and no cycles among them: the collector would only slow it.
    gc.disable()
    try:
        return _work_out(period, expressions_by_scope(period))
    finally:
        gc.enable()


def _work_out(period, expressions):
    tables = decide(period)
    groups = _counted(tables.people, period)
    figures = _figures(groups, tables, expressions)
    cross = _cross_tabulations(groups, tables)
    release = PresenceRelease.objects.create(period=period.label)
    PresenceFigures.objects.bulk_create(
        PresenceFigures(
            release=release,
            scope=scope,
            figures=figures[scope],
            cross_tabulations=dict(cross.get(scope, {})),
        )
        for scope in sorted(figures)
    )
    return release


def release_for(period, *, today=None, compute=True):
    """The release of `period`, worked out now if it is due and nobody has yet (unless
    `compute` is false); None before its release date (Period.release_date)."""
    today = today or timezone.localdate()
    if not period.is_released(today):
        return None
    release = PresenceRelease.objects.filter(period=period.label).first()
    if release is not None or not compute:
        return release
    if period.is_year:
        for quarter in period.quarters:
            release_for(parse_period(quarter), today=today)
    try:
        with transaction.atomic():
            return _release(period)
    except IntegrityError:  # released by another request meanwhile
        return PresenceRelease.objects.get(period=period.label)


def release_due(*, today=None):
    """Release every recent period that is due and not yet released. Returns how many."""
    today = today or timezone.localdate()
    made = 0
    for label in reversed(recent_periods(today)):
        period = parse_period(label)
        if period.is_released(today) and not PresenceRelease.objects.filter(period=label).exists():
            release_for(period, today=today)
            made += 1
    return made
