"""Writes for directory listings."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from core.caching import content_changed
from core.emails import absolute_url, queue_templated_email
from core.exceptions import NotAllowed
from core.geography import GeocodingUnavailable, PostcodeError, geocode_postcode
from core.moderation import page_add_draft, page_save_draft, page_submit_for_moderation
from groups.forms import steps_for
from groups.models import DirectoryIndexPage, GroupAdministrator, GroupPage, PeerSupportPage
from groups.schedule import needs_schedule_check
from groups.selectors import listings_to_check, live_listing


def place_listing(listing):
    """Coordinates (and region, if not chosen) from the postcode; cached per postcode.

    A postcode that cannot be placed just now leaves the listing without coordinates: it is
    still listed, but not sorted by distance, and the next save tries again.
    """
    if not listing.postcode:
        listing.latitude = listing.longitude = None
        return
    try:
        place = geocode_postcode(listing.postcode)
    except (PostcodeError, GeocodingUnavailable):
        return
    listing.postcode = place.postcode
    listing.latitude, listing.longitude = place.latitude, place.longitude
    if not listing.region and place.region:
        listing.region = place.region


def listing_place(*, listing):
    """Place a published listing from its postcode (see place_listing) and store where it is.

    Writes postcode, latitude, longitude and region straight to the row, so publishing is not
    repeated and nothing else on the listing changes. A lookup that fails leaves the listing as
    it was published, without distance sorting until it is next published.
    """
    place_listing(listing)
    type(listing).objects.filter(pk=listing.pk).update(
        postcode=listing.postcode,
        latitude=listing.latitude,
        longitude=listing.longitude,
        region=listing.region,
    )
    content_changed()  # searches near a place find it from now


STILL_RIGHT_SALT = "groups.still-right"
CHECK_EVERY = timedelta(days=365)
LINK_LASTS = timedelta(days=60)


def still_right_token(listing):
    return signing.dumps({"listing": listing.pk}, salt=STILL_RIGHT_SALT)


def listing_for_still_right_token(token):
    """The live listing a confirmation link was made for, or None if it is not ours or too old."""
    try:
        data = signing.loads(token, salt=STILL_RIGHT_SALT, max_age=LINK_LASTS)
    except (signing.BadSignature, TypeError):
        return None
    return live_listing(data.get("listing")) if isinstance(data, dict) else None


def listing_confirm(*, listing, today=None):
    """The listing's contact says it is still right: it counts as checked today."""
    today = today or timezone.localdate()
    type(listing).objects.filter(pk=listing.pk).update(last_checked=today)
    content_changed()  # its page says when it was last checked
    listing.last_checked = today
    return listing


def listing_admin_emails(listing):
    """Addresses of the people who look after a listing on the site (none if nobody does yet)."""
    group_id = listing.group_id if isinstance(listing, PeerSupportPage) else listing.pk
    if group_id is None:
        return []
    return list(
        GroupAdministrator.objects.filter(group_id=group_id, user__is_active=True)
        .exclude(user__email="")
        .order_by("created_at")
        .values_list("user__email", flat=True)
    )


def listings_ask_to_confirm(*, now=None):
    """Once a year, ask each listing's contact whether it is still right. Returns emails sent."""
    now = now or timezone.now()
    sent = 0
    for listing in listings_to_check(today=timezone.localdate(now)):
        asked = listing.check_requested_at
        admins = listing_admin_emails(listing)
        recipients = admins or [listing.contact_email]
        if not any(recipients) or (asked and now - asked < CHECK_EVERY):
            continue
        queue_templated_email(
            template="groups_still_right",
            context={
                "listing": listing,
                "confirm_url": absolute_url(
                    reverse("listing_still_right", args=[still_right_token(listing)])
                ),
                "page_url": absolute_url(listing.url),
                "edit_url": absolute_url(listing.portal_edit_url) if admins else "",
            },
            to=recipients,
        )
        type(listing).objects.filter(pk=listing.pk).update(check_requested_at=now)
        sent += 1
    return sent


# Self-listing: people list their own group and its sessions; NSUN staff approve every change.

NEW_LISTINGS_PER_DAY = 5
SAVES_PER_HOUR = 60


def _listing_content_types():
    return ContentType.objects.get_for_models(GroupPage, PeerSupportPage).values()


def check_listing_limits(*, user, creating=False, now=None):
    """Refuse (NotAllowed) when someone writes far more than any group needs: a sign of spam."""
    now = now or timezone.now()
    if creating:
        created = sum(
            model.objects.filter(owner=user, created_at__gte=now - timedelta(days=1)).count()
            for model in (GroupPage, PeerSupportPage)
        )
        if created >= NEW_LISTINGS_PER_DAY:
            raise NotAllowed(
                f"You can start up to {NEW_LISTINGS_PER_DAY} new listings a day. Please come "
                "back tomorrow, or email NSUN if you need to list more."
            )
    saves = Revision.objects.filter(
        user=user,
        content_type__in=_listing_content_types(),
        created_at__gte=now - timedelta(hours=1),
    ).count()
    if saves >= SAVES_PER_HOUR:
        raise NotAllowed(
            "You have saved a lot of changes in the last hour. Please wait a while and try again; "
            "nothing you saved before has been lost."
        )


def _directory_of_kind(kind):
    directory = DirectoryIndexPage.objects.filter(kind=kind).order_by("path").first()
    if directory is None:
        raise NotAllowed("The directory is not open for new listings just now.")
    return directory


@transaction.atomic
def group_create_draft(*, user, fields, topics=(), communities=()):
    """A new group, as a draft only its lister (now its administrator) can see."""
    check_listing_limits(user=user, creating=True)
    directory = _directory_of_kind(DirectoryIndexPage.Kind.GROUPS)
    group = page_add_draft(
        parent=directory,
        page=GroupPage(**fields),
        user=user,
        topics=topics,
        communities=communities,
    )
    GroupAdministrator.objects.create(group=group, user=user)
    return group


@transaction.atomic
def session_create_draft(*, user, group, fields, topics=(), communities=()):
    """A new peer-support session run by one of the person's groups, as a draft."""
    check_listing_limits(user=user, creating=True)
    directory = _directory_of_kind(DirectoryIndexPage.Kind.PEER_SUPPORT)
    return page_add_draft(
        parent=directory,
        page=PeerSupportPage(group=group, run_by=group.title, in_person=False, **fields),
        user=user,
        topics=topics,
        communities=communities,
    )


def listing_latest_draft(listing):
    """The listing as last written, which may be ahead of what is published."""
    return listing.get_latest_revision_as_object()


@transaction.atomic
def listing_update_draft(*, listing, user, fields, topics=None, communities=None):
    """Save changes as a new revision; what is published stays until staff approve."""
    check_listing_limits(user=user)
    return page_save_draft(
        page=listing,
        user=user,
        fields=fields,
        topics=topics,
        communities=communities,
        prepare=place_listing,
    )


def listing_submit(*, listing, user):
    """Send the latest draft to NSUN staff. Nothing changes on the public site until they approve."""
    check_listing_limits(user=user)
    draft = listing_latest_draft(listing)
    missing = listing_missing_steps(draft)
    if missing:
        raise NotAllowed("Please finish these parts first: " + ", ".join(missing) + ".")
    return page_submit_for_moderation(page=draft, user=user)


def listing_missing_steps(draft):
    """Headings of the steps still lacking something staff need to approve the listing."""
    headings = {slug: heading for slug, heading, _ in steps_for(draft)}
    missing = []
    if not draft.in_person and not draft.online:
        missing.append(headings.get("where") or headings.get("when"))
    if "when" in headings and needs_schedule_check(draft) and headings["when"] not in missing:
        missing.append(headings["when"])
    if not (draft.contact_email or draft.contact_phone or draft.website):
        missing.append(headings["contact"])
    return missing
