"""The cell-key method: consistent noise, rounding and a threshold for every published count.

This is the method the ONS used for the Census 2021 flexible tables and the ABS uses in
TableBuilder, written as the ONS's reference implementation (the `cell-key-perturbation`
package, 3.1) does it, and tested against that package:

- every record has a random record key from 0 to 255 (MonitoringRecord.record_key);
- a cell's key is the sum of its records' keys modulo 256, so the same people always give the
  same key and so the same published figure, and a cell that differs by one person gets an
  unrelated one;
- the perturbation table (ptable) gives, for a cell count (the "pcv", counts above 750 reusing
  the rows 501 to 750) and a cell key, the value added to the count;
- a perturbed count below the threshold (10) is not published, nor is a true zero.

Our ptable adds noise of -2 to +2 (probabilities 10, 20, 40, 20, 10%) chosen by the cell key,
then rounds to the nearest 5, so a published count is always a multiple of 5 and at least 10,
within 4.5 of the true count (DESIGN section 5 rounds to 5; the ONS "10-5 rule" ptable has the
same threshold and base).
"""

import hashlib
import hmac

from django.conf import settings

RECORD_KEY_RANGE = 256
THRESHOLD = 10
BASE = 5
LARGEST_PCV = 750
REUSED_FROM = 501  # counts above LARGEST_PCV reuse the ptable rows REUSED_FROM..LARGEST_PCV
# (upper bound of the cell key, exclusive; noise): cumulative shares 10/30/70/90/100% of 256.
NOISE_BY_CELL_KEY = ((26, -2), (77, -1), (179, 0), (230, 1), (256, 2))


def cell_key(record_keys_sum):
    """The cell key (0-255) from the sum of the keys of the records in the cell."""
    return record_keys_sum % RECORD_KEY_RANGE


def ptable_row(count):
    """The ptable row a count uses: itself up to 750, then 501 to 750 again (ONS)."""
    if count <= LARGEST_PCV:
        return count
    return (count - 1) % (LARGEST_PCV - REUSED_FROM + 1) + REUSED_FROM


def noise(key):
    """The noise (-2 to +2) the ptable adds for a cell key."""
    for upper, value in NOISE_BY_CELL_KEY:
        if key < upper:
            return value
    raise ValueError(f"A cell key is from 0 to {RECORD_KEY_RANGE - 1}, not {key}.")


def pvalue(pcv, key):
    """The ptable entry: what is added to a count of `pcv` (1 or more) in a cell keyed `key`."""
    noisy = pcv + noise(key)
    rounded = BASE * ((2 * noisy + BASE) // (2 * BASE))  # nearest 5, halves up
    return max(rounded, 0) - pcv


def perturbed(count, record_keys_sum):
    """The published value of a cell of `count` records whose keys add up to `record_keys_sum`:
    a multiple of 5 of at least THRESHOLD, or None when it may not be published."""
    if count <= 0:
        return None
    value = count + pvalue(ptable_row(count), cell_key(record_keys_sum))
    return value if value >= THRESHOLD else None


def ptable_rows():
    """The whole ptable as (pcv, ckey, pvalue) rows, the ONS package's format."""
    return [
        (pcv, key, pvalue(pcv, key))
        for pcv in range(1, LARGEST_PCV + 1)
        for key in range(RECORD_KEY_RANGE)
    ]


def respondent_key(*, member_id, purpose):
    """(respondent, record key) of one person for one kind of record: a keyed hash of the
    member id (32 hex characters), the same on every record of that kind, so reports count each
    person once (decision 0005), and a record key (0-255) drawn from it, so a person weighs the
    same in every cell. `purpose` keys the hash, so records of different kinds (Presence answers,
    involvement feedback) cannot be joined person by person; nobody can go from a hash back to
    the member without the site's secret key.
    """
    digest = hmac.new(
        f"{purpose}:{settings.SECRET_KEY}".encode(), str(member_id).encode(), hashlib.sha256
    ).hexdigest()
    return digest[:32], int(digest[32:36], 16) % RECORD_KEY_RANGE
