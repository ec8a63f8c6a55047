"""Alert benchmark: the whole alert decision for one new opportunity, by hand.

    make bench-alerts                                    # 10,000 and 100,000 members
    make bench-alerts BENCH_ARGS="--members 10000"       # a quicker look
    make bench-alerts BENCH_ARGS="--members 100000 --keep-indexes"   # reuse the indexes (2 min less)

For each size it fills a PostgreSQL database of its own (test_network_bench_alerts_<size>, kept
between runs) with members made by bulk_create: a profile each (synthetic.random_profile, half
with their own words), alerts on for all of them (a third each immediately, daily, weekly) and a
saved search for one in five (facets, half with search words). It publishes a few real
opportunity pages, builds the member alerts index from the database (`search_reindex`'s way)
and times, on each page, what the task worker does after a publish (decision 12):

- publish: Wagtail publishing a new revision of the page (the editor's click), which queues
  the decision after its commit; apart from the steps below, which start from the page's id;
- decide: `alert_members_about`, from the page's id to the decision recorded (one count in
  Elasticsearch, one row; its first batch is queued after the commit, which is not timed);
- first batch: the first `record_alert_batch`, up to its deliveries written (they can be
  emailed once its commit is made, which is not timed);
- all recorded: deciding and every batch in turn, up to the last member's delivery recorded
  (the time the old single step took; the worker's wait between queued batches not counted).

Emails are queued after the commit and not counted. Each trial runs in a transaction rolled
back afterwards, so every trial records the same deliveries afresh; the foreign keys of the
rows written are checked inside the timing (SET CONSTRAINTS ALL IMMEDIATE after each step),
since Django defers them to the commit a rolled-back trial never makes. The commits
themselves, and the worker's wait between queued tasks, are not timed. Elasticsearch's caches
of the member alerts index are cleared before each trial, since the trials repeat a few pages
and a real opportunity's query is new to the node.

While the percolator existed (decision 12), it also timed the old way side by side: percolating
the opportunity against each member's stored query, checking the members found in Python, then
bulk_create. That code is gone; its figures are kept in
docs/decisions/0012-alerts-by-reverse-search.md.
"""

import argparse
import logging
import math
import os
import random
import sys
import time
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings.test")

import django  # noqa: E402

django.setup()
logging.getLogger("wagtail").setLevel(logging.WARNING)

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from core.models import Community, Topic  # noqa: E402
from members.models import MemberProfile, User  # noqa: E402
from opportunities.factories import WORDS, create_random_opportunities  # noqa: E402
from opportunities.models import OpportunityPage  # noqa: E402
from opportunities.models.choices import InvolvementLevel, RoleType  # noqa: E402
from search.alerts.queries import rebuild_alerts_index  # noqa: E402
from search.alerts.recipients import (  # noqa: E402
    ALERT_BATCH,
    alert_members_about,
    record_alert_batch,
)
from search.client import get_client  # noqa: E402
from search.index.documents import member_alerts_alias  # noqa: E402
from search.index.writing import rebuild_opportunities_index  # noqa: E402
from search.models import AlertDelivery, AlertFrequency, SavedSearch  # noqa: E402
from tests.search import synthetic  # noqa: E402

WARM_UP = 3
UNUSABLE = "!"  # Django's mark for an account that cannot sign in with a password
FREQUENCIES = [AlertFrequency.IMMEDIATELY, AlertFrequency.DAILY, AlertFrequency.WEEKLY]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def say(text):
    print(text, file=sys.stderr, flush=True)


def use_bench_database(size):
    connection.close()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        f"test_network_bench_alerts_{size}"
    )
    connection.settings_dict["TEST"] = settings.DATABASES["default"]["TEST"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True)


def bench_organisation():
    from bench.matching import bench_organisation as make

    return make()


def random_saved_search(rng, *, topic_ids, community_ids):
    """A search page address with one to three facets, half of them with words."""
    from urllib.parse import urlencode

    from core.geography import Region
    from opportunities.models.choices import Format

    choices = {
        "topic": [str(key) for key in topic_ids],
        "community": [str(key) for key in community_ids],
        "level": InvolvementLevel.values,
        "role_type": RoleType.values,
        "format": Format.values,
        "region": Region.values,
    }
    pairs = []
    for name in rng.sample(sorted(choices), rng.randint(1, 3)):
        pairs += [(name, value) for value in rng.sample(choices[name], rng.randint(1, 2))]
    if rng.random() < 0.3:
        pairs.append(("money", rng.choice(["paid", "expenses"])))
    if rng.random() < 0.5:
        pairs.append(("q", " ".join(rng.sample(WORDS, rng.randint(1, 2)))))
    return urlencode(pairs)


def grow_members_to(size, *, topic_ids, community_ids, chunk=5_000):
    """Members with profiles and saved searches, made with bulk_create until there are `size`."""
    have = User.objects.filter(email__endswith="@bench.invalid").count()
    rng = random.Random(size + have)
    Through = MemberProfile.topics.through
    CommunityThrough = MemberProfile.communities.through
    while have < size:
        count = min(chunk, size - have)
        started = time.monotonic()
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(email=f"member{have + n}@bench.invalid", password=UNUSABLE, is_active=True)
                    for n in range(count)
                ]
            )
            profiles, topics, communities, saved = [], [], [], []
            for n, user in enumerate(users):
                match = synthetic.random_profile(
                    rng, topic_ids=topic_ids, community_ids=community_ids, with_text=n % 2 == 0
                )
                profiles.append(
                    MemberProfile(
                        user=user,
                        who=match.who,
                        levels=sorted(match.levels),
                        role_types=sorted(match.role_types),
                        latitude=match.latitude,
                        longitude=match.longitude,
                        max_distance_km=match.max_distance_km,
                        online_ok=match.online_ok,
                        in_person_ok=match.in_person_ok,
                        payment_need=match.payment_need,
                        availability=sorted(match.availability),
                        not_before_10=match.not_before_10,
                        support_wanted=sorted(match.support_wanted),
                        own_words=match.text,
                        alert_frequency=FREQUENCIES[n % 3],
                    )
                )
                topics += [(user.pk, key) for key in match.topic_ids]
                communities += [(user.pk, key) for key in match.community_ids]
                if n % 5 == 0:
                    saved.append(
                        SavedSearch(
                            member=user,
                            name="Bench search",
                            query_string=random_saved_search(
                                rng, topic_ids=topic_ids, community_ids=community_ids
                            ),
                            frequency=FREQUENCIES[(n + 1) % 3],
                        )
                    )
            profiles = MemberProfile.objects.bulk_create(profiles)
            by_user = {profile.user_id: profile.pk for profile in profiles}
            Through.objects.bulk_create(
                [Through(memberprofile_id=by_user[u], topic_id=t) for u, t in topics]
            )
            CommunityThrough.objects.bulk_create(
                [
                    CommunityThrough(memberprofile_id=by_user[u], community_id=c)
                    for u, c in communities
                ]
            )
            SavedSearch.objects.bulk_create(saved)
        have += count
        say(f"  members: {have:,}/{size:,} ({count / (time.monotonic() - started):,.0f}/s)")


def bench_pages(organisation, count):
    pages = list(OpportunityPage.objects.filter(slug__startswith="alert-bench-").order_by("pk"))
    if len(pages) < count:
        made = create_random_opportunities(
            count - len(pages), organisation=organisation, seed=4242 + len(pages)
        )
        for page in made:
            page.slug = f"alert-bench-{page.pk}"
            page.deadline = None
            page.rolling = True
            page.closed_at = None
            page.save()
        pages += made
    return pages[:count]


def check_constraints():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def time_alerts(pages, trials, warm_up=WARM_UP):
    """{step: [ms]} for publishing, deciding, the first batch and all recorded, over `trials`
    pages, each trial rolled back; with the deliveries and batches of each trial."""
    steps = {"publish": [], "decide": [], "first": [], "all": [], "recorded": [], "batches": []}
    for number in range(trials + warm_up):
        page = pages[(number - warm_up) % len(pages)]  # the same pages in the same order
        # A new opportunity's query is new to the node: no cached count or filter from a trial
        # on the same page before.
        get_client().indices.clear_cache(index=member_alerts_alias())
        with transaction.atomic():
            publishing = time.perf_counter()
            page = OpportunityPage.objects.get(pk=page.pk)  # as saved, before the last trial
            page.save_revision().publish()  # the editor's click; queues the task after commit
            started = time.perf_counter()
            decision = alert_members_about(page.pk)
            check_constraints()
            decided = time.perf_counter()
            batches = 0
            first = decided
            while decision.finished_at is None:
                record_alert_batch(decision.pk)
                check_constraints()
                batches += 1
                if batches == 1:
                    first = time.perf_counter()
                decision.refresh_from_db(fields=["finished_at"])
            done = time.perf_counter()
            count = AlertDelivery.objects.filter(opportunity_id=page.pk).count()
            transaction.set_rollback(True)
        if number >= warm_up:
            steps["publish"].append((started - publishing) * 1000)
            steps["decide"].append((decided - started) * 1000)
            steps["first"].append((first - decided) * 1000)
            steps["all"].append((done - started) * 1000)
            steps["recorded"].append(count)
            steps["batches"].append(batches)
    return steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", default="10000,100000")
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument(
        "--keep-indexes",
        action="store_true",
        help="Reuse the indexes a previous --keep-indexes run left (same members), and leave them.",
    )
    args = parser.parse_args()
    if not settings.ELASTICSEARCH_URL:
        sys.exit("Set ELASTICSEARCH_URL (make bench-alerts starts Elasticsearch and sets it).")
    rows = []
    try:
        for size in [int(value) for value in args.members.split(",")]:
            say(f"{size:,} members")
            use_bench_database(size)
            settings.ELASTICSEARCH_INDEX_PREFIX = f"bench-alerts-{size}"
            organisation = bench_organisation()
            topic_ids = list(Topic.objects.values_list("pk", flat=True))
            community_ids = list(Community.objects.values_list("pk", flat=True))
            grow_members_to(size, topic_ids=topic_ids, community_ids=community_ids)
            pages = bench_pages(organisation, args.pages)
            started = time.monotonic()
            client = get_client()
            if args.keep_indexes and client.indices.exists_alias(name=member_alerts_alias()):
                written = client.count(index=member_alerts_alias())["count"]
            else:
                rebuild_opportunities_index()
                _, written = rebuild_alerts_index()
            say(f"  alert documents: {written:,} in {time.monotonic() - started:.0f}s")
            rows.append((size, written, time_alerts(pages, args.trials)))
    finally:
        if not args.keep_indexes:
            get_client().indices.delete(index="bench-alerts-*", ignore_unavailable=True)

    print()
    print("Alerting one new opportunity: deciding, then recording deliveries a batch at a time")
    print("(times in ms, emails excluded)")
    heading = f"{'members':>9} {'documents':>10} {'trials':>7} {'alerts':>8} {'batches':>8}"
    for step in ("publish", "decide", "first batch", "all recorded"):
        heading += f" {step + ' p50':>17} {step + ' p95':>17}"
    print(heading + f" {'alerts/s':>9}")
    for size, written, steps in rows:
        line = (
            f"{size:>9,} {written:>10,} {len(steps['all']):>7} "
            f"{mean(steps['recorded']):>8,.0f} {mean(steps['batches']):>8.1f}"
        )
        for step in ("publish", "decide", "first", "all"):
            line += f" {percentile(steps[step], 0.5):>17.1f} {percentile(steps[step], 0.95):>17.1f}"
        rate = sum(steps["recorded"]) / (sum(steps["all"]) / 1000)
        print(line + f" {rate:>9,.0f}")
    print()
    print("- publish: Wagtail publishing a new revision of the page, which queues the decision")
    print("- decide: one count of the alert documents the opportunity fits, one decision row")
    print(
        f"- first batch: up to {ALERT_BATCH:,} alert documents read and their deliveries recorded"
    )
    print("- all recorded: deciding and every batch, up to the last delivery recorded")
    print("- alerts: deliveries recorded per opportunity (mean); profiles and saved searches")
    print(f"- goal: p95 <= 100 ms at 100,000 members ({timezone.now():%Y-%m-%d})")


if __name__ == "__main__":
    main()
