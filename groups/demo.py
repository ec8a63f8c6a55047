"""Demo user-led groups and peer-support listings for `seed_demo` (invented, in our own words).

The content is groups/demo_data/content.json: named groups, generated ones (a kind of group in a
town, so every region has several), sessions and their words. The rows are made by
groups.factories; postcodes are placed when each listing is published, as for any listing.
"""

import json
import random
from datetime import time, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.geography import bundled_places
from core.models import Community, Topic
from core.moderation import page_submit_for_moderation
from groups.factories import GroupPageFactory, PeerSupportPageFactory
from groups.models import DirectoryIndexPage, GroupAdministrator, GroupPage, PeerSupportPage

CONTENT = json.loads((Path(__file__).parent / "demo_data" / "content.json").read_text())
GROUP_TEXT = CONTENT["group_text"]
SESSION_TEXT = CONTENT["session_text"]
# Generated sessions belong to these of the groups, in the order they are made.
GROUPS_WITH_SESSIONS = slice(10, 34)


def _time(text):
    return time.fromisoformat(text) if text else None


def _directory(home, title, slug, kind, introduction):
    directory = DirectoryIndexPage.objects.filter(slug=slug).first()
    if directory is None:
        directory = DirectoryIndexPage(
            title=title, slug=slug, kind=kind, introduction=introduction, show_in_menus=True
        )
        home.add_child(instance=directory)
        directory.save_revision().publish()
    return directory


def _group_specs():
    """{name, outcode, topics, activities} for every demo group, named and generated."""
    specs = list(CONTENT["groups"])
    places = bundled_places()
    kinds = CONTENT["group_kinds"]
    for number, outcode in enumerate(CONTENT["generated_towns"]):
        kind = kinds[number % len(kinds)]
        town = places[outcode]["place"].split(" (")[0]
        specs.append({**kind, "name": f"{town} {kind['kind']}", "outcode": outcode})
    return specs


def _publish_group(directory, spec, *, rng, topics, communities, today):
    name, outcode = spec["name"], spec["outcode"]
    online = not outcode or rng.random() < 0.3
    last_checked = today - timedelta(days=rng.randint(10, 500))
    return GroupPageFactory(
        parent=directory,
        title=name,
        description=GROUP_TEXT["description"].format(name=name),
        area_served=GROUP_TEXT["online_area_served"] if not outcode else f"Around {outcode}",
        postcode=outcode,
        online=online,
        in_person=bool(outcode),
        region="national" if not outcode else "",
        led_by_lived_experience=True,
        meeting_details=GROUP_TEXT["meeting_details"],
        accessibility=GROUP_TEXT["accessibility"],
        contact_email=f"hello@{name.lower().replace(' ', '').replace(chr(39), '')}.example.org",
        last_checked=last_checked,
        topics=[topics[t] for t in spec["topics"] if t in topics],
        communities=rng.sample(communities, k=min(1, len(communities))),
        # Only the group's own activities: the factory's default group does peer support.
        **{"does_peer_support": False} | {f"does_{a}": True for a in spec["activities"]},
    )


def _session_specs(groups):
    """Every demo session's fields from the data file, with `group` (None for the named ones)."""
    specs = [{**session, "group": None} for session in CONTENT["sessions"]]
    kinds = CONTENT["session_kinds"]
    for number, group in enumerate(groups[GROUPS_WITH_SESSIONS]):
        kind = dict(kinds[number % len(kinds)])
        label = kind.pop("label")
        specs.append(
            {**kind, "title": f"{group.title}: {label}", "online": label == "online circle",
             "group": group}
        )  # fmt: skip
    return specs


def _publish_session(directory, spec, *, rng, today):
    group, online = spec["group"], spec["online"]
    outcode = group.postcode if group else rng.choice(SESSION_TEXT["outcodes_without_a_group"])
    run_by = group.title if group else rng.choice(CONTENT["groups"])["name"]
    cost = rng.choice(SESSION_TEXT["costs"])
    last_checked = today - timedelta(days=rng.randint(10, 300))
    day, frequency = spec["day_of_week"], spec["frequency"]
    return PeerSupportPageFactory(
        parent=directory,
        title=spec["title"],
        description=SESSION_TEXT["description"],
        support_type=spec["support_type"],
        group=group,
        run_by=run_by,
        day_of_week=day,
        start_time=_time(spec["start_time"]),
        end_time=_time(spec["end_time"]),
        frequency=frequency,
        week_of_month=spec["week_of_month"],
        # Sessions every two weeks need the date of one session; the next such day will do.
        dtstart=(
            today + timedelta(days=(day - today.weekday()) % 7)
            if frequency == "fortnightly"
            else None
        ),
        online=online,
        in_person=not online,
        postcode="" if online else outcode,
        venue="" if online else SESSION_TEXT["venue"],
        region="national" if online else "",
        cost=cost,
        how_to_join=SESSION_TEXT["how_to_join"],
        contact_email=group.contact_email if group else "",
        last_checked=last_checked,
    )


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
    for spec in _group_specs():
        group = GroupPage.objects.filter(title=spec["name"]).first() or _publish_group(
            groups_directory, spec, rng=rng, topics=topics, communities=communities, today=today
        )
        groups.append(group)
    for spec in _session_specs(groups):
        if not PeerSupportPage.objects.filter(title=spec["title"]).exists():
            _publish_session(peer, spec, rng=rng, today=today)
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
    waiting = CONTENT["waiting_group"]
    if GroupPage.objects.filter(title=waiting["title"]).exists():
        return
    group = GroupPageFactory(
        parent=groups_directory,
        **waiting,
        led_by_lived_experience=True,
        does_peer_support=True,
        live=False,
        owner=member,
        publish=False,
    )
    GroupAdministrator.objects.create(group=group, user=member)
    page_submit_for_moderation(page=group, user=member)
