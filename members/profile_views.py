from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from members.profile_forms import MemberProfileForm
from members.profile_services import member_profile_for, member_profile_update
from search.engines import match_with_fallback
from search.facts import profile_from_member

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
def profile_edit(request):
    profile = member_profile_for(request.user)
    form = MemberProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        member_profile_update(profile=profile, cleaned_data=form.cleaned_data)
        messages.success(request, "Saved. Here are the opportunities that fit you now.")
        return redirect("matches")
    return render(request, "pages/matching/profile_form.html", {"form": form})


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
