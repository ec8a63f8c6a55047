"""Reads for the directory: live listings, those due a check, and what an administrator runs."""

from datetime import timedelta

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from groups.models import GroupPage, PeerSupportPage
from groups.schedule import needs_schedule_check


def live_listing(page_id):
    for model in (GroupPage, PeerSupportPage):
        listing = model.objects.live().filter(pk=page_id).first()
        if listing is not None:
            return listing
    return None


def live_session_or_404(*, page_id):
    """A published peer-support listing; Http404 for anything else."""
    return get_object_or_404(PeerSupportPage.objects.live(), pk=page_id)


def listings_to_check(*, today=None):
    """Live listings not checked for a year, and peer-support listings whose schedule was saved
    before it had to be complete (monthly with no week, every two weeks with no date), the
    longest unchecked first."""
    cutoff = (today or timezone.localdate()) - timedelta(days=365)
    sessions = PeerSupportPage.objects.live()
    listings = [
        *GroupPage.objects.live().filter(last_checked__lte=cutoff),
        *sessions.filter(last_checked__lte=cutoff),
        *(
            session
            for session in sessions.filter(last_checked__gt=cutoff, day_of_week__isnull=False)
            if needs_schedule_check(session)
        ),
    ]
    return sorted(listings, key=lambda listing: (listing.last_checked, listing.title))


def groups_for_admin(user):
    """The groups this person looks after, with their sessions, for "Your listings".

    Moderation status is read per listing: Wagtail's prefetch leaves out "changes requested",
    and one person looks after a handful of listings at most.
    """
    return (
        GroupPage.objects.filter(administrators__user=user)
        .prefetch_related(Prefetch("sessions", queryset=PeerSupportPage.objects.order_by("title")))
        .order_by("title")
    )


def group_for_admin_or_404(*, user, group_id):
    return get_object_or_404(GroupPage, pk=group_id, administrators__user=user)


def listing_for_admin_or_404(*, user, page_id):
    """A group the person administers, or a session of one; 404 for anyone else's."""
    group = GroupPage.objects.filter(pk=page_id, administrators__user=user).first()
    if group is not None:
        return group
    return get_object_or_404(PeerSupportPage, pk=page_id, group__administrators__user=user)


def member_groups_data(member):
    """The groups the member looks after, for their copy of their data."""
    return [admin.group.title for admin in member.groups_administered.select_related("group")]
