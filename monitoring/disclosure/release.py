"""A release: the figures of one period, worked out once and kept.

Which tables may be published is decided over the whole release at once. A "table" is the set
of records one report column counts: everyone who answered in a scope ("applicants") or those
of them involved ("involved"). Records are grouped into atoms (quarter, organisation,
opportunity, level, region, stage); every table is a union of atoms, so the size of the
difference between any two tables is known without reading a record twice.

Rules (docs/decisions/0005-disclosure-control.md):
1. A table is published only if it counts at least THRESHOLD people; an involved column also
   needs its applicants published.
2. No two published tables may differ by 1 to THRESHOLD - 1 people (their symmetric
   difference), whatever their scopes, columns or periods: differencing them would single
   out a few people. The more detailed or the involved table gives way.
3. Where a table is split into parts (the network into regions, levels or organisations; an
   organisation into opportunities; a year into quarters), the parts left unpublished must
   add up to none or at least THRESHOLD people, hiding the smallest further part if needed.
4. Each published count is perturbed with the cell-key method (perturbation.py), so any
   difference the rules above allow is noisy.
"""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from monitoring.disclosure.periods import parse_period
from monitoring.disclosure.perturbation import THRESHOLD, perturbed
from monitoring.models import MonitoringRecord, PresenceFigures, PresenceRelease, Stage
from monitoring.questions import CHARACTERISTICS, PREFER_NOT

APPLICANTS, INVOLVED = "applicants", "involved"
ATOM_FIELDS = ("quarter", "organisation_id", "opportunity_id", "level", "region", "stage")
# Which of two tables gives way under rule 2: the higher rank is hidden first.
DETAIL = {"network": 0, "region": 1, "level": 1, "organisation": 2, "opportunity": 3}
COLUMNS = {
    "gender_identity": ["gender_same_as_birth"],
    "disability": ["disability_condition", "disability_impact"],
}


def columns_for(characteristic):
    """The answer columns a characteristic's category is worked out from."""
    return COLUMNS.get(characteristic.name, [characteristic.name])


def scopes_of(row):
    """The scope keys a record (or a grouped row of records) is counted in."""
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


class Tables:
    """Every table of a period as a set of atoms, with what may be published."""

    def __init__(self, atoms, keys, frozen=()):
        self.atom_counts, self.atom_keys = atoms, keys
        self.count = defaultdict(int)  # table -> people
        self.members = defaultdict(set)  # table -> atoms
        self.frozen = set()  # tables published by an earlier release: they cannot give way
        for atom, count in atoms.items():
            row = dict(zip(ATOM_FIELDS, atom, strict=True))
            for scope in scopes_of(row):
                tables = [(scope, APPLICANTS)]
                if row["stage"] == Stage.INVOLVED:
                    tables.append((scope, INVOLVED))
                for table in tables:
                    self.count[table] += count
                    self.members[table].add(atom)
                    quarter_table = (scope, table[1], row["quarter"])
                    if quarter_table in frozen:
                        self.count[quarter_table] += count
                        self.members[quarter_table].add(atom)
                        self.frozen.add(quarter_table)
        self.published = {
            table
            for table in self.count
            if table not in self.frozen and self.count[table] >= THRESHOLD
        }
        self.published -= {
            (scope, INVOLVED)
            for scope, column in list(self.published)
            if column == INVOLVED and (scope, APPLICANTS) not in self.published
        }

    def visible(self):
        """Tables anyone can see: published now or by an earlier release."""
        return self.published | self.frozen

    def is_visible(self, table):
        return table in self.published or table in self.frozen

    def hide(self, table):
        self.published.discard(table)
        if table[1] == APPLICANTS:
            self.published.discard((table[0], INVOLVED))

    def apply_rules(self, partitions):
        """Rules 2 and 3 until nothing changes."""
        overlaps = self._overlaps()
        changed = True
        while changed:
            changed = self._differences(overlaps) | self._remainders(partitions)

    def _overlaps(self):
        """{(a, b): people in both} for visible tables that share anyone."""
        by_atom = defaultdict(list)
        for table in self.visible():
            for atom in self.members[table]:
                by_atom[atom].append(table)
        shared = defaultdict(int)
        for atom, tables in by_atom.items():
            tables.sort()
            for i, first in enumerate(tables):
                for second in tables[i + 1 :]:
                    shared[first, second] += self.atom_counts[atom]
        return shared

    def _differences(self, overlaps):
        changed = False
        for (first, second), both in overlaps.items():
            if not (self.is_visible(first) and self.is_visible(second)):
                continue
            difference = self.count[first] + self.count[second] - 2 * both
            if 0 < difference < THRESHOLD:
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
            scope, column = table[0], table[1]
            return (column == INVOLVED, DETAIL[kind_of(scope)], -self.count[table])

        return max(candidates, key=order)

    def _remainders(self, partitions):
        changed = False
        for parent, children in partitions:
            for column in (APPLICANTS, INVOLVED):
                parent_table = (parent[0], column, *parent[1:])
                if not self.is_visible(parent_table):
                    continue
                parts = [(child[0], column, *child[1:]) for child in children]
                while True:
                    shown = [part for part in parts if self.is_visible(part)]
                    rest = self.count[parent_table] - sum(self.count[part] for part in shown)
                    if not 0 < rest < THRESHOLD:
                        break
                    can_hide = [part for part in shown if part not in self.frozen]
                    changed = True
                    if not can_hide:
                        self.hide(parent_table)
                        break
                    self.hide(min(can_hide, key=lambda part: (self.count[part], part)))
        return changed


def _partitions(tables, period_quarters):
    """(parent, children) pairs whose children split the parent's records without overlap."""
    scopes = {scope for scope, *_ in tables.count}
    by_kind = defaultdict(list)
    for scope in scopes:
        by_kind[kind_of(scope)].append(scope)
    partitions = [(("network",), [(s,) for s in by_kind[kind]]) for kind in
                  ("region", "level", "organisation")]  # fmt: skip
    opportunities_of = defaultdict(list)
    for atom in tables.atom_counts:
        row = dict(zip(ATOM_FIELDS, atom, strict=True))
        if row["organisation_id"] and row["opportunity_id"]:
            opportunities_of[f"organisation:{row['organisation_id']}"].append(
                (f"opportunity:{row['opportunity_id']}",)
            )
    partitions += [((parent,), sorted(set(children))) for parent, children in
                   opportunities_of.items()]  # fmt: skip
    if len(period_quarters) > 1:
        partitions += [((scope,), [(scope, q) for q in period_quarters]) for scope in scopes]
    return partitions


def _atoms(period):
    rows = (
        MonitoringRecord.objects.filter(quarter__in=period.quarters)
        .values(*ATOM_FIELDS)
        .annotate(n=Count("id"), keys=Sum("record_key"))
    )
    atoms, keys = {}, {}
    for row in rows:
        atom = tuple(row[name] for name in ATOM_FIELDS)
        atoms[atom], keys[atom] = row["n"], row["keys"]
    return atoms, keys


def _frozen_quarter_tables(period):
    """Tables the quarter releases of a year published: (scope, column, quarter)."""
    if not period.is_year:
        return set()
    frozen = set()
    for figures in PresenceFigures.objects.filter(release__period__in=period.quarters).values(
        "scope", "figures", "release__period"
    ):
        published = figures["figures"]
        if published["available"]:
            frozen.add((figures["scope"], APPLICANTS, figures["release__period"]))
        if published["involved_available"]:
            frozen.add((figures["scope"], INVOLVED, figures["release__period"]))
    return frozen


def decide(period):
    """Which tables of `period` may be published: a Tables with `published` set."""
    atoms, keys = _atoms(period)
    tables = Tables(atoms, keys, frozen=_frozen_quarter_tables(period))
    tables.apply_rules(_partitions(tables, period.quarters))
    return tables


def _cells(period):
    """{scope: {characteristic: {category: [applicants, keys, involved, keys]}}}, true counts
    and record-key sums, counted in the database one characteristic at a time."""
    cells = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0])))
    records = MonitoringRecord.objects.filter(quarter__in=period.quarters)
    for characteristic in CHARACTERISTICS.values():
        columns = columns_for(characteristic)
        grouped = records.values(*ATOM_FIELDS[1:], *columns).annotate(
            n=Count("id"),
            keys=Sum("record_key"),
            involved=Count("id", filter=Q(stage=Stage.INVOLVED)),
            involved_keys=Sum("record_key", filter=Q(stage=Stage.INVOLVED)),
        )
        for row in grouped:
            category = characteristic.category_of(row) or PREFER_NOT
            for scope in scopes_of(row):
                cell = cells[scope][characteristic.name][category]
                cell[0] += row["n"]
                cell[1] += row["keys"] or 0
                cell[2] += row["involved"]
                cell[3] += row["involved_keys"] or 0
    return cells


STAFF_KINDS = ("network", "region", "level", "organisation")


def _cross_tabulations(period, published):
    """{scope: {"first|second": {"a|b": perturbed count}}} of applicants for every pair of
    characteristics, for the published scopes staff can choose, counted with the release so
    they cover exactly the people its other figures do."""
    records = MonitoringRecord.objects.filter(quarter__in=period.quarters)
    tabulations = defaultdict(dict)
    names = list(CHARACTERISTICS)
    for i, first_name in enumerate(names):
        for second_name in names[i + 1 :]:
            first, second = CHARACTERISTICS[first_name], CHARACTERISTICS[second_name]
            columns = sorted(set(columns_for(first) + columns_for(second)))
            cells = defaultdict(lambda: [0, 0])
            # Staff scopes only: no need to tell opportunities apart.
            grouped = records.values("organisation_id", "level", "region", *columns).annotate(
                n=Count("id"), keys=Sum("record_key")
            )
            for row in grouped:
                pair = (first.category_of(row) or PREFER_NOT, second.category_of(row) or PREFER_NOT)
                for scope in scopes_of(row):
                    if scope in published:
                        cell = cells[scope, pair]
                        cell[0] += row["n"]
                        cell[1] += row["keys"] or 0
            by_scope = defaultdict(dict)
            for (scope, (a, b)), (count, keys) in cells.items():
                by_scope[scope][f"{a}|{b}"] = perturbed(count, keys)
            for scope, values in by_scope.items():
                tabulations[scope][f"{first_name}|{second_name}"] = values
    return tabulations


def figures_for(scope, tables, cells, expressions):
    """What one scope publishes: perturbed counts of published tables, nothing else."""
    totals = defaultdict(int)
    for atom in tables.members[(scope, APPLICANTS)]:
        totals["n"] += tables.atom_counts[atom]
        totals["keys"] += tables.atom_keys[atom] or 0
        if atom[-1] == Stage.INVOLVED:
            totals["involved"] += tables.atom_counts[atom]
            totals["involved_keys"] += tables.atom_keys[atom] or 0
    available = (scope, APPLICANTS) in tables.published
    involved_available = (scope, INVOLVED) in tables.published
    counts = {}
    if available:
        for name, categories in cells[scope].items():
            counts[name] = {
                category: [
                    perturbed(cell[0], cell[1]),
                    perturbed(cell[2], cell[3]) if involved_available else None,
                ]
                for category, cell in categories.items()
            }
    return {
        "available": available,
        "involved_available": involved_available,
        "respondents": perturbed(totals["n"], totals["keys"]) if available else None,
        "involved": perturbed(totals["involved"], totals["involved_keys"])
        if involved_available
        else None,
        "expressions": expressions.get(scope, 0),
        "counts": counts,
    }


def _release(period):
    from monitoring.disclosure.expressions import expressions_by_scope

    tables = decide(period)
    cells = _cells(period)
    expressions = expressions_by_scope(period)
    # A year's tables also hold its quarters' published tables, (scope, column, quarter).
    scopes = {table[0] for table in tables.count if table[1:] == (APPLICANTS,)}
    scopes |= set(expressions)
    staff_scopes = {
        scope for scope, column in tables.published
        if column == APPLICANTS and kind_of(scope) in STAFF_KINDS
    }  # fmt: skip
    cross = _cross_tabulations(period, staff_scopes)
    release = PresenceRelease.objects.create(period=period.label)
    PresenceFigures.objects.bulk_create(
        PresenceFigures(
            release=release,
            scope=scope,
            figures=figures_for(scope, tables, cells, expressions),
            cross_tabulations=cross.get(scope, {}),
        )
        for scope in sorted(scopes)
    )
    return release


def release_for(period, *, today=None):
    """The release of `period`, worked out now if it is due and nobody has yet; None before its
    release date (Period.release_date)."""
    today = today or timezone.localdate()
    if not period.is_released(today):
        return None
    release = PresenceRelease.objects.filter(period=period.label).first()
    if release is not None:
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
    from monitoring.disclosure.periods import recent_periods

    today = today or timezone.localdate()
    made = 0
    for label in reversed(recent_periods(today)):
        period = parse_period(label)
        if period.is_released(today) and not PresenceRelease.objects.filter(period=label).exists():
            release_for(period, today=today)
            made += 1
    return made
