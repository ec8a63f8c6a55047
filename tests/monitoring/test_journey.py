"""The monitoring questions after an expression of interest: consent, skip, storage apart from
identity, the stage following the organisation's decision, reuse, withdrawal, erasure, retention."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from monitoring.disclosure import Scope, breakdown, parse_period, quarter_of
from monitoring.models import MonitoringAuditEntry, MonitoringRecord, SavedMonitoringAnswers
from monitoring.services import monitoring_apply_retention
from opportunities.models import ExpressionOfInterest
from tests.members.factories import UserFactory
from tests.monitoring.factories import add_records, on

pytestmark = pytest.mark.django_db

ANSWERS = {
    "consent": "on",
    "ethnic_group": "white",
    "ethnicity": "white_other",
    "ethnicity_other": "Faroese",
    "sex": "female",
    "gender_same_as_birth": "yes",
    "sexual_orientation": "bisexual",
    "disability_condition": "yes",
    "disability_impact": "a_lot",
    "religion": "buddhist",
    "age_band": "45_54",
    "carer": "under_20",
    "involvement_role": "service_user",
}
INTEREST = {"message": "I would like to help.", "payment_preference": "expenses_only"}


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def opportunity(make_organisation, make_opportunity):
    return make_opportunity(make_organisation(), paid=False, region="london")


def express_interest(client, opportunity, member):
    client.force_login(member)
    response = client.post(f"/opportunity/{opportunity.pk}/express-interest/", INTEREST)
    expression = ExpressionOfInterest.objects.get(member=member, opportunity=opportunity)
    assert response.status_code == 302
    assert response["Location"] == f"/account/interest/{expression.pk}/about-you/"
    return expression


def test_answers_given_with_consent_are_stored_apart_from_the_member(client, opportunity):
    member = UserFactory()
    expression = express_interest(client, opportunity, member)
    page = text(client.get(f"/account/interest/{expression.pk}/about-you/"))
    assert "apart from your name" in page and "Skip these questions" in page

    response = client.post(f"/account/interest/{expression.pk}/about-you/", ANSWERS)

    assert response.status_code == 302
    (record,) = MonitoringRecord.objects.all()
    expression.refresh_from_db()
    assert expression.monitoring_token == record.token
    assert (record.ethnicity, record.ethnicity_other, record.religion) == (
        "white_other", "Faroese", "buddhist",
    )  # fmt: skip
    assert record.organisation_id == opportunity.get_parent().pk
    assert record.region == "london" and record.stage == "applied"
    assert record.quarter == quarter_of(timezone.localdate())
    assert record.recorded_month.day == 1
    assert not SavedMonitoringAnswers.objects.exists()
    # Asked once per expression of interest.
    again = client.get(f"/account/interest/{expression.pk}/about-you/")
    assert again.status_code == 302


def test_the_record_model_cannot_lead_back_to_the_member_and_is_not_in_the_cms(client):
    user_model = get_user_model()
    for field in MonitoringRecord._meta.get_fields():
        assert getattr(field, "related_model", None) is not user_model, field.name
    from wagtail.admin.viewsets import viewsets
    from wagtail.snippets.models import get_snippet_models

    assert MonitoringRecord not in get_snippet_models()
    assert MonitoringRecord not in [getattr(v, "model", None) for v in viewsets.viewsets]
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "Monitoring record" not in text(client.get("/cms/"))


def test_skipping_takes_one_click_and_keeps_nothing(client, opportunity):
    expression = express_interest(client, opportunity, UserFactory())

    response = client.post(f"/account/interest/{expression.pk}/about-you/", {"skip": "1"})

    assert response.status_code == 302 and response["Location"] == "/account/interest/"
    assert not MonitoringRecord.objects.exists()


def test_answers_without_consent_are_not_stored(client, opportunity):
    expression = express_interest(client, opportunity, UserFactory())

    response = client.post(
        f"/account/interest/{expression.pk}/about-you/", {**ANSWERS, "consent": ""}
    )

    assert response.status_code == 400
    assert "Tick the box to agree" in text(response)
    assert not MonitoringRecord.objects.exists()
    expression.refresh_from_db()
    assert expression.monitoring_token == ""


def test_a_background_from_another_group_is_refused(client, opportunity):
    expression = express_interest(client, opportunity, UserFactory())
    response = client.post(
        f"/account/interest/{expression.pk}/about-you/",
        {**ANSWERS, "ethnic_group": "asian", "ethnicity": "black_african"},
    )
    assert response.status_code == 400
    assert not MonitoringRecord.objects.exists()


def test_someone_else_cannot_answer_for_your_expression_of_interest(client, opportunity):
    expression = express_interest(client, opportunity, UserFactory())
    client.force_login(UserFactory())
    assert client.get(f"/account/interest/{expression.pk}/about-you/").status_code == 404
    assert client.post(f"/account/interest/{expression.pk}/about-you/", ANSWERS).status_code == 404
    assert not MonitoringRecord.objects.exists()


def test_the_stage_follows_the_organisations_decision(client, opportunity):
    from opportunities.services import interest_set_status

    expression = express_interest(client, opportunity, UserFactory())
    client.post(f"/account/interest/{expression.pk}/about-you/", ANSWERS)
    organiser = UserFactory()

    interest_set_status(expression=expression, status="selected", user=organiser)
    assert MonitoringRecord.objects.get().stage == "involved"
    interest_set_status(expression=expression, status="not_selected", user=organiser)
    assert MonitoringRecord.objects.get().stage == "applied"

    # Once the quarter's figures are out, the stage stays as they counted it.
    with on(parse_period(MonitoringRecord.objects.get().quarter).release_date):
        interest_set_status(expression=expression, status="selected", user=organiser)
    assert MonitoringRecord.objects.get().stage == "applied"


def test_answers_kept_for_next_time_are_offered_again(client, opportunity, make_opportunity):
    member = UserFactory()
    first = express_interest(client, opportunity, member)
    client.post(f"/account/interest/{first.pk}/about-you/", {**ANSWERS, "keep_for_next_time": "on"})
    assert SavedMonitoringAnswers.objects.get(member=member).answers["religion"] == "buddhist"

    second_opportunity = make_opportunity(opportunity.get_parent(), title="Second role")
    second = express_interest(client, second_opportunity, member)
    form = client.get(f"/account/interest/{second.pk}/about-you/").context["form"]
    assert form.initial["religion"] == "buddhist"
    assert form.initial["consent"] is False  # consent is given afresh each time
    assert "filled in the answers you gave last time" in text(
        client.get(f"/account/interest/{second.pk}/about-you/")
    )


def test_withdrawing_consent_erases_the_answers_and_figures_released_later_leave_them_out(
    client, opportunity
):
    organisation = opportunity.get_parent()
    quarter = quarter_of(timezone.localdate())
    add_records(9, opportunity=opportunity, quarter=quarter, religion="none")
    scope = Scope(period=parse_period(quarter), organisation_id=organisation.pk)
    member = UserFactory()
    expression = express_interest(client, opportunity, member)
    client.post(
        f"/account/interest/{expression.pk}/about-you/", {**ANSWERS, "keep_for_next_time": "on"}
    )
    assert MonitoringRecord.objects.count() == 10  # enough for figures, had they stayed

    response = client.post("/account/your-data/withdraw-monitoring/")

    assert response.status_code == 302
    assert MonitoringRecord.objects.count() == 9
    assert not SavedMonitoringAnswers.objects.exists()
    expression.refresh_from_db()
    assert expression.monitoring_token == ""
    with on(scope.period.release_date):
        result = breakdown(scope, "religion")
    assert result.released and not result.available and result.respondents == "*"
    entry = MonitoringAuditEntry.objects.get()
    assert (entry.reason, entry.records_erased) == ("consent_withdrawn", 1)
    assert "Faroese" not in str(entry.__dict__) and "buddhist" not in str(entry.__dict__)


def test_figures_already_released_stay_as_published_after_a_withdrawal(client, opportunity):
    """By design (docs/decisions/0005): released figures are perturbed totals of at least 10
    people and are never worked out again; the answers themselves are gone at once."""
    quarter = quarter_of(timezone.localdate())
    add_records(12, opportunity=opportunity, quarter=quarter, religion="none")
    member = UserFactory()
    expression = express_interest(client, opportunity, member)
    client.post(f"/account/interest/{expression.pk}/about-you/", ANSWERS)
    scope = Scope(period=parse_period(quarter), organisation_id=opportunity.get_parent().pk)
    with on(scope.period.release_date):
        released = breakdown(scope, "religion")
        client.force_login(member)
        client.post("/account/your-data/withdraw-monitoring/")
        after = breakdown(scope, "religion")

    assert released.available and after == released
    assert (
        MonitoringRecord.objects.count() == 12
        and not MonitoringRecord.objects.filter(religion="buddhist").exists()
    )


def test_deleting_the_account_erases_monitoring_and_anonymises_interest(client, opportunity):
    member = UserFactory()
    expression = express_interest(client, opportunity, member)
    client.post(f"/account/interest/{expression.pk}/about-you/", ANSWERS)

    response = client.post(
        "/account/delete/", {"password": "a-long-test-password-42", "understood": "on"}
    )

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert not MonitoringRecord.objects.exists()
    expression.refresh_from_db()
    assert expression.member is None and expression.message == ""
    assert expression.opportunity == opportunity  # the organisation's count stays right
    assert MonitoringAuditEntry.objects.get().reason == "account_deleted"


def test_deleting_the_account_needs_the_password(client, opportunity):
    member = UserFactory()
    client.force_login(member)
    response = client.post("/account/delete/", {"password": "wrong", "understood": "on"})
    assert response.status_code == 400
    assert "That is not your password" in text(response)
    assert get_user_model().objects.filter(pk=member.pk).exists()


def test_records_older_than_the_retention_period_are_deleted(settings, opportunity):
    settings.MONITORING_RETENTION_DAYS = 365
    add_records(3, opportunity=opportunity, quarter="2024-Q1")
    add_records(2, opportunity=opportunity, quarter="2026-Q3")

    assert monitoring_apply_retention(today=date(2026, 11, 26)) == 3
    assert MonitoringRecord.objects.count() == 2
    assert MonitoringAuditEntry.objects.get().reason == "retention"
    with on(date(2026, 11, 26)):
        call_command("daily_jobs")  # runs the same job; nothing more to delete
    assert MonitoringRecord.objects.count() == 2


def test_withdrawing_erases_answers_given_for_an_opportunity_since_deleted(
    client, opportunity, make_opportunity
):
    """Deleting an opportunity deletes its expressions of interest, and with them the tokens
    that led to their records; the member's respondent key still finds them."""
    other = make_opportunity(opportunity.get_parent(), title="Later removed", paid=False)
    member = UserFactory()
    for role in (opportunity, other):
        expression = express_interest(client, role, member)
        client.post(f"/account/interest/{expression.pk}/about-you/", ANSWERS)
    assert MonitoringRecord.objects.count() == 2
    other.delete()
    assert MonitoringRecord.objects.count() == 2  # the record outlives its opportunity

    client.post("/account/your-data/withdraw-monitoring/")

    assert not MonitoringRecord.objects.exists()
    assert MonitoringAuditEntry.objects.get().records_erased == 2


def test_someone_who_answers_for_several_roles_counts_once(client, opportunity, make_opportunity):
    roles = [opportunity] + [
        make_opportunity(opportunity.get_parent(), title=f"Role {n}", paid=False) for n in range(7)
    ]
    member = UserFactory()
    for role in roles:
        expression = express_interest(client, role, member)
        client.post(f"/account/interest/{expression.pk}/about-you/", ANSWERS)
    add_records(8, opportunity=opportunity, quarter=quarter_of(timezone.localdate()))
    scope = Scope(period=parse_period(quarter_of(timezone.localdate())),
                  organisation_id=opportunity.get_parent().pk)  # fmt: skip

    with on(scope.period.release_date):
        result = breakdown(scope, "religion")

    assert MonitoringRecord.objects.count() == 16
    assert result.released and not result.available  # 16 records, but only 9 people
