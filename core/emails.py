"""Plain-text emails rendered from templates/email/<name>_subject.txt and <name>.txt."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task

logger = logging.getLogger(__name__)


def absolute_url(path):
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def render_templated_email(*, template, context):
    """(subject, body) of templates/email/<template>_subject.txt and <template>.txt."""
    context = {"site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"), **context}
    subject = " ".join(render_to_string(f"email/{template}_subject.txt", context).split())
    body = render_to_string(f"email/{template}.txt", context)
    return subject, body


def queue_templated_email(*, template, context, to, headers=None):
    """Render the email now and send it after the transaction commits, through the task queue.

    Rendering now reads what this transaction wrote; sending after commit means a rolled-back
    change sends nothing, and a failed or slow send never rolls back or holds up the save
    (send_email). `to` is an iterable of addresses; each gets their own copy; `headers` are
    extra message headers (for example List-Unsubscribe, RFC 8058).
    """
    subject, body = render_templated_email(template=template, context=context)
    addresses = [address for address in dict.fromkeys(to) if address]
    if addresses:
        transaction.on_commit(
            lambda: send_email.enqueue(
                subject=subject, body=body, to=addresses, template=template, headers=headers or {}
            )
        )


def send_templated_email(*, template, context, to):
    """Send one email to each address in `to` (nobody sees anyone else's address)."""
    subject, body = render_templated_email(template=template, context=context)
    send_rendered_email(subject=subject, body=body, to=to, template=template)


def send_rendered_email(*, subject, body, to, template, headers=None):
    """Send a rendered email to each address in `to`, one copy each; skips what cannot be sent."""
    for address in dict.fromkeys(to):
        if not address:
            continue
        try:
            EmailMessage(subject, body, to=[address], headers=headers or {}).send()
        except (UnicodeError, ValueError):
            # An address saved before it was checked (core.email_addresses) cannot be encoded;
            # one bad address must not stop the page or the other emails.
            logger.warning(
                "Could not send the %s email to an address that cannot be encoded", template
            )


@task()
def send_email(*, subject, body, to, template, headers=None):
    """Send an email queue_templated_email rendered (strings only, so the task can be queued).

    Returns the number of addresses it was for.
    """
    send_rendered_email(subject=subject, body=body, to=to, template=template, headers=headers)
    return len(to)
