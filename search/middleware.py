"""Index catch-up for sites without a task worker (`make run`), where retries cannot be deferred."""

import logging
import threading
import time

from search.client import elasticsearch_enabled
from search.index.outbox import apply_index_changes
from search.models import IndexChange

logger = logging.getLogger(__name__)


class IndexCatchUpMiddleware:
    """After a response, apply index changes still waiting (at most every CHECK_SECONDS).

    With the immediate task backend a change made while Elasticsearch is down has nobody to
    retry it, so it would wait for the next change. Production runs `db_worker`, which retries
    by itself, and does not use this.
    """

    CHECK_SECONDS = 10

    def __init__(self, get_response):
        self.get_response = get_response
        self._lock = threading.Lock()
        self._last_check = 0.0

    def __call__(self, request):
        response = self.get_response(request)
        if elasticsearch_enabled() and self._due():
            self.catch_up()
        return response

    def _due(self):
        with self._lock:
            now = time.monotonic()
            if now - self._last_check < self.CHECK_SECONDS:
                return False
            self._last_check = now
            return True

    def catch_up(self):
        try:
            if IndexChange.objects.exists():
                applied, waiting = apply_index_changes()
                if applied:
                    logger.info("Applied %d waiting index changes; %d still wait", applied, waiting)
        except Exception:  # a page must never fail because the index could not catch up
            logger.exception("Index catch-up failed")
