import pytest
from django.core import mail

from core.moderation import page_moderation_status, page_submit_for_moderation
from home.models import StandardPage
from tests.members.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(home_page):
    page = StandardPage(title="Our peer group", slug="our-peer-group", live=False)
    home_page.add_child(instance=page)
    return page


def test_a_submitted_page_waits_for_staff_and_is_not_public(client, draft):
    state = page_submit_for_moderation(page=draft, user=UserFactory())

    draft.refresh_from_db()
    assert state.status == "in_progress"
    assert page_moderation_status(draft) == "in_moderation"
    assert client.get("/our-peer-group/").status_code == 404


def test_approval_publishes_and_emails_the_submitter_in_plain_words(after_commit, client, draft):
    submitter = UserFactory(email="submitter@example.org")
    state = page_submit_for_moderation(page=draft, user=submitter)
    mail.outbox.clear()

    with after_commit():
        state.current_task_state.approve(user=StaffFactory())

    draft.refresh_from_db()
    assert draft.live
    assert client.get("/our-peer-group/").status_code == 200
    [email] = [message for message in mail.outbox if message.to == ["submitter@example.org"]]
    assert email.subject == 'Your standard page "Our peer group" is now published'
    assert "/our-peer-group/" in email.body
    assert "/cms/" not in email.body


def test_asking_for_changes_emails_the_comment_and_keeps_the_page_private(
    after_commit, client, draft
):
    submitter = UserFactory(email="submitter@example.org")
    state = page_submit_for_moderation(page=draft, user=submitter)
    mail.outbox.clear()

    with after_commit():
        state.current_task_state.reject(user=StaffFactory(), comment="Please add a contact email.")

    draft.refresh_from_db()
    assert not draft.live
    assert page_moderation_status(draft) == "needs_changes"
    [email] = [message for message in mail.outbox if message.to == ["submitter@example.org"]]
    assert "needs some changes" in email.subject
    assert "Please add a contact email." in email.body


def test_resubmitting_after_changes_puts_the_newest_version_in_front_of_staff(draft):
    submitter = UserFactory()
    first = page_submit_for_moderation(page=draft, user=submitter)
    first.current_task_state.reject(user=StaffFactory(), comment="Shorter title, please.")

    draft.title = "Peer group"
    second = page_submit_for_moderation(page=draft, user=submitter)
    second.current_task_state.approve(user=StaffFactory())

    draft.refresh_from_db()
    assert draft.live
    assert draft.title == "Peer group"
