"""The words matching compares: the same analysis for a person's own words and an advert's text.

Our own analysis, not Elasticsearch's, so that both engines see exactly the same words: the
index stores each opportunity's words already analysed (the `text_terms` fact).
"""

import re

WORD = re.compile(r"[a-z]{3,}")
# The most common English words, which say nothing about what a role is about.
STOP_WORDS = frozenset(
    [
        "and",
        "the",
        "for",
        "with",
        "that",
        "this",
        "from",
        "have",
        "about",
        "into",
        "your",
        "you",
        "are",
        "was",
        "were",
        "our",
        "their",
        "they",
        "them",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "would",
        "can",
        "could",
        "should",
        "been",
        "being",
        "also",
        "more",
        "most",
        "some",
        "such",
        "than",
        "then",
        "there",
        "these",
        "those",
        "very",
        "just",
        "like",
        "want",
        "love",
        "help",
    ]
)
SUFFIXES = ("ing", "ers", "ies", "es", "ed", "er", "s")
# A person's own words are at most 1,000 characters; matching reads this many of them.
MAX_WORDS = 40


def stem(word):
    """A light stem, so that 'volunteering' meets 'volunteer' (keeps at least four letters);
    'ies' becomes 'y', so 'parties' meets 'party', not 'part'."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def words_by_stem(text, *, limit=None):
    """{stem: the first word written with it}, in the order written (at most `limit` stems).

    Lower case letters only; words under three letters and STOP_WORDS are dropped.
    """
    found = {}
    for word in WORD.findall((text or "").lower()):
        if word in STOP_WORDS:
            continue
        found.setdefault(stem(word), word)
        if limit is not None and len(found) == limit:
            break
    return found


def meaningful_words(text, *, limit=None):
    """The stems of the words worth matching in a text (a frozenset of str)."""
    return frozenset(words_by_stem(text, limit=limit))
