from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from core.forms import form_status
from members.profile_forms import MemberProfileForm
from members.services import member_profile_for, member_profile_update


@login_required
def profile_edit(request):
    profile = member_profile_for(request.user)
    form = MemberProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        member_profile_update(profile=profile, cleaned_data=form.cleaned_data)
        messages.success(request, "Saved. Here are the opportunities that fit you now.")
        return redirect("matches")
    return render(
        request, "pages/matching/profile_form.html", {"form": form}, status=form_status(form)
    )
