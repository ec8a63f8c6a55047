"""Opportunities that fit you, alert settings, saved searches, and the one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from members.models import MemberProfile
from members.profile_services import member_profile_for
from opportunities.models import OpportunityIndexPage, OpportunityPage
from search import services
from search.alerts.emails import member_for_unsubscribe_token
from search.filters import OpportunitySearchFilter
from search.forms import SavedSearchForm
from search.matching.engines import match_with_fallback
from search.matching.profile import profile_from_member
from search.models import AlertFrequency, SavedSearch

MATCHES_SHOWN = 20

# Sections of the profile form, by the preference a reason names.
PREFERENCE_SECTIONS = {
    "interests": ("interests", "Change your interests"),
    "where": ("where", "Change where you can take part"),
    "money": ("money", "Change what you need about money"),
    "involvement": ("involvement", "Change the kinds of involvement"),
    "when": ("when", "Change when you are free"),
    "support": ("support", "Change the support you want"),
    "words": ("words", "Change your own words"),
}


def missing_preferences(profile):
    """What the member could add to get better matches, in plain words."""
    missing = []
    if not profile.topics.exists():
        missing.append(("interests", "the topics that interest you"))
    if not profile.postcode_district:
        missing.append(("where", "your postcode area, so we can tell how far things are"))
    if not profile.levels and not profile.role_types:
        missing.append(("involvement", "the kinds of involvement you would like"))
    if not profile.availability:
        missing.append(("when", "when you are usually free"))
    return missing


@login_required
def matches(request):
    profile = member_profile_for(request.user)
    found, engine, fell_back = match_with_fallback(
        profile_from_member(profile), limit=MATCHES_SHOWN
    )
    rows = []
    for match in found:
        preferences = []
        for preference, _ in match.explained_reasons + match.explained_unmet:
            section = PREFERENCE_SECTIONS.get(preference)
            if section and section not in preferences:
                preferences.append(section)
        rows.append({"match": match, "change_links": preferences})
    return render(
        request,
        "pages/matching/matches.html",
        {
            "rows": rows,
            "missing": missing_preferences(profile),
            "fell_back": fell_back,
            "engine": engine,
        },
    )


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
    try:
        saved = services.saved_search_create(
            member=request.user, query_dict=request.POST, frequency=form.cleaned_data["frequency"]
        )
    except services.TooManySavedSearches as error:
        messages.error(request, str(error))
        return redirect("alerts_manage")
    messages.success(
        request,
        f"Saved. We will email you about new opportunities for {saved.name} "
        f"({saved.get_frequency_display().lower()}).",
    )
    return redirect("alerts_manage")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def alerts_manage(request):
    if request.method == "POST":
        saved_search_id = request.POST.get("delete", "")
        if (
            not (saved_search_id.isascii() and saved_search_id.isdigit())
            or len(saved_search_id) > 18
        ):
            raise Http404("No such saved search.")
        saved = get_object_or_404(SavedSearch, pk=int(saved_search_id), member=request.user)
        services.saved_search_delete(saved_search=saved)
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
@require_http_methods(["GET", "HEAD", "POST"])
def alerts_unsubscribe(request, token):
    member_id = member_for_unsubscribe_token(token)
    if member_id is None:
        return render(request, "pages/alerts/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        services.alerts_stop_all(member_id=member_id)
        return render(request, "pages/alerts/unsubscribe.html", {"done": True})
    return render(request, "pages/alerts/unsubscribe.html", {"token": token})
