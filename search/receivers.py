"""What reaches the index and the alerts: opportunities published, unpublished, edited, closed or
deleted; members changing what they look for or leaving. Every write goes through the outbox."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, pre_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from members.signals import member_profile_changed
from opportunities.models import OpportunityPage, OrganisationPage
from opportunities.signals import opportunity_changed as changed
from search.alerts.recipients import queue_alerts_for
from search.index.outbox import queue_index_changes, queue_member_alerts
from search.models import IndexChange
from search.services import alerts_follow_profile


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


def page_moved(sender, instance, **kwargs):
    # A move changes the address, and for an opportunity perhaps its organisation. Wagtail
    # sends the specific class as the sender with a plain Page as the instance.
    if issubclass(sender, OpportunityPage):
        queue_index_changes([instance.pk], IndexChange.Action.INDEX)
    elif issubclass(sender, OrganisationPage):
        children = OpportunityPage.objects.child_of(instance).live().values_list("pk", flat=True)
        queue_index_changes(list(children), IndexChange.Action.INDEX)


def profile_changed(sender, profile, **kwargs):
    alerts_follow_profile(profile=profile)


def member_deleting(sender, instance, **kwargs):
    # Committed with the deletion; applying it finds nothing wanted and removes every query.
    queue_member_alerts([instance.pk])


def connect():
    page_published.connect(opportunity_published, sender=OpportunityPage, dispatch_uid="search_pub")
    page_unpublished.connect(
        opportunity_unpublished, sender=OpportunityPage, dispatch_uid="search_unpub"
    )
    post_delete.connect(opportunity_deleted, sender=OpportunityPage, dispatch_uid="search_del")
    changed.connect(opportunity_changed, sender=OpportunityPage, dispatch_uid="search_changed")
    pre_delete.connect(member_deleting, sender=get_user_model(), dispatch_uid="alerts_member_del")
    member_profile_changed.connect(profile_changed, dispatch_uid="alerts_profile_changed")
    post_page_move.connect(page_moved, dispatch_uid="search_page_moved")
    page_published.connect(
        organisation_published, sender=OrganisationPage, dispatch_uid="search_org_pub"
    )
