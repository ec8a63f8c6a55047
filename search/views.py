"""Opportunities that fit you, alert settings, saved searches, and the one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.caching import cached_for_member, fingerprint
from core.forms import form_status
from members.services import member_profile_for
from opportunities.models import OpportunityPage
from search import selectors, services
from search.alerts.emails import member_for_unsubscribe_token
from search.alerts.saved_searches import saved_search_query_string
from search.filters import OpportunitySearchFilter
from search.forms import SavedSearchForm
from search.matching.engines import get_engine, match_with_fallback
from search.matching.profile import profile_from_member

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
    """What the member could add to get better matches, in plain words: [(form section, text)].

    profile: their MemberProfile, topics prefetched (read with .all(), no query then).
    """
    missing = []
    if not profile.topics.all():
        missing.append(("interests", "the topics that interest you"))
    if not profile.postcode_district:
        missing.append(("where", "your postcode area, so we can tell how far things are"))
    if not profile.levels and not profile.role_types:
        missing.append(("involvement", "the kinds of involvement you would like"))
    if not profile.availability:
        missing.append(("when", "when you are usually free"))
    return missing


def matches_answer(profile, missing):
    """(the matches as HTML, whether it may be kept): kept only if the configured engine
    answered, so the page recovers as soon as Elasticsearch is back."""
    found, engine, fell_back = match_with_fallback(profile, limit=MATCHES_SHOWN)
    rows = []
    for match in found:
        preferences = []
        for preference, _ in match.explained_reasons + match.explained_unmet:
            section = PREFERENCE_SECTIONS.get(preference)
            if section and section not in preferences:
                preferences.append(section)
        rows.append({"match": match, "change_links": preferences})
    html = render_to_string(
        "pages/matching/matches_answer.html",
        {"rows": rows, "missing": missing, "fell_back": fell_back, "engine": engine},
    )
    return html, not fell_back and engine.name == get_engine().name


@login_required
def matches(request):
    member_profile = member_profile_for(request.user)
    prefetch_related_objects([member_profile], "topics", "communities")
    profile = profile_from_member(member_profile)
    missing = missing_preferences(member_profile)
    # Everything the answer reads about the member is in the key: any edit is a new answer.
    answer = cached_for_member(
        "matches",
        request.user,
        fingerprint(profile, missing),
        lambda: matches_answer(profile, missing),
    )
    return render(request, "pages/matching/matches.html", {"answer": answer})


@login_required
@require_POST
def saved_search_create(request):
    form = SavedSearchForm(request.POST)
    search = OpportunitySearchFilter(request.POST, queryset=OpportunityPage.objects.none())
    if form.is_valid() and search.form.is_valid():
        try:
            saved = services.saved_search_create(
                member=request.user,
                query_dict=request.POST,
                frequency=form.cleaned_data["frequency"],
            )
        except services.TooManySavedSearches as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Saved. We will email you about new opportunities for {saved.name} "
                f"({saved.get_frequency_display().lower()}).",
            )
            return redirect("alerts_manage")
    for name, errors in search.form.errors.items():
        label = search.form.fields[name].label if name in search.form.fields else ""
        for error in errors:
            form.add_error(None, f"{label}: {error}" if label else error)
    # The form again, with what was asked kept, above the member's saved searches.
    kept = QueryDict(saved_search_query_string(request.POST))
    context = {
        **_alerts_context(request),
        "saved_search_form": form,
        "saved_search_values": [(name, value) for name, values in kept.lists() for value in values],
    }
    return render(request, "pages/alerts/manage.html", context, status=form_status(form))


def _alerts_context(request):
    return {
        "profile_frequency": selectors.profile_alert_frequency_label(member=request.user),
        "saved_searches": selectors.saved_searches_of(member=request.user),
        "search_url": selectors.search_page_url(),
    }


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
        saved = selectors.saved_search_of_member_or_404(
            member=request.user, saved_search_id=int(saved_search_id)
        )
        services.saved_search_delete(saved_search=saved)
        messages.success(request, f"We will not email you about {saved.name} any more.")
        return redirect("alerts_manage")
    return render(request, "pages/alerts/manage.html", _alerts_context(request))


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
