"""Demo user-led groups and peer-support listings (invented, in our own words)."""

import random
from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.geography import bundled_places
from core.models import Community, Topic
from core.moderation import page_submit_for_moderation
from groups.models import DirectoryIndexPage, GroupAdministrator, GroupPage, PeerSupportPage

GROUP_NAMES = [
    ("Riverside Voices", "LS7", ["Psychosis", "Peer support"], ["peer_support", "social"]),
    ("Tenants Minds Together", "M14", ["Housing"], ["campaigning"]),
    ("Open Door Arts", "B11", ["Trauma"], ["creative", "social"]),
    ("Survivors Speaking Out", "NE1", ["Mental Health Act"], ["campaigning", "advocacy"]),
    ("Quiet Harbour", "BS1", ["Self-harm", "Peer support"], ["peer_support"]),
    (
        "Black Minds Matter Collective",
        "NG1",
        ["Racism and mental health"],
        ["campaigning", "social"],
    ),
    ("Carers' Kitchen Table", "S1", ["Peer support"], ["peer_support", "training"]),
    ("Night Owls Online", "", ["Peer support"], ["peer_support", "social"]),
    ("Rainbow Minds", "L1", ["Peer support"], ["social", "peer_support"]),
    ("Coming Off Together", "NN1", ["Medication"], ["peer_support", "training"]),
]
SESSIONS = [
    ("Tuesday evening circle", "group", 1, time(18, 30), time(20, 0), "weekly", None, True),
    ("Saturday walk and talk", "group", 5, time(11, 0), time(12, 30), "monthly", 1, False),
    ("Hearing voices group", "group", 3, time(14, 0), time(15, 30), "fortnightly", None, False),
    ("Morning drop-in", "drop_in", 0, time(10, 30), time(12, 0), "weekly", None, False),
    ("Text support line", "phone", None, None, None, "", None, True),
    ("Carers' coffee morning", "group", 4, time(10, 0), time(11, 30), "monthly", -1, False),
]


# Generated groups: a kind of group in a town, so every region has several.
GROUP_KINDS = [
    ("Hearing Voices Group", ["Psychosis"], ["peer_support"]),
    ("Survivors' Network", ["Mental Health Act"], ["campaigning", "advocacy"]),
    ("Peer Support Circle", ["Crisis care"], ["peer_support", "social"]),
    ("Mad Pride Collective", ["Trauma"], ["campaigning", "creative"]),
    ("Carers Together", ["Welfare benefits"], ["peer_support", "training"]),
    ("Women's Wellbeing Group", ["Trauma", "Perinatal mental health"], ["peer_support", "social"]),
    ("Eating Disorder Peer Group", ["Eating disorders"], ["peer_support"]),
    ("Benefits and Minds", ["Welfare benefits", "Housing"], ["advocacy", "training"]),
]
GENERATED_TOWNS = [
    "NE1", "SR1", "DH1", "TS1", "L8", "PR1", "LA1", "CA1", "BD1", "HU1", "YO1", "HD1", "DN1",
    "LE1", "DE1", "LN1", "CV1", "ST1", "WV1", "WR1", "NR1", "IP1", "CB1", "CO1", "E8", "N17",
    "SE15", "SW9", "BN1", "RG1", "OX1", "SO14", "PL1", "EX1", "TR1", "GL1",
]  # fmt: skip
SESSION_KINDS = [
    ("drop-in", "drop_in", 0, time(10, 30), time(12, 30), "weekly", None),
    ("evening group", "group", 2, time(18, 30), time(20, 0), "fortnightly", None),
    ("Saturday meet-up", "group", 5, time(11, 0), time(13, 0), "monthly", 2),
    ("coffee morning", "group", 4, time(10, 0), time(11, 30), "monthly", -1),
    ("online circle", "group", 1, time(19, 0), time(20, 30), "weekly", None),
]
WAITING_GROUP = "Harbour Hearing Voices"


def _directory(home, title, slug, kind, introduction):
    directory = DirectoryIndexPage.objects.filter(slug=slug).first()
    if directory is None:
        directory = DirectoryIndexPage(
            title=title, slug=slug, kind=kind, introduction=introduction, show_in_menus=True
        )
        home.add_child(instance=directory)
        directory.save_revision().publish()
    return directory


def _group_specs(rng):
    """(name, outcode, topic names, activities) for every demo group, named and generated."""
    specs = list(GROUP_NAMES)
    places = bundled_places()
    for number, outcode in enumerate(GENERATED_TOWNS):
        kind, topic_names, activities = GROUP_KINDS[number % len(GROUP_KINDS)]
        town = places[outcode]["place"].split(" (")[0]
        specs.append((f"{town} {kind}", outcode, topic_names, activities))
    return specs


def _publish_group(directory, spec, *, rng, topics, communities, today):
    name, outcode, topic_names, activities = spec
    group = GroupPage(
        title=name,
        description=f"{name} is a group run by and for people with lived experience. "
        "New people are welcome; you can come and listen before you say anything.",
        area_served="Online, anywhere in England" if not outcode else f"Around {outcode}",
        postcode=outcode,
        online=not outcode or rng.random() < 0.3,
        in_person=bool(outcode),
        region="national" if not outcode else "",
        led_by_lived_experience=True,
        meeting_details="We meet twice a month. Get in touch and we will tell you where.",
        accessibility="Step-free room; tell us what else would help.",
        contact_email=f"hello@{name.lower().replace(' ', '').replace(chr(39), '')}.example.org",
        last_checked=today - timedelta(days=rng.randint(10, 500)),
        **{f"does_{activity}": True for activity in activities},
    )
    directory.add_child(instance=group)
    group.topics.set([topics[t] for t in topic_names if t in topics])
    group.communities.set(rng.sample(communities, k=min(1, len(communities))))
    group.save_revision().publish()
    return group


def _session_specs(rng, groups):
    """(name, kind, day, starts, ends, frequency, week, online, group) for every demo session."""
    specs = [(*session, None) for session in SESSIONS]
    for number, group in enumerate(groups[10:34]):
        label, kind, day, starts, ends, frequency, week = SESSION_KINDS[number % len(SESSION_KINDS)]
        online = label == "online circle"
        specs.append((f"{group.title}: {label}", kind, day, starts, ends, frequency, week, online,
                      group))  # fmt: skip
    return specs


def build_groups_and_peer_support(context):
    rng = random.Random(context.seed + 3)
    today = timezone.localdate()
    topics = {topic.name: topic for topic in Topic.objects.all()}
    communities = list(Community.objects.all())
    groups_directory = _directory(
        context.home, "User-led groups", "groups", "groups",
        "Groups run by and for people with lived experience, near you or online.",
    )  # fmt: skip
    peer = _directory(
        context.home, "Peer support", "peer-support", "peer_support",
        "Peer-support sessions you can join: the day, time, place and how to join.",
    )  # fmt: skip
    groups = []
    for spec in _group_specs(rng):
        group = GroupPage.objects.filter(title=spec[0]).first() or _publish_group(
            groups_directory, spec, rng=rng, topics=topics, communities=communities, today=today
        )
        groups.append(group)
    sessions = _session_specs(rng, groups)
    for name, kind, day, starts, ends, frequency, week, online, group in sessions:
        if PeerSupportPage.objects.filter(title=name).exists():
            continue
        outcode = group.postcode if group else rng.choice(["LS1", "M1", "B1", "S1", "NG1"])
        session = PeerSupportPage(
            title=name,
            description="A friendly space to talk with people who have been there too.",
            support_type=kind,
            group=group,
            run_by=group.title if group else rng.choice(GROUP_NAMES)[0],
            day_of_week=day,
            start_time=starts,
            end_time=ends,
            frequency=frequency,
            week_of_month=week,
            # Sessions every two weeks need the date of one session; the next such day will do.
            dtstart=(
                today + timedelta(days=(day - today.weekday()) % 7)
                if frequency == "fortnightly"
                else None
            ),
            online=online,
            in_person=not online,
            postcode="" if online else outcode,
            venue="" if online else "Community centre, ground floor",
            region="national" if online else "",
            cost=rng.choice(["Free", "Free", "Free", "£2 towards tea and biscuits"]),
            how_to_join="Just come along, or email us first if you would like to.",
            contact_email=group.contact_email if group else "",
            last_checked=today - timedelta(days=rng.randint(10, 300)),
        )
        peer.add_child(instance=session)
        session.save_revision().publish()
    _give_the_demo_member_a_group(context, groups_directory, groups[0])
    context.report.append(
        f"{GroupPage.objects.live().count()} published groups and "
        f"{PeerSupportPage.objects.live().count()} peer-support listings; "
        f"{GroupPage.objects.filter(live=False).count()} group waiting for moderation"
    )


def _give_the_demo_member_a_group(context, groups_directory, published_group):
    """The demo member looks after one published group and has another waiting for staff."""
    from core.demo import MEMBER_EMAIL

    member = get_user_model().objects.filter(email=MEMBER_EMAIL).first()
    if member is None:
        return
    GroupAdministrator.objects.get_or_create(group=published_group, user=member)
    if GroupPage.objects.filter(title=WAITING_GROUP).exists():
        return
    waiting = GroupPage(
        title=WAITING_GROUP,
        description="A new hearing voices group in Hull. We would like to be listed.",
        postcode="HU1",
        venue="Library meeting room",
        led_by_lived_experience=True,
        does_peer_support=True,
        contact_email="hello@harbour.example.org",
        live=False,
        owner=member,
    )
    groups_directory.add_child(instance=waiting)
    GroupAdministrator.objects.create(group=waiting, user=member)
    page_submit_for_moderation(page=waiting, user=member)
