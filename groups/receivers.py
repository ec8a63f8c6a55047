"""Listings are placed on the map when they are published, however they were published."""

from wagtail.signals import page_published

from groups.models import GroupPage, PeerSupportPage
from groups.services import listing_place


def listing_published(sender, instance, **kwargs):
    listing_place(listing=instance)


def connect():
    # Wagtail sends page_published for the CMS's publish button, a moderator's approval of a
    # front-end listing, scheduled publishing and code that publishes a revision alike.
    for model in (GroupPage, PeerSupportPage):
        page_published.connect(
            listing_published, sender=model, dispatch_uid=f"groups_place_{model.__name__}"
        )
