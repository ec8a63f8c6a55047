"""List your group: people add and keep up their own listings; NSUN staff approve each change."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.exceptions import NotAllowed
from core.moderation import ModerationUnavailable, page_moderation_status
from groups import selectors, services
from groups.forms import GROUP_STEPS, SESSION_STEPS, steps_for
from groups.models import GroupPage

TOO_MANY = 429
logger = logging.getLogger(__name__)


def _steps_nav(steps, current):
    return [
        {"slug": slug, "heading": heading, "current": slug == current} for slug, heading, _ in steps
    ]


def _step_page(request, *, form, listing, steps, current, group=None, status=200):
    context = {
        "form": form,
        "listing": listing,
        "group": group,
        "kind": "session" if steps is SESSION_STEPS else "group",
        "steps": _steps_nav(steps, current),
        "step_heading": {slug: heading for slug, heading, _ in steps}[current],
    }
    return render(request, "pages/groups/listing_step.html", context, status=status)


def _taxonomies(form):
    if "topics" not in form.cleaned_data:
        return {}
    return {
        "topics": form.cleaned_data["topics"],
        "communities": form.cleaned_data["communities"],
    }


@login_required
def your_listings(request):
    groups = list(selectors.groups_for_admin(request.user))
    for group in groups:
        group.status = page_moderation_status(group)
        for session in group.sessions.all():
            session.status = page_moderation_status(session)
    return render(request, "pages/groups/your_listings.html", {"groups": groups})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_new(request):
    slug, _, form_class = GROUP_STEPS[0]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create_draft(
                user=request.user, fields=form.page_values(), **_taxonomies(form)
            )
        except NotAllowed as error:
            form.add_error(None, str(error))
            return _step_page(
                request, form=form, listing=None, steps=GROUP_STEPS, current=slug, status=TOO_MANY
            )
        messages.success(request, "Saved. Only you can see it until NSUN staff approve it.")
        return redirect("listing_edit", group.pk, GROUP_STEPS[1][0])
    status = 400 if form.is_bound else 200
    return _step_page(
        request, form=form, listing=None, steps=GROUP_STEPS, current=slug, status=status
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_new(request, group_id):
    group = selectors.group_for_admin_or_404(user=request.user, group_id=group_id)
    slug, _, form_class = SESSION_STEPS[0]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create_draft(
                user=request.user, group=group, fields=form.page_values(), **_taxonomies(form)
            )
        except NotAllowed as error:
            form.add_error(None, str(error))
            return _step_page(
                request, form=form, listing=None, steps=SESSION_STEPS, current=slug,
                group=group, status=TOO_MANY,
            )  # fmt: skip
        messages.success(request, "Saved. Only you can see it until NSUN staff approve it.")
        return redirect("listing_edit", session.pk, SESSION_STEPS[1][0])
    status = 400 if form.is_bound else 200
    return _step_page(
        request, form=form, listing=None, steps=SESSION_STEPS, current=slug, group=group,
        status=status,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def listing_edit(request, page_id, step):
    listing = selectors.listing_for_admin_or_404(user=request.user, page_id=page_id)
    steps = steps_for(listing)
    form_class = {slug: form for slug, _, form in steps}.get(step)
    if form_class is None:
        raise Http404("There is no such step.")
    draft = services.listing_latest_draft(listing)
    form = form_class(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update_draft(
                listing=listing, user=request.user, fields=form.page_values(), **_taxonomies(form)
            )
        except NotAllowed as error:
            form.add_error(None, str(error))
            return _step_page(
                request, form=form, listing=listing, steps=steps, current=step, status=TOO_MANY
            )
        if "save_and_leave" in request.POST:
            messages.success(request, "Saved. You can come back to it at any time.")
            return redirect("your_listings")
        slugs = [slug for slug, _, _ in steps]
        position = slugs.index(step)
        if position + 1 < len(slugs):
            return redirect("listing_edit", listing.pk, slugs[position + 1])
        return redirect("listing_check", listing.pk)
    status = 400 if form.is_bound else 200
    return _step_page(request, form=form, listing=listing, steps=steps, current=step, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def listing_check(request, page_id):
    """Everything on one page as it will appear, and the button that sends it to NSUN staff."""
    listing = selectors.listing_for_admin_or_404(user=request.user, page_id=page_id)
    draft = services.listing_latest_draft(listing)
    status = 200
    if request.method == "POST":
        try:
            services.listing_submit(listing=listing, user=request.user)
        except NotAllowed as error:
            messages.error(request, str(error))
            status = 400
        except ModerationUnavailable:
            logger.error("No moderation workflow applies to listing %s", listing.pk)
            messages.error(
                request,
                "We cannot send listings to NSUN staff just now. Your draft is saved; please "
                "try again later.",
            )
            status = 503
        else:
            messages.success(
                request,
                "Sent to NSUN staff. We will email you when it is approved, usually within a "
                "week. What is published now stays until then.",
            )
            return redirect("your_listings")
    context = {
        "listing": listing,
        "draft": draft,
        "is_group": isinstance(listing, GroupPage),
        "status": page_moderation_status(listing),
        "missing": services.listing_missing_steps(draft),
        "steps": _steps_nav(steps_for(listing), None),
    }
    return render(request, "pages/groups/listing_check.html", context, status=status)
