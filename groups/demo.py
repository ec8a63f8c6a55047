"""Demo user-led groups and peer-support listings (invented, in our own words)."""

import random
from datetime import time, timedelta

from django.utils import timezone

from core.models import Community, Topic
from groups.models import DirectoryIndexPage, GroupPage, PeerSupportPage

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


def _directory(home, title, slug, kind, introduction):
    directory = DirectoryIndexPage.objects.filter(slug=slug).first()
    if directory is None:
        directory = DirectoryIndexPage(
            title=title, slug=slug, kind=kind, introduction=introduction, show_in_menus=True
        )
        home.add_child(instance=directory)
        directory.save_revision().publish()
    return directory


def build_groups_and_peer_support(context):
    rng = random.Random(context.seed + 3)
    today = timezone.localdate()
    topics = {topic.name: topic for topic in Topic.objects.all()}
    communities = list(Community.objects.all())
    groups = _directory(
        context.home, "User-led groups", "groups", "groups",
        "Groups run by and for people with lived experience, near you or online.",
    )  # fmt: skip
    peer = _directory(
        context.home, "Peer support", "peer-support", "peer_support",
        "Peer-support sessions you can join: the day, time, place and how to join.",
    )  # fmt: skip
    for name, outcode, topic_names, activities in GROUP_NAMES:
        if GroupPage.objects.filter(title=name).exists():
            continue
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
        groups.add_child(instance=group)
        group.topics.set([topics[t] for t in topic_names if t in topics])
        group.communities.set(rng.sample(communities, k=min(1, len(communities))))
        group.save_revision().publish()
    for name, kind, day, starts, ends, frequency, week, online in SESSIONS:
        if PeerSupportPage.objects.filter(title=name).exists():
            continue
        outcode = rng.choice(["LS1", "M1", "B1", "S1", "NG1"])
        session = PeerSupportPage(
            title=name,
            description="A friendly space to talk with people who have been there too.",
            support_type=kind,
            run_by=rng.choice(GROUP_NAMES)[0],
            day_of_week=day,
            start_time=starts,
            end_time=ends,
            frequency=frequency,
            week_of_month=week,
            online=online,
            in_person=not online,
            postcode="" if online else outcode,
            venue="" if online else "Community centre, ground floor",
            region="national" if online else "",
            how_to_join="Just come along, or email us first if you would like to.",
            last_checked=today - timedelta(days=rng.randint(10, 300)),
        )
        peer.add_child(instance=session)
        session.save_revision().publish()
    context.report.append(f"{len(GROUP_NAMES)} groups and {len(SESSIONS)} peer-support listings")
