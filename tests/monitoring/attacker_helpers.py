"""A differencing attacker on Presence reports, used by test_attacker.py.

The attacker knows everything about the people except their answers: who answered, in which
opportunity and when, and who was selected when (an organisation sees the expressions of
interest in its roles and makes the decisions; staff see them all). It keeps every published
table it read (a column of a report: applicants or involved, or a cross-tabulation) with the
group of people it believes that table counts.

For every pair of tables of the same characteristic whose groups differ by a set holding the
target, each category's two published cells bound how much that category changed between the
groups (`true_counts`). The target's category has to fit those bounds together with the other
people in the difference, whose answers the attacker does not know (`fits`). The categories that
fit every pair are what the attacker knows; it guesses the most common published one of them.
With no pair that narrows anything, the guess is the baseline: the most common category of the
published totals. The attacker reads the rules printed with the figures (decision 4: 0 shown as
"0", 1 to 7 as "*", the rest rounded to 5; decision 5: noise of -2 to +2 then rounding to 5,
anything under 10 as "*"), so "0" then "*" means one more person under decision 4, and "*" or a
number only bounds the count under decision 5.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

ROUNDED = "rounded"  # decision 4
CELL_KEY = "cell key"  # decision 5
RULES_MARK = "About these figures"  # the row decision 5 adds to every CSV


def true_counts(text, rules):
    """The (lowest, highest) true count a published cell allows; None for no figure (a dash)."""
    text = text.strip()
    if text == "*":
        return (1, 7) if rules == ROUNDED else (0, 9)
    if not text.isdigit():
        return None
    value = int(text)
    if value == 0:
        return (0, 0)
    # Rounding to 5 moves a count by at most 2; the cell-key noise by at most 2 more.
    spread = 2 if rules == ROUNDED else 4
    return (value - spread, value + spread)


def fits(box, total, added):
    """Whether a change per category, each within its (low, high) in `box`, can add up to
    `total` with at most `added` people put in (the rest of the change being people taken out).

    Start from the change closest to zero; reaching the total from below puts in one more
    person per step, from above takes one out, and that is the fewest people put in."""
    if any(low > high for low, high in box):
        return False
    start = [min(max(0, low), high) for low, high in box]
    reached, put_in = sum(start), sum(value for value in start if value > 0)
    if reached < total:
        if sum(high - value for value, (_, high) in zip(start, box, strict=True)) < total - reached:
            return False
        put_in += total - reached
    elif sum(value - low for value, (low, _) in zip(start, box, strict=True)) < reached - total:
        return False
    return put_in <= added


@dataclass(frozen=True)
class Table:
    """A published table: the people the attacker believes it counts and, per category, the true
    counts its published cell allows."""

    members: frozenset
    cells: tuple  # ((category, (low, high)), ...) in category order

    @property
    def bounds(self):
        return dict(self.cells)


def candidates(first, second, target, categories):
    """The target's categories that fit two tables; None when their difference leaves the
    target out (the pair says nothing about it)."""
    added, removed = first.members - second.members, second.members - first.members
    if target in added:
        sign, others_in, others_out = 1, len(added) - 1, len(removed)
    elif target in removed:
        sign, others_in, others_out = -1, len(added), len(removed) - 1
    else:
        return None
    one, two = first.bounds, second.bounds
    change = {c: (one[c][0] - two[c][1], one[c][1] - two[c][0]) for c in categories}
    found = set()
    for guess in categories:
        box = []
        for category in categories:
            low, high = change[category]
            if category == guess:
                low, high = low - sign, high - sign
            box.append((max(low, -others_out), min(high, others_in)))
        if fits(box, others_in - others_out, others_in):
            found.add(guess)
    return found


class Attacker:
    """One role's reports and what they say about the target."""

    def __init__(self):
        self.target = None  # set when the target answers; reports read before still count
        self.tables = defaultdict(set)  # subject (characteristic names) -> {Table}
        self.categories = {}  # subject -> categories, as tuples of values
        self.totals = defaultdict(Counter)  # characteristic -> published applicants
        self.conflicts = 0  # pairs that fitted no category: the attacker's model was wrong

    def read(self, subject, categories, members, published, rules):
        """A table of `subject` counting `members`, with published cells {category: text}."""
        bounds = tuple((c, true_counts(published[c], rules)) for c in categories)
        if any(bound is None for _, bound in bounds):
            return
        self.categories[subject] = tuple(categories)
        self.tables[subject].add(Table(frozenset(members), bounds))

    def add_totals(self, characteristic, published):
        for category, text in published.items():
            if text.strip().isdigit():
                self.totals[characteristic][category] += int(text)

    def knows(self, characteristic):
        """Whether it saw any published figure of the characteristic."""
        return any(characteristic in subject for subject in self.tables)

    def guess(self, characteristic, categories):
        """(its guess, the baseline guess) of the target's category."""
        order = {category: i for i, category in enumerate(categories)}

        def commonest(options):
            return max(options, key=lambda c: (self.totals[characteristic][c], -order[c]))

        possible = set(categories)
        for subject, tables in self.tables.items():
            if characteristic not in subject:
                continue
            axis, cells = subject.index(characteristic), self.categories[subject]
            empty = Table(frozenset(), tuple((c, (0, 0)) for c in cells))
            for first, second in combinations([empty, *sorted(tables, key=repr)], 2):
                found = candidates(first, second, self.target, cells)
                if found is None or len(found) == len(cells):
                    continue
                narrowed = possible & {cell[axis] for cell in found}
                if narrowed:
                    possible = narrowed
                else:
                    self.conflicts += 1
        return commonest(possible), commonest(categories)
