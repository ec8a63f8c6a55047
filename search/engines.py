"""Two matching engines behind one interface.

The embedded engine filters in the database and scores every candidate in Python. The
Elasticsearch engine lets the index apply the hard rules and pick the best few hundred
candidates, then scores those with the same Python functions. Both use search/scoring.py.
"""

import logging

from django.utils import timezone

from search import scoring
from search.client import elasticsearch_enabled
from search.selectors import open_opportunity_facts

logger = logging.getLogger(__name__)


class EngineUnavailable(RuntimeError):
    """The engine cannot answer now (Elasticsearch down); the caller falls back."""


def normalised_text_relevance(raw):
    """Scale raw relevance to 0..1 by the best candidate, so it weighs like the other parts."""
    best = max(raw.values(), default=0.0)
    if best <= 0:
        return {}
    return {key: value / best for key, value in raw.items() if value > 0}


class EmbeddedEngine:
    name = "embedded"
    label = "the built-in search"

    def match(self, profile, *, limit=20, now=None):
        now = now or timezone.now()
        today = timezone.localdate(now)
        candidates = [
            facts
            for facts in open_opportunity_facts()
            if facts.format and scoring.passes_hard_rules(profile, facts, today)
        ]
        text_relevance = {}
        if profile.text:
            wanted = scoring.meaningful_words(profile.text)
            if wanted:
                raw = {}
                for facts in candidates:
                    words = scoring.meaningful_words(f"{facts.title} {facts.summary}")
                    raw[facts.id] = len(wanted & words) / len(wanted)
                text_relevance = normalised_text_relevance(raw)
        return scoring.rank(
            profile,
            candidates,
            limit=limit,
            now=now,
            text_relevance=text_relevance,
        )


def get_engine(name=None):
    """The engine settings choose (Elasticsearch when ELASTICSEARCH_URL is set), or by name."""
    from search.elasticsearch_engine import ElasticsearchEngine

    if name == "embedded" or (name is None and not elasticsearch_enabled()):
        return EmbeddedEngine()
    return ElasticsearchEngine()


def match_with_fallback(profile, *, limit=20):
    """Matches from the configured engine; if Elasticsearch is down, from the embedded one.

    Returns (matches, engine_used, fell_back).
    """
    engine = get_engine()
    try:
        return engine.match(profile, limit=limit), engine, False
    except EngineUnavailable:
        logger.warning("Elasticsearch unavailable; matching with the embedded engine")
        fallback = EmbeddedEngine()
        return fallback.match(profile, limit=limit), fallback, True
