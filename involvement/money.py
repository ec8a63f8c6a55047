"""Money as people type it, held as whole pence (GBP).

parse_pounds("£12.50") == 1250. Accepted: an optional "£", digits with optional thousands commas,
and up to two decimal places ("12", "12.5", "£1,200.00"). Anything else raises MoneyError whose
message is a plain sentence to show beside the question.
"""

import re

from involvement.models import CLAIM_CEILING_PENCE

# "12", "12.5", "1,200.00" and pence alone (".50"), which people write for amounts under £1.
_AMOUNT = re.compile(
    r"(?P<pounds>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<pence>\d*))?|\.(?P<only_pence>\d+)"
)


class MoneyError(ValueError):
    """A typed amount that is not a sensible amount of money; str() is the plain message."""


def format_pence(pence):
    """'£12.50' for 1250, '£1,200.00' for 120000."""
    pence = int(pence)
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"


def parse_pounds(text, *, ceiling_pence=CLAIM_CEILING_PENCE, subject="the amount"):
    """Whole pence from an amount in pounds typed by a person.

    Raises MoneyError (plain message) for an empty, negative, zero, badly written, more than
    two decimal places or above `ceiling_pence` amount.
    """
    cleaned = (text or "").strip().replace(" ", "")
    if not cleaned:
        raise MoneyError(f"Enter {subject} in pounds, for example 12.50")
    if cleaned.startswith("-") or cleaned.startswith("£-") or cleaned.startswith("-£"):
        raise MoneyError(f"{subject.capitalize()} cannot be negative")
    if cleaned.startswith("£"):
        cleaned = cleaned[1:]
    match = _AMOUNT.fullmatch(cleaned) if cleaned.isascii() else None
    if match is None:
        raise MoneyError(
            f"Enter {subject} in pounds and pence using numbers only, for example 12.50"
        )
    pence_text = match["pence"] or match["only_pence"] or ""
    if len(pence_text) > 2:
        raise MoneyError(f"{subject.capitalize()} can have only 2 numbers after the point (pence)")
    pounds = int((match["pounds"] or "0").replace(",", ""))
    if pounds > ceiling_pence // 100 + 1:
        # Checked before multiplying, so a huge string never becomes a huge number.
        raise MoneyError(f"{subject.capitalize()} must be {format_pence(ceiling_pence)} or less")
    pence = pounds * 100 + int(pence_text.ljust(2, "0") or 0)
    if pence == 0:
        raise MoneyError(f"{subject.capitalize()} must be more than £0")
    if pence > ceiling_pence:
        raise MoneyError(f"{subject.capitalize()} must be {format_pence(ceiling_pence)} or less")
    return pence
