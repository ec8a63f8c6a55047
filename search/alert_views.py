"""Alert settings: saved searches, and the one-click unsubscribe link in every alert email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from members.models import MemberProfile
from opportunities.models import OpportunityIndexPage, OpportunityPage
from search import alerts
from search.filters import OpportunitySearchFilter
from search.forms import SavedSearchForm
from search.models import AlertFrequency, SavedSearch


def search_page_url():
    index = OpportunityIndexPage.objects.live().first()
    return index.url if index else "/"


@login_required
@require_POST
def saved_search_create(request):
    form = SavedSearchForm(request.POST)
    search = OpportunitySearchFilter(request.POST, queryset=OpportunityPage.objects.none())
    if not form.is_valid() or not search.form.is_valid():
        messages.error(
            request, "We could not save that search. Please try again from the search page."
        )
        return redirect("alerts_manage")
    saved = alerts.saved_search_create(
        member=request.user, query_dict=request.POST, frequency=form.cleaned_data["frequency"]
    )
    messages.success(
        request,
        f"Saved. We will email you about new opportunities for {saved.name} "
        f"({saved.get_frequency_display().lower()}).",
    )
    return redirect("alerts_manage")


@login_required
@require_http_methods(["GET", "POST"])
def alerts_manage(request):
    if request.method == "POST":
        saved = get_object_or_404(SavedSearch, pk=request.POST.get("delete"), member=request.user)
        alerts.saved_search_delete(saved_search=saved)
        messages.success(request, f"We will not email you about {saved.name} any more.")
        return redirect("alerts_manage")
    profile = MemberProfile.objects.filter(user=request.user).first()
    return render(
        request,
        "pages/alerts/manage.html",
        {
            "profile_frequency": (
                profile.get_alert_frequency_display() if profile else AlertFrequency.OFF.label
            ),
            "saved_searches": SavedSearch.objects.filter(member=request.user),
            "search_url": search_page_url(),
        },
    )


@csrf_exempt  # mail programs send one-click unsubscribes (RFC 8058) without a session
@require_http_methods(["GET", "POST"])
def alerts_unsubscribe(request, token):
    member_id = alerts.member_for_unsubscribe_token(token)
    if member_id is None:
        return render(request, "pages/alerts/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        alerts.alerts_stop_all(member_id=member_id)
        return render(request, "pages/alerts/unsubscribe.html", {"done": True})
    return render(request, "pages/alerts/unsubscribe.html", {"token": token})
