"""Demo organisations, opportunities and expressions of interest for `seed_demo`.

Fictional organisations and roles, written for this site. Deterministic from the seed.
"""

from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from core.demo_steps import demo_value
from core.geography import bundled_places
from core.models import Community, Topic
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

# (name, type, home outcode, what it does)
ORGANISATIONS = [
    (
        "Northfield NHS Foundation Trust",
        "nhs_trust",
        "M1",
        "Mental health and community services across Greater Manchester.",
    ),
    (
        "Riverside University Mental Health Research Group",
        "research_team",
        "LS1",
        "Research on recovery, peer support and hearing voices.",
    ),
    (
        "Tyneside Survivors Collective",
        "user_led",
        "NE1",
        "A user-led group run by and for survivors of the mental health system.",
    ),
    (
        "Bristol Peer Support Network",
        "charity",
        "BS1",
        "Peer support groups and training across the West of England.",
    ),
    (
        "Midlands Mental Health Commissioning Partnership",
        "commissioner",
        "B1",
        "Plans and buys mental health services for the Midlands.",
    ),
    (
        "South London Carers' Voice",
        "charity",
        "SE1",
        "Support and a collective voice for family carers.",
    ),
    (
        "Eastbrook County Council Adult Social Care",
        "local_authority",
        "NR1",
        "Social care, housing support and safeguarding for adults.",
    ),
    (
        "Sheffield Recovery College",
        "charity",
        "S1",
        "Free courses about mental health, co-produced with students.",
    ),
    (
        "Black Minds Matter Collective (demo)",
        "user_led",
        "N1",
        "Led by and for Black people with experience of mental distress.",
    ),
    (
        "Coastal Crisis House Trust",
        "charity",
        "BN1",
        "Crisis houses as an alternative to hospital admission.",
    ),
    (
        "Pennine Forensic Services",
        "nhs_trust",
        "BD1",
        "Secure and forensic mental health services.",
    ),
    (
        "Young Minds Together Leicester",
        "charity",
        "LE1",
        "Mental health support for young people aged 16 to 25.",
    ),
    (
        "National Perinatal Lived Experience Panel",
        "other",
        "",
        "People with lived experience of perinatal mental illness.",
    ),
    (
        "Cornwall Community Wellbeing",
        "charity",
        "TR1",
        "Community mental health projects in rural Cornwall.",
    ),
    (
        "Hearing Voices Research Consortium",
        "research_team",
        "OX1",
        "A national study of hearing voices groups.",
    ),
]

# (title, role type, level, who for, topics, summary, responsibilities, purpose, can change)
ROLES = [
    (
        "Join our service user reference group",
        "critical_friend",
        "operational",
        "service_users",
        ["Peer support"],
        "Meet monthly with staff to say what is and is not working in our services.",
        "Read short updates, come to the monthly meeting and share your views.",
        "Our services should be shaped by the people who use them.",
        "Which changes we make first, and how we explain them.",
    ),
    (
        "Interview panel member for senior staff",
        "expert_by_experience",
        "strategic",
        "both",
        ["Employment"],
        "Sit on interview panels for senior roles and help choose who gets the job.",
        "Read applications, agree questions with the panel and score candidates.",
        "Leaders should be chosen by people who know what good care feels like.",
        "Who is appointed, and what they are asked.",
    ),
    (
        "Peer researcher on a study of crisis care",
        "peer_researcher",
        "research",
        "service_users",
        ["Crisis care", "Research"],
        "Help design and carry out interviews about people's experience of crisis care.",
        "Co-write interview questions, interview people and help make sense of what they said.",
        "Research about crisis care should ask the questions people in crisis care about.",
        "What the study asks and how its findings are written.",
    ),
    (
        "Help rewrite our letters so they make sense",
        "consultant",
        "operational",
        "both",
        ["Medication"],
        "Read the letters we send to people and tell us where they are confusing or frightening.",
        "Read 10 to 15 letters and mark up what needs to change, then discuss it with the team.",
        "Our letters cause worry; we want them to be clear and kind.",
        "The wording and layout of every standard letter.",
    ),
    (
        "Carers' advisory group member",
        "critical_friend",
        "strategic",
        "carers",
        ["Housing"],
        "Bring carers' experience to decisions about how our services involve families.",
        "Join four meetings a year and comment on plans between meetings.",
        "Carers are often left out of decisions that affect them.",
        "How we involve and inform carers.",
    ),
    (
        "Co-trainer for staff training on trauma",
        "co_worker",
        "operational",
        "service_users",
        ["Trauma"],
        "Co-deliver training to staff about trauma-informed care, alongside a clinician.",
        "Prepare with your co-trainer, then deliver half-day sessions and share what helps.",
        "Staff learn most from hearing directly from people with lived experience.",
        "What staff are taught and how.",
    ),
    (
        "Ward environment walkthrough volunteer",
        "critical_friend",
        "monitoring_evaluation",
        "service_users",
        ["Secure and forensic settings"],
        "Visit a ward with staff and say what the space feels like from a patient's point of view.",
        "Take part in a guided walkthrough and a short debrief afterwards.",
        "Small changes to wards can make a big difference to how safe people feel.",
        "Changes to ward layout, noise, light and signs.",
    ),
    (
        "Commissioning panel: community mental health",
        "expert_by_experience",
        "strategic",
        "both",
        ["Crisis care", "Peer support"],
        "Help decide which services are funded in the new community mental health contract.",
        "Read bids, score them with the panel and take part in provider interviews.",
        "Funding decisions should reflect what people need, not only what is cheapest.",
        "Which providers are funded and what their contracts require.",
    ),
    (
        "Young people's advisory board member",
        "ambassador",
        "community",
        "service_users",
        ["Self-harm"],
        "Shape how our services work for young people, and speak up for them at events.",
        "Meet every six weeks, test new ideas and sometimes speak at events.",
        "Young people's services work better when young people design them.",
        "How our youth services look, sound and run.",
    ),
    (
        "Lived experience reviewer for research funding",
        "peer_researcher",
        "research",
        "both",
        ["Research"],
        "Review research applications and say whether they matter to people with lived experience.",
        "Read up to three applications a round and write short comments.",
        "Public money for research should go to research that matters to people.",
        "Which research gets funded.",
    ),
    (
        "Peer support group co-facilitator",
        "co_worker",
        "community",
        "service_users",
        ["Peer support"],
        "Co-run a weekly peer support group with an experienced facilitator.",
        "Prepare sessions with your co-facilitator and help the group run safely.",
        "Peer support works best when it is led by peers.",
        "How the group is run and what it covers.",
    ),
    (
        "Mental Health Act review focus group",
        "consultant",
        "strategic",
        "service_users",
        ["Mental Health Act"],
        "Share your experience of being detained to inform how local services use the Act.",
        "Join one two-hour focus group; you can also send written views instead.",
        "People who have been detained know best what must change.",
        "Local guidance on detention, rights and aftercare.",
    ),
    (
        "Eating disorder service redesign group",
        "co_worker",
        "operational",
        "both",
        ["Eating disorders"],
        "Work alongside staff to redesign how people get help for eating disorders.",
        "Join six workshops and test new ways of working.",
        "Too many people wait too long or are turned away.",
        "How referrals, waiting and first appointments work.",
    ),
    (
        "Quality visit team member",
        "critical_friend",
        "monitoring_evaluation",
        "both",
        ["Crisis care"],
        "Visit services with our quality team and speak to people using them.",
        "Join visits, talk to people and help write the visit report.",
        "Quality checks should hear from people using services, in their words.",
        "What the visit reports recommend.",
    ),
    (
        "Help us plan a racism and mental health programme",
        "consultant",
        "strategic",
        "service_users",
        ["Racism and mental health"],
        "Help us plan a programme tackling racism in mental health services.",
        "Join planning workshops and review the programme before it starts.",
        "Racism shapes people's experience of services, and must be named and tackled.",
        "What the programme focuses on and who it is for.",
    ),
    (
        "Perinatal services lived experience panel",
        "expert_by_experience",
        "strategic",
        "both",
        ["Perinatal mental health"],
        "Bring your experience of mental health during pregnancy or after birth to service planning.",
        "Meet quarterly and comment on plans by email in between.",
        "Perinatal services should be built around parents' real experiences.",
        "How perinatal services are planned and explained.",
    ),
    (
        "Benefits and involvement payments working group",
        "consultant",
        "operational",
        "both",
        ["Welfare benefits"],
        "Help us write a fair payment policy that does not put people's benefits at risk.",
        "Join three online meetings and comment on the draft policy.",
        "People should never lose out on benefits because they took part.",
        "The payment policy and how it is explained.",
    ),
    (
        "Housing support service evaluation",
        "peer_researcher",
        "monitoring_evaluation",
        "service_users",
        ["Housing"],
        "Help evaluate a housing support service by talking with people who use it.",
        "Take part in training, carry out a few conversations and help write up findings.",
        "The service needs to know if it really helps people stay housed.",
        "Whether the service continues and how it changes.",
    ),
    (
        "Medication information review",
        "critical_friend",
        "individual_care",
        "service_users",
        ["Medication"],
        "Review the information we give people about psychiatric drugs, including coming off them.",
        "Read leaflets and web pages and say what is missing or misleading.",
        "People have a right to honest information about what they take.",
        "What our medication information says.",
    ),
    (
        "Recovery college course co-producer",
        "co_worker",
        "community",
        "both",
        ["Peer support", "Employment"],
        "Co-write and co-deliver a short course with a member of staff.",
        "Plan a course with a tutor and help teach it to students.",
        "Courses are better when they are written by people who have been there.",
        "What the course teaches and how.",
    ),
    (
        "Suicide prevention strategy group",
        "expert_by_experience",
        "strategic",
        "both",
        ["Suicide prevention"],
        "Help shape our local suicide prevention strategy, including support for people bereaved.",
        "Join four meetings and review the draft strategy.",
        "Strategies should be shaped by people affected by suicide.",
        "The strategy's priorities and actions.",
    ),
    (
        "Psychosis early intervention service feedback",
        "critical_friend",
        "operational",
        "both",
        ["Psychosis"],
        "Tell us about your experience of early intervention for psychosis.",
        "Join one workshop or give your views in a phone conversation.",
        "We are changing how the service works and want to get it right.",
        "How first contact and follow-up work.",
    ),
    (
        "Hearing voices group survey design",
        "peer_researcher",
        "research",
        "service_users",
        ["Psychosis", "Research"],
        "Help design a national survey of people who go to hearing voices groups.",
        "Join three online workshops to shape and test the survey.",
        "The survey should ask what matters to voice hearers.",
        "The survey questions and how results are shared.",
    ),
    (
        "Community outreach ambassador",
        "ambassador",
        "community",
        "service_users",
        ["Peer support"],
        "Tell people in your community about local support and bring back what they say.",
        "Attend community events and share feedback with our team.",
        "Some communities are not reached by services at all.",
        "Where and how we reach people.",
    ),
]

SUPPORT_BY_LEVEL = {
    "research": ["training", "supervision"],
    "strategic": ["briefing", "admin"],
    "operational": ["briefing"],
    "monitoring_evaluation": ["training"],
    "community": ["peer"],
    "individual_care": ["emotional"],
}

OUTCOME_TEXT = (
    "Because of the people involved we changed the plan in three ways: waiting times are now "
    "sent to people by text, the first appointment can be online, and peer workers join every "
    "assessment team.",
    "We could not change the number of beds, which is set nationally. We have passed on what "
    "people said to the people who decide it.",
)

# (display name, who, interests) of demo members with expressions of interest
DEMO_MEMBERS = [
    ("Alex (demo)", "service_user"),
    ("Bea (demo)", "carer"),
    ("Chidi (demo)", "service_user"),
    ("Dana (demo)", "both"),
    ("Eli (demo)", "service_user"),
    ("Fatima (demo)", "service_user"),
]


def _places():
    return {row["outcode"]: row for row in bundled_places().values()}


def _index(model, home, title, slug, introduction):
    page = model.objects.first()
    if page is None:
        page = model(title=title, slug=slug, introduction=introduction, show_in_menus=True)
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def _organisation(index, name, kind, outcode, description):
    existing = OrganisationPage.objects.filter(title=name).first()
    if existing:
        return existing
    organisation = OrganisationPage(
        title=name,
        organisation_type=kind,
        description=description,
        website="https://example.org/",
        involvement_policy="We pay people for their time, cover expenses up front where we "
        "can, and tell everyone what happened because of their involvement.",
        payment_policy="Fees are paid within 14 days. You can choose vouchers or expenses only.",
        contact_email="involvement@example.org",
        verified=True,
        verified_at=timezone.now(),
        listing_summary=description,
    )
    index.add_child(instance=organisation)
    organisation.save_revision().publish()
    return organisation


def _opportunity_fields(rng, role, organisation_outcode, today):
    title, role_type, level, who_for, _, summary, responsibilities, purpose, can_change = role
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
    for name, kind, outcode, description in ORGANISATIONS:
        organisation = _organisation(organisation_index, name, kind, outcode, description)
        for role in rng.sample(ROLES, OPPORTUNITIES_PER_ORGANISATION):
            fields, state = _opportunity_fields(rng, role, outcode, today)
            opportunity = OpportunityPage(**fields)
            organisation.add_child(instance=opportunity)
            opportunity.topics.set([topics[name] for name in role[4] if name in topics])
            if rng.random() < 0.3:
                opportunity.communities.set(rng.sample(communities, 1))
            opportunity.save_revision().publish()
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
        title__in=[ORGANISATIONS[0][0], ORGANISATIONS[7][0]]
    )
    for organisation in first_two:
        OrganisationMembership.objects.get_or_create(
            user=organiser, organisation=organisation, defaults={"role": "admin"}
        )
    members = [
        create_verified_user(
            email=f"member{number}@example.org",
            password=context.member_password,
            display_name=name,
        )
        for number, (name, _) in enumerate(DEMO_MEMBERS, start=1)
    ]
    from core.demo import MEMBER_EMAIL
    from members.models import User

    members.insert(0, User.objects.get(email=MEMBER_EMAIL))
    northfield = [o for o, _ in created if o.get_parent().title == ORGANISATIONS[0][0]]
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
                "difference_made": OUTCOME_TEXT[0],
                "not_changed": OUTCOME_TEXT[1],
                "how_people_felt": "People said they felt listened to, and want to be asked "
                "earlier next time.",
                "emailed_at": timezone.now(),
            },
        )
    context.report.append(
        f"{len(members)} named demo members who have expressed interest; "
        f"organisation login {ORGANISATION_EMAIL} (same password as the member login)"
    )


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
