"""Pages written through the front-end portals reach NSUN staff through Wagtail's moderation
workflow. Staff approve or ask for changes in the CMS; the person who submitted is emailed in
plain words either way (Wagtail's own emails would point them at a CMS they cannot use).
"""

import logging

from django.utils.text import slugify
from wagtail.models import WorkflowState

from core.emails import absolute_url, queue_templated_email

logger = logging.getLogger(__name__)


class ModerationUnavailable(RuntimeError):
    """No moderation workflow applies to this page; staff must set one up in the CMS."""


def unique_child_slug(parent, title):
    base = slugify(title)[:70] or "page"
    slug, number = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def page_add_draft(*, parent, page, user, topics=(), communities=()):
    """Add a new page under `parent` as a draft only its author's tools show, with a revision."""
    page.slug = page.slug or unique_child_slug(parent, page.title)
    page.live = False
    page.owner = user
    parent.add_child(instance=page)
    page.topics.set(topics)
    page.communities.set(communities)
    page.save_revision(user=user)
    return page


def page_submit_for_moderation(*, page, user):
    """Save the page's current state as a revision and send it to NSUN staff for approval.

    A page already waiting (or sent back for changes) starts again with the newest revision, so
    staff always approve what the person last wrote. Returns the new WorkflowState.
    """
    page.save_revision(user=user, log_action=True)
    current = page.current_workflow_state
    if current and current.status in (
        WorkflowState.STATUS_IN_PROGRESS,
        WorkflowState.STATUS_NEEDS_CHANGES,
    ):
        current.cancel(user=user)
    workflow = page.get_workflow()
    if workflow is None or not workflow.active:
        raise ModerationUnavailable(f"No moderation workflow applies to {page!r}.")
    return workflow.start(page, user)


def page_save_draft(*, page, user, fields, topics=None, communities=None, prepare=None):
    """Apply changes to the page as last written and save them as a new revision.

    What is published stays as it is until staff approve. `prepare(draft)` runs before the
    draft is validated, for values derived from the fields (such as coordinates).
    """
    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    if topics is not None:
        draft.topics.set(topics)
    if communities is not None:
        draft.communities.set(communities)
    if prepare is not None:
        prepare(draft)
    draft.full_clean(exclude=["path", "depth", "url_path", "slug"])
    draft.save_revision(user=user)
    return draft


def page_moderation_status(page):
    """'draft', 'in_moderation', 'needs_changes' or 'published', for the portal's own lists."""
    state = page.current_workflow_state
    if state and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return "in_moderation"
    if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "needs_changes"
    if page.live:
        return "published"
    return "draft"


def _notify_submitter(workflow_state, *, template, comment=""):
    submitter = workflow_state.requested_by
    if submitter is None or not submitter.email:
        return
    page = workflow_state.content_object.specific
    context = {
        "page": page,
        "kind": page._meta.verbose_name,
        "person": submitter,
        "comment": comment,
        "public_url": page.full_url if page.live else "",
        "edit_url": absolute_url(getattr(page, "portal_edit_url", "")),
    }
    queue_templated_email(template=template, context=context, to=[submitter.email])
    logger.info("Moderation email %s sent for page %s", template, page.pk)


def notify_submitter_of_approval(sender, instance, user=None, **kwargs):
    _notify_submitter(instance, template="moderation_approved")


def notify_submitter_of_rejection(sender, instance, user=None, **kwargs):
    task_state = instance.current_task_state
    comment = task_state.specific.get_comment() if task_state else ""
    _notify_submitter(instance, template="moderation_needs_changes", comment=comment)
