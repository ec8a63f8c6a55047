"""Plain-text emails rendered from templates/email/<name>_subject.txt and <name>.txt."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def absolute_url(path):
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_templated_email(*, template, context, to):
    """Send one email to each address in `to` (nobody sees anyone else's address)."""
    context = {"site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"), **context}
    subject = " ".join(render_to_string(f"email/{template}_subject.txt", context).split())
    body = render_to_string(f"email/{template}.txt", context)
    for address in dict.fromkeys(to):
        if not address:
            continue
        try:
            send_mail(subject, body, None, [address])
        except (UnicodeError, ValueError):
            # An address saved before it was checked (core.email_addresses) cannot be encoded;
            # one bad address must not stop the page or the other emails.
            logger.warning(
                "Could not send the %s email to an address that cannot be encoded", template
            )
