"""Index management: create concrete indexes, point aliases at them, swap atomically."""

from django.utils import timezone
from elasticsearch.dsl import Index

from search.client import get_client
from search.index.documents import (
    MemberAlertDocument,
    OpportunityDocument,
    index_settings,
    member_alerts_alias,
    opportunities_alias,
)


def new_index_name(alias):
    return f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}"


def create_index(alias, document):
    """Create a new concrete index for the alias (not yet pointed to). Returns its name."""
    name = new_index_name(alias)
    index = Index(name)
    index.settings(**index_settings())
    index.document(document)
    index.create(using=get_client())
    return name


def indexes_behind(alias):
    client = get_client()
    if not client.indices.exists_alias(name=alias):
        return []
    return sorted(client.indices.get_alias(name=alias).keys())


def point_alias(alias, index_name, *, delete_old=True):
    """Move the alias to index_name in one atomic step, then drop the old indexes."""
    client = get_client()
    old = [name for name in indexes_behind(alias) if name != index_name]
    actions = [{"remove": {"index": name, "alias": alias}} for name in old]
    actions.append({"add": {"index": index_name, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    if delete_old:
        for name in old:
            client.indices.delete(index=name, ignore_unavailable=True)
    return old


def ensure_index(alias, document):
    """Make sure the alias exists (creating an empty index behind it). Returns the index names."""
    existing = indexes_behind(alias)
    if existing:
        return existing
    name = create_index(alias, document)
    point_alias(alias, name)
    return [name]


def ensure_opportunities_index():
    return ensure_index(opportunities_alias(), OpportunityDocument)


def ensure_member_alerts_index():
    return ensure_index(member_alerts_alias(), MemberAlertDocument)
