"""List your group: the whole journey through moderation, who may edit, limits and hostile input."""

import re

import pytest
from django.core import mail
from wagtail.models import WorkflowState

from groups import services
from groups.models import GroupAdministrator, GroupPage, PeerSupportPage
from tests.members.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

ABOUT = {
    "title": "Harbour Hearing Voices",
    "description": "A hearing voices group in Leeds. Come and listen first if you like.",
    "led_by_lived_experience": "on",
    "activities": ["peer_support"],
}
WHERE = {
    "in_person": "on",
    "postcode": "ls1 4ap",
    "venue": "Community centre, Park Row",
    "area_served": "Leeds",
    "meeting_details": "Every other Thursday, 6pm.",
    "accessibility": "Step-free; quiet room.",
}
CONTACT = {"contact_email": "hello@harbour.example.org", "website": "https://harbour.example.org"}
SESSION_ABOUT = {
    "title": "Thursday hearing voices circle",
    "description": "A circle for people who hear voices.",
    "support_type": "group",
    "who_for": "service_users",
}
SESSION_WHEN = {
    "day_of_week": "3",
    "frequency": "fortnightly",
    "dtstart": "2026-12-03",
    "start_time": "18:00",
    "end_time": "19:30",
    "in_person": "on",
    "postcode": "LS1 4AP",
}
SESSION_JOIN = {"cost": "Free", "how_to_join": "Just come along.", "contact_email": "a@b.org"}


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def list_group(client, **about):
    """Fill in every step of "List your group" and send it; returns the group."""
    response = client.post("/directory/list-your-group/", {**ABOUT, **about})
    assert response.status_code == 302, text(response)
    group = GroupPage.objects.get(title=about.get("title", ABOUT["title"]))
    for step, values in [("where", WHERE), ("contact", CONTACT)]:
        response = client.post(f"/directory/your-listings/{group.pk}/{step}/", values)
        assert response.status_code == 302, text(response)
    response = client.post(f"/directory/your-listings/{group.pk}/check/")
    assert response.status_code == 302, text(response)
    return GroupPage.objects.get(pk=group.pk)


def test_list_a_group_approve_edit_and_approve_again(
    after_commit, client, groups_directory, postcodes_io
):
    lister = UserFactory()
    client.force_login(lister)

    group = list_group(client)

    # Waiting for staff: in the moderation queue, not on the public site.
    assert group.live is False
    assert group.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    staff = StaffFactory()
    client.force_login(staff)
    assert ABOUT["title"] in text(client.get("/cms/reports/workflow/"))
    client.logout()
    assert client.get("/groups/harbour-hearing-voices/").status_code == 404
    assert ABOUT["title"] not in text(client.get("/groups/"))

    # Approved: public, placed on the map, and the lister hears about it.
    with after_commit():
        group.current_workflow_state.current_task_state.approve(user=staff)
    group.refresh_from_db()
    assert group.live and group.latitude == pytest.approx(53.80, abs=0.02)
    page = text(client.get(group.url))
    assert "A hearing voices group in Leeds" in page
    assert "Every other Thursday" in page
    assert GroupAdministrator.objects.filter(group=group, user=lister).exists()
    (approval,) = mail.outbox
    assert approval.to == [lister.email] and "published" in approval.subject
    assert f"/directory/your-listings/{group.pk}/check/" in approval.body

    # The lister edits: the change waits for staff; the public page stays as it was.
    client.force_login(lister)
    response = client.post(
        f"/directory/your-listings/{group.pk}/about/",
        {**ABOUT, "description": "We now meet in Bradford too."},
    )
    assert response.status_code == 302
    client.post(f"/directory/your-listings/{group.pk}/check/")
    client.logout()
    assert "We now meet in Bradford too." not in text(client.get(group.url))
    group.refresh_from_db()
    assert group.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    with after_commit():
        group.current_workflow_state.current_task_state.approve(user=staff)
    assert "We now meet in Bradford too." in text(client.get(group.url))


def test_rejection_emails_the_lister_with_the_reason(
    after_commit, client, groups_directory, postcodes_io
):
    lister = UserFactory()
    client.force_login(lister)
    group = list_group(client)

    with after_commit():
        group.current_workflow_state.current_task_state.reject(
            user=StaffFactory(), comment="Please say which community centre."
        )

    (email,) = mail.outbox
    assert email.to == [lister.email]
    assert "Please say which community centre." in email.body
    group.refresh_from_db()
    assert not group.live
    response = client.get("/directory/your-listings/")
    assert "NSUN staff asked for changes" in text(response)


def test_the_group_admin_adds_a_session_that_is_published_after_approval(
    client, groups_directory, peer_directory, postcodes_io
):
    lister = UserFactory()
    client.force_login(lister)
    group = list_group(client)
    group.current_workflow_state.current_task_state.approve(user=StaffFactory())

    response = client.post(f"/directory/your-listings/{group.pk}/new-session/", SESSION_ABOUT)
    assert response.status_code == 302
    session = PeerSupportPage.objects.get(title=SESSION_ABOUT["title"])
    assert session.group_id == group.pk and session.run_by == group.title
    for step, values in [("when", SESSION_WHEN), ("contact", SESSION_JOIN)]:
        response = client.post(f"/directory/your-listings/{session.pk}/{step}/", values)
        assert response.status_code == 302, text(response)
    client.post(f"/directory/your-listings/{session.pk}/check/")
    assert client.get("/peer-support/").content.decode().count(SESSION_ABOUT["title"]) == 0

    session.refresh_from_db()
    session.current_workflow_state.current_task_state.approve(user=StaffFactory())
    session.refresh_from_db()
    page = text(client.get(session.url))
    assert "Every other Thursday" in page and "6pm to 7:30pm" in page
    assert client.get(f"/peer-support/{session.pk}/calendar.ics").status_code == 200


def test_nobody_else_can_see_or_change_someone_elses_group(client, groups_directory, postcodes_io):
    lister = UserFactory()
    client.force_login(lister)
    client.post("/directory/list-your-group/", ABOUT)
    group = GroupPage.objects.get(title=ABOUT["title"])

    client.force_login(UserFactory())
    for url in [
        f"/directory/your-listings/{group.pk}/about/",
        f"/directory/your-listings/{group.pk}/check/",
        f"/directory/your-listings/{group.pk}/new-session/",
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, {**ABOUT, "title": "Taken over"}).status_code == 404
    assert ABOUT["title"] not in text(client.get("/directory/your-listings/"))
    assert client.get(f"/groups/{group.slug}/").status_code == 404
    assert (
        GroupPage.objects.get(pk=group.pk).get_latest_revision_as_object().title == ABOUT["title"]
    )

    client.logout()
    response = client.get(f"/directory/your-listings/{group.pk}/about/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_errors_keep_what_was_typed(client, groups_directory, postcodes_io):
    client.force_login(UserFactory())
    response = client.post("/directory/list-your-group/", {**ABOUT, "led_by_lived_experience": ""})
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert ABOUT["description"] in page
    assert not GroupPage.objects.exists()

    client.post("/directory/list-your-group/", ABOUT)
    group = GroupPage.objects.get()
    response = client.post(
        f"/directory/your-listings/{group.pk}/where/", {**WHERE, "postcode": "ZZ9 9ZZ"}
    )
    assert response.status_code == 400
    assert "Community centre, Park Row" in text(response)
    assert "postcode" in text(response).lower()


def test_sending_an_unfinished_listing_says_what_is_missing(client, groups_directory):
    client.force_login(UserFactory())
    client.post("/directory/list-your-group/", ABOUT)
    group = GroupPage.objects.get()

    response = client.post(f"/directory/your-listings/{group.pk}/check/")

    assert response.status_code == 400
    assert "How people get in touch" in text(response)
    assert GroupPage.objects.get().current_workflow_state is None


def test_the_honeypot_and_the_daily_limit_stop_spam(client, groups_directory, monkeypatch):
    client.force_login(UserFactory())
    response = client.post("/directory/list-your-group/", {**ABOUT, "website_address": "buy"})
    assert response.status_code == 400
    assert not GroupPage.objects.exists()

    monkeypatch.setattr(services, "NEW_LISTINGS_PER_DAY", 2)
    for number in range(2):
        response = client.post("/directory/list-your-group/", {**ABOUT, "title": f"Group {number}"})
        assert response.status_code == 302
    response = client.post("/directory/list-your-group/", {**ABOUT, "title": "Group 3"})
    assert response.status_code == 429
    assert "up to 2 new listings a day" in text(response)
    assert "Group 3" in text(response)  # what was typed is kept
    assert GroupPage.objects.count() == 2


def test_too_many_saves_in_an_hour_are_refused_without_losing_the_draft(
    client, groups_directory, monkeypatch
):
    client.force_login(UserFactory())
    client.post("/directory/list-your-group/", ABOUT)
    group = GroupPage.objects.get()
    monkeypatch.setattr(services, "SAVES_PER_HOUR", 2)
    url = f"/directory/your-listings/{group.pk}/about/"

    assert client.post(url, {**ABOUT, "description": "Second save."}).status_code == 302
    response = client.post(url, {**ABOUT, "description": "Third save."})

    assert response.status_code == 429
    assert "Please wait a while" in text(response)
    assert "Third save." in text(response)  # kept on the page to try again
    latest = GroupPage.objects.get(pk=group.pk).get_latest_revision_as_object()
    assert latest.description == "Second save."


SCRIPT = '<script>alert("x")</script>'


@pytest.mark.parametrize(
    "field,value",
    [
        ("title", SCRIPT),
        ("description", '<img src=x onerror="alert(1)">'),
        ("title", "A" * 10_000),
        ("description", "Null\x00byte"),
        ("title", "Reversed \u202egnp.exe"),
    ],
)
def test_hostile_text_is_refused_or_shown_as_plain_text(client, groups_directory, field, value):
    client.force_login(UserFactory())

    response = client.post("/directory/list-your-group/", {**ABOUT, field: value}, follow=True)

    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    group = GroupPage.objects.first()
    if group is None:
        assert "There is a problem" in html
    else:
        stored = getattr(group.get_latest_revision_as_object(), field)
        assert "\u202e" not in stored and "\x00" not in stored
        check = client.get(f"/directory/your-listings/{group.pk}/check/").content.decode()
        assert "<script>alert" not in check and "<img src=x" not in check


def test_javascript_links_are_refused(client, groups_directory):
    client.force_login(UserFactory())
    client.post("/directory/list-your-group/", ABOUT)
    group = GroupPage.objects.get()

    response = client.post(
        f"/directory/your-listings/{group.pk}/contact/",
        {"contact_email": "a@b.org", "website": "javascript:alert(1)"},
    )

    assert response.status_code == 400
    assert "Enter a web address in the correct format" in text(response)
    assert GroupPage.objects.get(pk=group.pk).get_latest_revision_as_object().website == ""


def test_the_yearly_check_goes_to_the_group_admins_with_a_link_to_update(
    after_commit, client, groups_directory, postcodes_io
):
    from datetime import timedelta

    from django.utils import timezone

    lister = UserFactory()
    client.force_login(lister)
    group = list_group(client)
    group.current_workflow_state.current_task_state.approve(user=StaffFactory())
    GroupPage.objects.filter(pk=group.pk).update(
        last_checked=timezone.localdate() - timedelta(days=400)
    )
    mail.outbox.clear()

    with after_commit():
        assert services.listings_ask_to_confirm() == 1

    (email,) = mail.outbox
    assert email.to == [lister.email]
    assert f"/directory/your-listings/{group.pk}/check/" in email.body


def test_staff_see_and_change_who_looks_after_each_group(client, groups_directory):
    lister = UserFactory()
    client.force_login(lister)
    client.post("/directory/list-your-group/", ABOUT)
    group = GroupPage.objects.get()
    helper = UserFactory()

    client.force_login(StaffFactory())
    listing = text(client.get("/cms/group_administrators/"))
    assert lister.email in listing and ABOUT["title"] in listing
    response = client.post("/cms/group_administrators/new/", {"group": group.pk, "user": helper.pk})
    assert response.status_code == 302

    client.force_login(helper)
    assert client.get(f"/directory/your-listings/{group.pk}/about/").status_code == 200


def test_what_the_group_does_is_one_question_with_a_legend(client):
    client.force_login(UserFactory())
    html = client.get("/directory/list-your-group/").content.decode()
    legend = html.index("What does the group do?")
    assert html.rfind("<legend", 0, legend) > html.rfind("<fieldset", 0, legend) > -1
    assert html.count('name="activities"') == 6
