"""Alert emails: each member's unsent alerts in one message, and one-click unsubscribe."""

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.emails import absolute_url, queue_templated_email
from opportunities.selectors import open_opportunities
from search.models import AlertDelivery

UNSUBSCRIBE_SALT = "search.alerts.unsubscribe"


def unsubscribe_token(user_id):
    return signing.dumps({"member": user_id}, salt=UNSUBSCRIBE_SALT)


def member_for_unsubscribe_token(token):
    """The member id a token was made for, or None if it was not made by us."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)["member"]
    except (signing.BadSignature, KeyError, TypeError):
        return None


def send_alert_emails(frequency, *, member_ids=None, now=None):
    """Email each member their unsent alerts of this frequency in one message. Returns emails sent."""
    from search.alerts.recipients import refresh_pending_alerts  # recipients imports emails

    now = now or timezone.now()
    pending = AlertDelivery.objects.filter(frequency=frequency, sent_at__isnull=True)
    if member_ids is not None:
        pending = pending.filter(member_id__in=member_ids)
    # What each member wants now: deactivated since, alerts turned off, rules changed.
    refresh_pending_alerts(sorted(set(pending.values_list("member_id", flat=True))))
    sent = 0
    for member_id in sorted(set(pending.values_list("member_id", flat=True))):
        with transaction.atomic():
            deliveries = list(
                pending.filter(member_id=member_id).select_for_update(skip_locked=True)
            )
            if not deliveries:
                continue
            still_open = list(
                open_opportunities()
                .filter(pk__in=[delivery.opportunity_id for delivery in deliveries])
                .order_by("deadline", "title")
            )
            AlertDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(sent_at=now)
            if still_open:
                member = deliveries[0].member
                _send_alert_email(member, still_open, frequency)
                sent += 1
    return sent


def _send_alert_email(member, opportunities, frequency):
    unsubscribe_url = absolute_url(
        reverse("alerts_unsubscribe", args=[unsubscribe_token(member.pk)])
    )
    context = {
        "opportunities": [{"page": page, "url": absolute_url(page.url)} for page in opportunities],
        "frequency": frequency,
        "unsubscribe_url": unsubscribe_url,
        "manage_url": absolute_url(reverse("alerts_manage")),
    }
    queue_templated_email(
        template="alerts_new",
        context=context,
        to=[member.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
