"""The member's benefits-aware totals and letters. For the member alone: nobody else, staff and
the organisation included, reaches these pages (selectors give everyone else a 404)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from involvement import benefits, letters, selectors
from involvement.models import EarningsLimitKind


def _guide_url():
    """The "Payment, expenses and your benefits" guide, if it exists (home/demo.py makes it)."""
    from home.models import ResourceIndexPage, ResourcePage

    guide = ResourcePage.objects.live().filter(slug="payment-and-benefits").first()
    if guide is None:
        guide = ResourceIndexPage.objects.live().first()
    return guide.url if guide is not None else None


@login_required
def benefits_totals(request):
    today = timezone.localdate()
    return render(
        request,
        "pages/involvement/benefits.html",
        {
            "totals": benefits.member_benefits_totals(request.user, today=today),
            "current_limits": benefits.current_limits(today=today),
            "guide_url": _guide_url(),
            "kinds": EarningsLimitKind,
            "today": today,
        },
    )


@login_required
def letters_page(request, involvement_id):
    involvement = selectors.involvement_of_member_or_404(
        user=request.user, involvement_id=involvement_id
    )
    return render(
        request,
        "pages/involvement/letters.html",
        {
            "involvement": involvement,
            "letters": letters.LETTERS,
            "available": letters.letters_available(),
        },
    )


@login_required
def letter_download(request, involvement_id, kind):
    if kind not in letters.LETTERS:
        raise Http404("No such letter.")
    involvement = selectors.involvement_of_member_or_404(
        user=request.user, involvement_id=involvement_id
    )
    try:
        pdf = letters.render_letter(kind, involvement, base_url=request.build_absolute_uri("/"))
    except letters.LettersUnavailable:
        response = render(
            request,
            "pages/involvement/letters.html",
            {"involvement": involvement, "letters": letters.LETTERS, "available": False},
            status=503,
        )
        response["Retry-After"] = "3600"
        return response
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{letters.letter_filename(kind, involvement)}"'
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
