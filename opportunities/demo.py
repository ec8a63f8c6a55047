"""Demo organisations, opportunities and expressions of interest for `seed_demo`.

Fictional organisations and roles, written for this site. Deterministic from the seed.
"""

import json
from datetime import time, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from core.demo_steps import demo_value
from core.geography import bundled_places
from core.models import Community, Topic
from opportunities.factories import OpportunityPageFactory, OrganisationPageFactory
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    OpportunityIndexPage,
    OpportunityPage,
    OrganisationIndexPage,
    OrganisationMembership,
    OrganisationPage,
    OutcomeReport,
)
from opportunities.services import interest_record_past

ORGANISATION_EMAIL = demo_value("organisation_email")
OPPORTUNITIES_PER_ORGANISATION = 8

# The content, in our own words: organisations, roles, what an outcome report says, named members.
CONTENT = json.loads((Path(__file__).parent / "demo_data" / "content.json").read_text())
ORGANISATIONS = CONTENT["organisations"]
ROLES = CONTENT["roles"]
SUPPORT_BY_LEVEL = CONTENT["support_by_level"]
OUTCOME_REPORT = CONTENT["outcome_report"]
ORGANISATION_TEXT = CONTENT["organisation_text"]
DEMO_MEMBERS = CONTENT["members"]


def _places():
    return {row["outcode"]: row for row in bundled_places().values()}


def _index(model, home, title, slug, introduction):
    page = model.objects.first()
    if page is None:
        page = model(title=title, slug=slug, introduction=introduction, show_in_menus=True)
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def _organisation(index, name, kind, description):
    existing = OrganisationPage.objects.filter(title=name).first()
    if existing:
        return existing
    return OrganisationPageFactory(
        parent=index,
        title=name,
        organisation_type=kind,
        description=description,
        website="https://example.org/",
        involvement_policy=ORGANISATION_TEXT["involvement_policy"],
        payment_policy=ORGANISATION_TEXT["payment_policy"],
        contact_email="involvement@example.org",
        verified_at=timezone.now(),
        listing_summary=description,
    )


def _opportunity_fields(rng, role, organisation_outcode, today):
    title, role_type, level, who_for = (
        role["title"],
        role["role_type"],
        role["level"],
        role["who_for"],
    )
    summary, responsibilities = role["summary"], role["responsibilities"]
    purpose, can_change = role["purpose"], role["can_change"]
    places = _places()
    outcode = organisation_outcode or rng.choice(sorted(places))
    place = places[outcode]
    format_ = rng.choice(["in_person", "online", "hybrid", "online", "hybrid"])
    paid = rng.random() < 0.75
    state = rng.choices(["open", "rolling", "closed", "ended"], weights=[5, 2, 1, 2])[0]
    if state == "ended":
        start = today - timedelta(days=rng.randint(90, 200))
        end = today - timedelta(days=rng.randint(5, 60))
        deadline = start - timedelta(days=14)
    elif state == "closed":
        deadline = today - timedelta(days=rng.randint(1, 30))
        start, end = deadline + timedelta(days=21), deadline + timedelta(days=120)
    else:
        deadline = today + timedelta(days=rng.randint(7, 75))
        start, end = deadline + timedelta(days=21), deadline + timedelta(days=rng.randint(60, 300))
    fields = {
        "title": f"{title} ({place['place']})" if format_ != "online" else title,
        "summary": summary,
        "purpose": purpose,
        "can_change": can_change,
        "cannot_change": "Decisions already made by law or by national bodies.",
        "expected_outcomes": "Services that work better for the people who use them.",
        "responsibilities": responsibilities,
        "role_type": role_type,
        "level": level,
        "who_for": who_for,
        "views_gathered_separately": who_for == "both" and rng.random() < 0.5,
        "places": rng.choice([1, 2, 3, 4, 6, 8, 10]),
        "start_date": start,
        "end_date": end,
        "time_commitment": rng.choice(
            [
                "One 2-hour meeting a month for a year",
                "About 10 hours over two months",
                "Half a day, once",
                "Two days a month for six months",
                "A 90-minute meeting every six weeks",
            ]
        ),
        "meets_weekday_daytime": rng.random() < 0.8,
        "meets_weekday_evening": rng.random() < 0.3,
        "meets_weekend": rng.random() < 0.15,
        "earliest_start": rng.choice([time(9, 30), time(10, 0), time(10, 30), time(13, 0)]),
        "format": format_,
        "postcode": "" if format_ == "online" else outcode,
        "latitude": None if format_ == "online" else place["latitude"],
        "longitude": None if format_ == "online" else place["longitude"],
        "region": "national" if format_ == "online" else place["region"],
        "venue": "" if format_ == "online" else f"Community centre, {place['place']}",
        "paid": paid,
        "fee_amount": Decimal(rng.choice([20, 25, 30, 150])) if paid else None,
        "expenses_covered": rng.random() < 0.85,
        "expenses_travel": True,
        "expenses_childcare": rng.random() < 0.4,
        "expenses_carer": rng.random() < 0.3,
        "travel_booked": rng.random() < 0.5,
        "payment_choice": paid and rng.random() < 0.7,
        "vouchers_available": rng.random() < 0.4,
        "days_to_pay": rng.choice([7, 10, 14, 30]) if paid else None,
        "benefits_letter": paid and rng.random() < 0.6,
        "papers_days_ahead": rng.choice([None, 5, 7, 10]),
        "plain_language": rng.random() < 0.7,
        "step_free": format_ != "online" and rng.random() < 0.8,
        "bsl": rng.random() < 0.2,
        "hearing_loop": format_ != "online" and rng.random() < 0.4,
        "accessibility": "Tell us what would help and we will arrange it before you start.",
        "recruitment": "Write a few lines about why you are interested. There is no interview.",
        "feedback": "We will write to everyone involved within two months to say what changed.",
        "deadline": None if state == "rolling" else deadline,
        "rolling": state == "rolling",
        "contact_name": "Involvement team",
        "contact_email": "involvement@example.org",
    }
    if paid:
        fields["fee_unit"] = (
            "day" if fields["fee_amount"] == 150 else rng.choice(["hour", "session"])
        )
    for support in SUPPORT_BY_LEVEL[level] + rng.sample(["emotional", "peer", "admin"], 1):
        fields[f"support_{support}"] = True
    return fields, state


def _not_in_the_advert(fields):
    """The advert's fields, with the factory's paid default cleared for an unpaid role: it has
    no fee unit."""
    return {"fee_unit": "", **fields} if not fields["paid"] else fields


def build_organisations_and_opportunities(context):
    rng = context.random_for("opportunities")
    today = timezone.localdate()
    home = context.home
    organisation_index = _index(
        OrganisationIndexPage,
        home,
        "Organisations",
        "organisations",
        "Organisations that advertise involvement here. Each one has been checked by NSUN staff.",
    )
    _index(
        OpportunityIndexPage,
        home,
        "Opportunities",
        "opportunities",
        "Involvement opportunities that say what they are for, what they pay and how you "
        "will be supported.",
    )
    if OpportunityPage.objects.exists():
        return
    topics = {topic.name: topic for topic in Topic.objects.all()}
    communities = list(Community.objects.order_by("name"))
    created = []
    for entry in ORGANISATIONS:
        outcode = entry["outcode"]
        organisation = _organisation(
            organisation_index, entry["name"], entry["type"], entry["description"]
        )
        for role in rng.sample(ROLES, OPPORTUNITIES_PER_ORGANISATION):
            fields, state = _opportunity_fields(rng, role, outcode, today)
            opportunity = OpportunityPageFactory(
                parent=organisation,
                topics=[topics[name] for name in role["topics"] if name in topics],
                communities=rng.sample(communities, 1) if rng.random() < 0.3 else [],
                **_not_in_the_advert(fields),
            )
            created.append((opportunity, state))
    context.report.append(f"{len(ORGANISATIONS)} organisations and {len(created)} opportunities")
    _build_people(context, rng, created)


def _build_people(context, rng, created):
    from core.demo import create_verified_user

    organiser = create_verified_user(
        email=ORGANISATION_EMAIL,
        password=context.member_password,
        display_name="Jo at Northfield (demo)",
    )
    first_two = OrganisationPage.objects.filter(
        title__in=[ORGANISATIONS[0]["name"], ORGANISATIONS[7]["name"]]
    )
    for organisation in first_two:
        OrganisationMembership.objects.get_or_create(
            user=organiser, organisation=organisation, defaults={"role": "admin"}
        )
    members = [
        create_verified_user(
            email=f"member{number}@example.org",
            password=context.member_password,
            display_name=entry["display_name"],
        )
        for number, entry in enumerate(DEMO_MEMBERS, start=1)
    ]
    from core.demo import MEMBER_EMAIL
    from members.models import User

    members.insert(0, User.objects.get(email=MEMBER_EMAIL))
    northfield = [o for o, _ in created if o.get_parent().title == ORGANISATIONS[0]["name"]]
    ended = [o for o, state in created if state == "ended"]
    statuses = list(InterestStatus.values)
    expressions = 0
    # Every status appears, for the demo member and at the organisation demo login's roles.
    for number, opportunity in enumerate(
        northfield[:4]
        + ended[:8]
        + rng.sample([o for o, state in created if state in ("open", "rolling")], 10)
    ):
        for member in rng.sample(members, 3):
            if ExpressionOfInterest.objects.filter(member=member, opportunity=opportunity).exists():
                continue
            status = statuses[(number + expressions) % len(statuses)]
            if opportunity in ended and status != InterestStatus.WITHDRAWN:
                status = InterestStatus.SELECTED
            _express(member, opportunity, status, organiser, rng)
            expressions += 1
    for opportunity in ended[:4]:
        OutcomeReport.objects.get_or_create(
            opportunity=opportunity,
            defaults={
                "difference_made": OUTCOME_REPORT["difference_made"],
                "not_changed": OUTCOME_REPORT["not_changed"],
                "how_people_felt": "People said they felt listened to, and want to be asked "
                "earlier next time.",
                "emailed_at": timezone.now(),
            },
        )
    context.report.append(f"{len(members)} named demo members who have expressed interest")


def _express(member, opportunity, status, organiser, rng):
    created_at = timezone.now() - timedelta(days=rng.randint(1, 30))
    interest_record_past(
        member=member,
        opportunity=opportunity,
        status=status,
        organiser=organiser,
        created_at=created_at,
        decided_at=created_at + timedelta(days=2),
        acknowledged_at=created_at + timedelta(days=rng.randint(1, 2)),
        message="I have used these services for some years and would like to help improve them.",
        payment_preference=rng.choice(["full_fee", "expenses_only", "not_sure"]),
    )


def build_summary(context):
    """The count of expressions of interest once every builder has made its own."""
    from core.demo import MEMBER_EMAIL

    expressions = ExpressionOfInterest.objects.all()
    by_demo_member = expressions.filter(member__email=MEMBER_EMAIL).count()
    context.report.append(
        f"{expressions.count()} expressions of interest ({by_demo_member} by the demo member)"
    )
