"""Two matching engines behind one interface, and the choice between them.

The embedded engine applies the hard rules and scores every open opportunity in Python. The
Elasticsearch engine lets the index apply the same rules and compute the same score
(rules.py, scoring.py) to pick the best candidates, then ranks those in Python. Both return
[scoring.Match], best first.
"""

import logging

from django.utils import timezone

from search.client import elasticsearch_enabled
from search.matching.rules import passes_hard_rules
from search.matching.scoring import rank
from search.selectors import open_opportunity_facts

logger = logging.getLogger(__name__)


class EngineUnavailable(RuntimeError):
    """The engine cannot answer now (Elasticsearch down or its index missing); fall back."""


class QueryRefused(RuntimeError):
    """Elasticsearch refused a query we built: a fault in the site, never the person's."""


class EmbeddedEngine:
    name = "embedded"
    label = "the built-in search"

    def match(self, profile, *, limit=20, now=None):
        """[Match] for the best `limit` open opportunities for this MatchProfile."""
        now = now or timezone.now()
        today = timezone.localdate(now)
        candidates = [
            facts for facts in open_opportunity_facts() if passes_hard_rules(profile, facts, today)
        ]
        return rank(profile, candidates, limit=limit, now=now)


def get_engine(name=None):
    """The engine settings choose (Elasticsearch when ELASTICSEARCH_URL is set), or by name."""
    from search.matching.elasticsearch_engine import ElasticsearchEngine  # imports this module

    if name == "embedded" or (name is None and not elasticsearch_enabled()):
        return EmbeddedEngine()
    return ElasticsearchEngine()


def match_with_fallback(profile, *, limit=20):
    """Matches from the configured engine, or from the embedded one if that cannot answer.

    Returns (matches, engine_used, fell_back): fell_back is True only when Elasticsearch was
    unavailable. A refused query is logged as an error and answered by the embedded engine.
    """
    engine = get_engine()
    try:
        return engine.match(profile, limit=limit), engine, False
    except EngineUnavailable:
        logger.warning("Elasticsearch unavailable; matching with the embedded engine")
        fallback = EmbeddedEngine()
        return fallback.match(profile, limit=limit), fallback, True
    except QueryRefused:
        logger.exception("Elasticsearch refused a matching query; answered by the embedded engine")
        fallback = EmbeddedEngine()
        return fallback.match(profile, limit=limit), fallback, False
