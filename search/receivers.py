"""Publishing, unpublishing, editing, closing and deleting opportunities reach the index."""

from opportunities.models import OpportunityPage, OrganisationPage
from search.models import IndexChange
from search.sync import queue_index_changes


def opportunity_published(sender, instance, **kwargs):
    queue_index_changes([instance.pk], IndexChange.Action.INDEX)


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


def connect():
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_unpublished

    from opportunities.signals import opportunity_changed as changed

    page_published.connect(opportunity_published, sender=OpportunityPage, dispatch_uid="search_pub")
    page_unpublished.connect(
        opportunity_unpublished, sender=OpportunityPage, dispatch_uid="search_unpub"
    )
    post_delete.connect(opportunity_deleted, sender=OpportunityPage, dispatch_uid="search_del")
    changed.connect(opportunity_changed, sender=OpportunityPage, dispatch_uid="search_changed")
    page_published.connect(
        organisation_published, sender=OrganisationPage, dispatch_uid="search_org_pub"
    )
