"""The Elasticsearch documents: opportunities for matching and search, members' alerts.

Both mappings come from the facts declared in search/matching/facts.py; only what may be shown
publicly is declared there. `prepare()` turns an opportunity into a document and is tested
without a cluster.
"""

import copy
import hashlib
import json

from django.conf import settings
from elasticsearch.dsl import Document, Integer, Keyword

from search.alerts.saved_searches import saved_search_mapping
from search.matching.facts import FACTS, facts_from_page, to_document
from search.matching.rules import member_alert_mapping


def opportunities_alias():
    """The alias searches read from; it points at the current concrete index."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-opportunities"


def member_alerts_alias():
    """Members' alert documents: their profile's rules and their saved searches' filters."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-member-alerts"


def index_settings():
    """Settings of a new index; replicas come from ELASTICSEARCH_REPLICAS (1 on a cluster)."""
    return {
        "number_of_shards": 1,
        "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
        "refresh_interval": "1s",
    }


def _document_class(name, doc, extra_fields=None):
    fields = {fact.name: copy.deepcopy(fact.index_field) for fact in FACTS}
    fields.update(extra_fields or {})
    return type(name, (Document,), {"__doc__": doc, "__module__": __name__, **fields})


OpportunityDocument = _document_class(
    "OpportunityDocument", "One published opportunity: a field per declared Fact."
)


def _member_alert_document():
    fields = {
        "member_id": Integer(),
        "kind": Keyword(),  # "profile" or "saved_search"
        "saved_search_id": Integer(),
        **member_alert_mapping(),
        **saved_search_mapping(),
    }
    return type(
        "MemberAlertDocument",
        (Document,),
        {
            "__doc__": "A member's alert as a document: their rules, or a saved search's "
            "filters with their hard rules. One query per new opportunity finds who it fits.",
            "__module__": __name__,
            **fields,
        },
    )


MemberAlertDocument = _member_alert_document()


def fingerprint(document):
    """A digest of a JSON-ready document, for comparing what is indexed with what should be."""
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


def mapping_of(document):
    """{field name: field mapping} as Elasticsearch would be given it."""
    return document._doc_type.mapping.to_dict()["properties"]


def prepare(page):
    """The document for an OpportunityPage: a JSON-ready dict."""
    return to_document(facts_from_page(page))
