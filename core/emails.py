"""Plain-text emails rendered from templates/email/<name>_subject.txt and <name>.txt."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


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
        if address:
            send_mail(subject, body, None, [address])
