"""Your data: download it, withdraw monitoring answers, delete the account."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import PlainErrorsFormMixin, form_status
from members.data_rights import member_data_export, member_delete_account
from monitoring.models import SavedMonitoringAnswers
from monitoring.services import monitoring_withdraw_consent
from opportunities.models import ExpressionOfInterest


class DeleteAccountForm(PlainErrorsFormMixin, forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(label="I understand this cannot be undone", required=True)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError("That is not your password. Check it and try again")
        return password


@login_required
def your_data(request):
    member = request.user
    context = {
        "monitoring_answers_given": ExpressionOfInterest.objects.filter(member=member)
        .exclude(monitoring_token="")
        .count(),
        "answers_kept": SavedMonitoringAnswers.objects.filter(member=member).exists(),
    }
    return render(request, "pages/members/your_data.html", context)


@login_required
def your_data_download(request):
    data = member_data_export(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-nsun-4pi-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def withdraw_monitoring(request):
    erased = monitoring_withdraw_consent(member=request.user)
    messages.success(
        request,
        f"Done. We deleted your answers to the questions about you ({erased} "
        f"{'set' if erased == 1 else 'sets'}), and any copy kept for next time.",
    )
    return redirect("your_data")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        member = request.user
        logout(request)
        member_delete_account(member=member)
        messages.success(request, "Your account and your personal data have been deleted.")
        return redirect("/")
    return render(
        request, "pages/members/delete_account.html", {"form": form}, status=form_status(form)
    )
