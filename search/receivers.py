"""Publishing, unpublishing, editing, closing and deleting opportunities reach the index."""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction

from opportunities.models import OpportunityPage, OrganisationPage
from search.alerts import (
    profile_alert_id,
    queue_alerts_for,
    remove_stored_queries,
    saved_search_alert_id,
)
from search.models import IndexChange, SavedSearch
from search.sync import FAILURES, queue_index_changes

logger = logging.getLogger(__name__)


def opportunity_published(sender, instance, **kwargs):
    queue_index_changes([instance.pk], IndexChange.Action.INDEX)
    queue_alerts_for(instance.pk)  # each member is told once, however often it is republished


def opportunity_unpublished(sender, instance, **kwargs):
    queue_index_changes([instance.pk], IndexChange.Action.REMOVE)


def opportunity_deleted(sender, instance, **kwargs):
    queue_index_changes([instance.pk], IndexChange.Action.REMOVE)


def opportunity_changed(sender, opportunity, **kwargs):
    queue_index_changes([opportunity.pk], IndexChange.Action.INDEX)


def organisation_published(sender, instance, **kwargs):
    # Its name is part of every one of its opportunities' documents.
    children = OpportunityPage.objects.child_of(instance).live().values_list("pk", flat=True)
    queue_index_changes(list(children), IndexChange.Action.INDEX)


def member_deleting(sender, instance, **kwargs):
    # The account is going: its stored alert queries go with it, once the deletion commits.
    document_ids = [profile_alert_id(instance.pk)] + [
        saved_search_alert_id(pk)
        for pk in SavedSearch.objects.filter(member_id=instance.pk).values_list("pk", flat=True)
    ]
    transaction.on_commit(lambda: _remove_quietly(document_ids))


def _remove_quietly(document_ids):
    try:
        remove_stored_queries(document_ids)
    except FAILURES as error:  # search_reindex --alerts rebuilds from the database
        logger.warning("Could not remove stored alert queries: %s", error)


def connect():
    from django.db.models.signals import post_delete, pre_delete
    from wagtail.signals import page_published, page_unpublished

    from opportunities.signals import opportunity_changed as changed

    page_published.connect(opportunity_published, sender=OpportunityPage, dispatch_uid="search_pub")
    page_unpublished.connect(
        opportunity_unpublished, sender=OpportunityPage, dispatch_uid="search_unpub"
    )
    post_delete.connect(opportunity_deleted, sender=OpportunityPage, dispatch_uid="search_del")
    changed.connect(opportunity_changed, sender=OpportunityPage, dispatch_uid="search_changed")
    pre_delete.connect(member_deleting, sender=get_user_model(), dispatch_uid="alerts_member_del")
    page_published.connect(
        organisation_published, sender=OrganisationPage, dispatch_uid="search_org_pub"
    )
