"""Letters a member downloads as PDFs: one for benefits advisers and an involvement reference.

Made on request from Django templates with WeasyPrint, as tagged PDF/UA-1 (real text, a
structure tree, the document's title and language), and never stored. WeasyPrint needs
Debian's pango libraries (deploy/app/system-packages.sh); where they are missing, pages say
letters are unavailable instead of failing.
"""

import functools
import logging

from django.template.loader import render_to_string
from django.utils import timezone

from involvement.models import ClaimStatus

logger = logging.getLogger(__name__)

LETTERS = {
    "benefits": ("A letter for your benefits adviser", "letters/benefits_adviser.html"),
    "reference": ("An involvement reference", "letters/reference.html"),
}


class LettersUnavailable(Exception):
    """The PDF library or its system libraries are not installed here."""


@functools.cache
def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: pango or its friends are missing
        logger.warning("Letters are unavailable: %s", error)
        return None
    return weasyprint


def letters_available():
    """True when PDFs can be made here."""
    return _weasyprint() is not None


def letter_context(involvement, *, today=None):
    """What both letters say, from records already read (the involvement with its sessions,
    fee payments and paid claims)."""
    today = today or timezone.localdate()
    sessions = sorted(involvement.sessions.all(), key=lambda s: s.date)
    payments = sorted(involvement.fee_payments.all(), key=lambda p: p.paid_on)
    expenses = sorted(
        (c for c in involvement.claims.all() if c.status == ClaimStatus.PAID),
        key=lambda c: c.paid_on,
    )
    return {
        "involvement": involvement,
        "member": involvement.member,
        "opportunity": involvement.opportunity,
        "organisation": involvement.organisation,
        "sessions": sessions,
        "payments": payments,
        "expenses": expenses,
        "fees_total_pence": sum(p.amount_pence for p in payments),
        "expenses_total_pence": sum(c.amount_pence for c in expenses),
        "first_session": sessions[0].date if sessions else None,
        "last_session": sessions[-1].date if sessions else None,
        "today": today,
    }


def render_letter(kind, involvement, *, base_url, today=None):
    """The PDF (bytes) of letter `kind` ("benefits" or "reference") for `involvement`.

    Raises KeyError for an unknown kind and LettersUnavailable where PDFs cannot be made."""
    title, template = LETTERS[kind]
    weasyprint = _weasyprint()
    if weasyprint is None:
        raise LettersUnavailable("Letters cannot be made on this server just now.")
    context = {**letter_context(involvement, today=today), "title": title}
    html = render_to_string(template, context)
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )


def letter_filename(kind, involvement):
    """A download name without the person's name in it: e.g. "involvement-12-benefits.pdf"."""
    LETTERS[kind]  # KeyError for an unknown kind
    return f"involvement-{involvement.pk}-{kind}.pdf"
