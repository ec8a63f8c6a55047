"""Presence report benchmark: releases and staff reports over many monitoring records, by hand.

    make bench-presence                                      # 100,000 records
    make bench-presence BENCH_ARGS="--records 20000"         # a quicker look
    make bench-presence BENCH_ARGS="--profile"               # and where the time goes

It fills a PostgreSQL database of its own (test_network_bench_presence, kept between runs) with
60 organisations and their opportunities (real pages, made once) and invented monitoring records
spread over the eight quarters of 2025 and 2026, each with a random record key. Records belong
to an opportunity, take its organisation, level and region as real ones do, and fall in the
quarters the opportunity was open. The clock is moved to 2026's release date (29 January 2027),
so every quarter and both years are due.

It then times:
- computing a release from scratch: a quarter, a year whose quarters are out (the usual case:
  the daily job releases each quarter first), and a year with its four quarters (the first
  request for a year nobody released). Its release rows are deleted before each trial, so these
  run fewer trials (--release-trials, 5) with one warm-up;
- reading released figures: one characteristic for the network and a year, every
  characteristic, one region, and a cross-tabulation (all made with the release);
- the whole staff dashboard request (queries and page) through Django's test client as a staff
  user, with a cross-tabulation, over a released year.

Targets: a report or dashboard request under 500 ms at p95. A release is worked out by the
daily job or, when a page finds a due one missing, by the task worker, never during a request:
under 10 s, so that a worker is soon free again.
"""

import argparse
import cProfile
import logging
import math
import os
import pstats
import random
import secrets
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings.test")

import django  # noqa: E402

django.setup()

import time_machine  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from core.geography import Region  # noqa: E402
from monitoring import disclosure  # noqa: E402
from monitoring.demo import _answers  # noqa: E402
from monitoring.models import MonitoringRecord, PresenceFigures, PresenceRelease, Stage  # noqa: E402
from monitoring.questions import CHARACTERISTICS, QUESTION_SET_VERSION  # noqa: E402
from opportunities.models import (  # noqa: E402
    OpportunityPage,
    OrganisationIndexPage,
    OrganisationPage,
)
from opportunities.models.choices import InvolvementLevel, RoleType, WhoFor  # noqa: E402

REPORT_TARGET_MS = 500
RELEASE_TARGET_MS = 10_000
BATCH = 5_000
ORGANISATIONS = 60
OPPORTUNITIES_EACH = (2, 10)  # about 360 in all
INVOLVED_SHARE = 0.25
QUARTERS = [f"{year}-Q{q}" for year in (2025, 2026) for q in range(1, 5)]
YEAR, QUARTER = "2026", "2026-Q3"
# 2026's release date (28 days after it ends): from this day every period above is released.
TODAY = disclosure.parse_period(YEAR).release_date
DASHBOARD = f"/cms/reports/presence/?period={YEAR}&characteristic=ethnic_group&cross_with=age_band"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def say(text):
    print(text, file=sys.stderr, flush=True)


def use_bench_database():
    connection.close()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = "test_network_bench_presence"
    connection.settings_dict["TEST"] = settings.DATABASES["default"]["TEST"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True)


def bench_pages():
    """60 organisations and their opportunities, made once and kept: [(opportunity, its
    organisation's id)]. Straight to live, without revisions: nobody edits them."""
    from tests.conftest import ensure_site_tree

    logging.getLogger("wagtail").setLevel(logging.WARNING)  # no line for each page made
    home = ensure_site_tree()
    index = OrganisationIndexPage.objects.first()
    if index is None:
        index = OrganisationIndexPage(title="Organisations", slug="organisations", live=True)
        home.add_child(instance=index)
    rng = random.Random(11)
    have = OrganisationPage.objects.filter(slug__startswith="bench-org-").count()
    if have < ORGANISATIONS:
        started = time.perf_counter()
        regions = list(Region.values)
        for number in range(have, ORGANISATIONS):
            with transaction.atomic():
                organisation = OrganisationPage(
                    title=f"Bench organisation {number:02}",
                    slug=f"bench-org-{number:02}",
                    organisation_type="charity",
                    verified=True,
                    live=True,
                )
                index.add_child(instance=organisation)
                home_region = rng.choice(regions)
                for opportunity in range(rng.randint(*OPPORTUNITIES_EACH)):
                    organisation.add_child(
                        instance=OpportunityPage(
                            title=f"Bench role {number:02}-{opportunity:02}",
                            slug=f"bench-role-{number:02}-{opportunity:02}",
                            live=True,
                            summary="An invented role for the Presence benchmark.",
                            role_type=rng.choice(RoleType.values),
                            level=rng.choice(InvolvementLevel.values),
                            who_for=rng.choice(WhoFor.values),
                            format="online",
                            rolling=True,
                            # Mostly the organisation's own region; some elsewhere or national.
                            region=home_region if rng.random() < 0.7 else rng.choice(regions),
                        )
                    )
            say(f"  pages: {number + 1} of {ORGANISATIONS} organisations")
        say(f"  pages made in {time.perf_counter() - started:.0f} s")
    return list(_opportunities_with_organisation())


def _opportunities_with_organisation():
    organisation_of = dict(
        OrganisationPage.objects.filter(slug__startswith="bench-org-").values_list("path", "pk")
    )
    for opportunity in OpportunityPage.objects.filter(slug__startswith="bench-role-").order_by(
        "path"
    ):
        yield opportunity, organisation_of[opportunity.path[: -OpportunityPage.steplen]]


def fill(records, opportunities):
    have = MonitoringRecord.objects.count()
    placed = MonitoringRecord.objects.filter(opportunity__isnull=False).count()
    if have == records == placed:
        say(f"Using the {have:,} records already there")
        return
    MonitoringRecord.objects.all().delete()
    PresenceRelease.objects.all().delete()
    rng = random.Random(7)
    # Some roles draw many applicants, most a few; each is open for one to four quarters.
    weights = [rng.paretovariate(1.2) for _ in opportunities]
    windows = []
    for _ in opportunities:
        first = rng.randrange(len(QUARTERS))
        windows.append(QUARTERS[first : first + rng.randint(1, 4)])
    started = time.perf_counter()
    for start in range(0, records, BATCH):
        batch = []
        for index in rng.choices(range(len(opportunities)), weights, k=min(BATCH, records - start)):
            opportunity, organisation_id = opportunities[index]
            quarter = rng.choice(windows[index])
            year, q = quarter.split("-Q")
            # People apply to more than one role: about 1.6 records a person.
            person = rng.randrange(max(1, records * 5 // 8))
            batch.append(
                MonitoringRecord(
                    token=secrets.token_urlsafe(24),
                    question_set_version=QUESTION_SET_VERSION,
                    opportunity_id=opportunity.pk,
                    organisation_id=organisation_id,
                    level=opportunity.level,
                    region=opportunity.region,
                    quarter=quarter,
                    stage=Stage.INVOLVED if rng.random() < INVOLVED_SHARE else Stage.APPLIED,
                    respondent=f"person-{person}",
                    record_key=person % 256,
                    recorded_month=date(int(year), 3 * int(q) - 2 + rng.randrange(3), 1),
                    **_answers(rng),
                )
            )
        MonitoringRecord.objects.bulk_create(batch)
        done = start + len(batch)
        rate = done / (time.perf_counter() - started)
        say(f"  {done:,} of {records:,} records ({rate:,.0f} a second)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE monitoring_monitoringrecord")


def staff_client():
    from members.models import User

    user = User.objects.filter(email="bench-staff@example.org").first() or (
        User.objects.create_superuser("bench-staff@example.org", "bench-password-42")
    )
    client = Client()
    client.force_login(user)
    return client


def timed(label, action, trials, *, prepare=None, warm_up=3, target=REPORT_TARGET_MS):
    """Run `prepare` (untimed) then `action` (timed) `trials` times after `warm_up` runs."""
    for _ in range(warm_up):
        if prepare:
            prepare()
        action()
    times = []
    for _ in range(trials):
        if prepare:
            prepare()
        started = time.perf_counter()
        action()
        times.append(1000 * (time.perf_counter() - started))
    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
    say(f"  {label}: p50 {p50:.1f} ms")
    return label, trials, p50, p95, 1000 / p50, target


def profile(label, action, prepare=None):
    if prepare:
        prepare()
    profiler = cProfile.Profile()
    profiler.enable()
    action()
    profiler.disable()
    print(f"\nProfile: {label}")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--release-trials", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="profile the slow paths too")
    args = parser.parse_args()

    use_bench_database()
    with time_machine.travel(TODAY, tick=True):
        run(args)


def run(args):
    opportunities = bench_pages()
    fill(args.records, opportunities)
    quarter, year = disclosure.parse_period(QUARTER), disclosure.parse_period(YEAR)
    network = disclosure.Scope(period=year)
    client = staff_client()

    def release(period):
        return lambda: disclosure.release_for(period, today=TODAY)

    def forget(*labels):
        return lambda: PresenceRelease.objects.filter(period__in=labels).delete()

    def released_everything():
        for label in QUARTERS:
            disclosure.release_for(disclosure.parse_period(label), today=TODAY)
        disclosure.release_for(year, today=TODAY)

    def cross_tabulation():
        disclosure.cross_tabulation(network, "ethnic_group", "age_band", today=TODAY)

    def dashboard():
        response = client.get(DASHBOARD)
        assert response.status_code == 200, response.status_code

    slow = {"trials": args.release_trials, "warm_up": 1, "target": RELEASE_TARGET_MS}
    rows = [
        timed("release a quarter, from scratch", release(quarter), prepare=forget(QUARTER), **slow),
        timed("release a year, its quarters out", release(year), prepare=forget(YEAR), **slow),
        timed("release a year and its 4 quarters", release(year),
              prepare=forget(YEAR, *year.quarters), **slow),
    ]  # fmt: skip
    released_everything()
    assert disclosure.breakdown(network, "ethnic_group", today=TODAY).available
    # A region whose year is published (the rules may hide some).
    region = (
        PresenceFigures.objects.filter(
            release__period=YEAR, scope__startswith="region:", figures__available=True
        )
        .order_by("scope")
        .values_list("scope", flat=True)
        .first()
    )
    assert region, "no region's year is published"
    one_region = disclosure.Scope(period=year, region=region[7:])
    assert disclosure.breakdown(one_region, "disability", today=TODAY).available
    assert disclosure.cross_tabulation(network, "ethnic_group", "age_band", today=TODAY)
    rows += [
        timed("one characteristic, network, a year", lambda: disclosure.breakdown(
            network, "ethnic_group", today=TODAY), args.trials),
        timed("every characteristic, network, a year", lambda: [
            disclosure.breakdown(network, name, today=TODAY) for name in CHARACTERISTICS],
            args.trials),
        timed("one characteristic, one region", lambda: disclosure.breakdown(
            one_region, "disability", today=TODAY), args.trials),
        timed("cross-tabulation", cross_tabulation, args.trials),
        timed("whole dashboard request (with cross-tab)", dashboard, args.trials),
    ]  # fmt: skip
    if args.profile:
        profile("release a year and its 4 quarters", release(year),
                prepare=forget(YEAR, *year.quarters))  # fmt: skip
        profile("whole dashboard request (with cross-tab)", dashboard)
    released_everything()

    figures = PresenceFigures.objects.filter(release__period=YEAR)
    print()
    print(
        f"Presence over {MonitoringRecord.objects.count():,} monitoring records, "
        f"{len(opportunities)} opportunities of {ORGANISATIONS} organisations, "
        f"{len(QUARTERS)} quarters; on {TODAY} "
        f"({figures.count()} scopes in the {YEAR} release, "
        f"{figures.filter(figures__available=True).count()} published)."
    )
    print(
        f"Times in ms. Releases: {args.release_trials} trials after 1 warm-up, their rows deleted "
        f"before each; reports: {args.trials} trials after 3 warm-ups."
    )
    print(f"{'measure':<42} {'trials':>6} {'p50':>9} {'p95':>9} {'per second':>11}  target")
    for label, trials, p50, p95, rate, target in rows:
        verdict = "met" if p95 < target else "missed"
        print(
            f"{label:<42} {trials:>6} {p50:>9.1f} {p95:>9.1f} {rate:>11,.1f}  "
            f"p95 < {target:,} ms: {verdict}"
        )


if __name__ == "__main__":
    main()
