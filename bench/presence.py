"""Presence report benchmark: a staff report over many monitoring records, measured by hand.

    make bench-presence                                  # 100,000 records
    .venv/bin/python bench/presence.py --records 20000   # a quicker look

It fills a PostgreSQL database of its own (test_network_bench_presence, kept between runs) with
invented monitoring records across two years, then times what NSUN staff ask for: one
characteristic for the network and a year, the same for one region, a cross-tabulation, and the
whole Presence dashboard request (queries and page) through Django's test client. Target: under
500 ms.
"""

import argparse
import math
import os
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

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from core.geography import Region  # noqa: E402
from monitoring import disclosure  # noqa: E402
from monitoring.demo import _answers  # noqa: E402
from monitoring.models import MonitoringRecord, Stage  # noqa: E402
from monitoring.questions import CHARACTERISTICS, QUESTION_SET_VERSION  # noqa: E402
from opportunities.models.choices import InvolvementLevel  # noqa: E402

TARGET_MS = 500
BATCH = 5_000


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


def fill(records):
    have = MonitoringRecord.objects.count()
    if have == records:
        say(f"Using the {have:,} records already there")
        return
    MonitoringRecord.objects.all().delete()
    rng = random.Random(7)
    regions, levels = list(Region.values), list(InvolvementLevel.values)
    quarters = [f"{year}-Q{q}" for year in (2025, 2026) for q in range(1, 5)]
    started = time.perf_counter()
    for start in range(0, records, BATCH):
        batch = []
        for _ in range(min(BATCH, records - start)):
            quarter = rng.choice(quarters)
            year, q = quarter.split("-Q")
            batch.append(
                MonitoringRecord(
                    token=secrets.token_urlsafe(24),
                    question_set_version=QUESTION_SET_VERSION,
                    level=rng.choice(levels),
                    region=rng.choice(regions),
                    quarter=quarter,
                    stage=Stage.INVOLVED if rng.random() < 0.3 else Stage.APPLIED,
                    recorded_month=date(int(year), 3 * int(q) - 2, 1),
                    **_answers(rng),
                )
            )
        MonitoringRecord.objects.bulk_create(batch)
        done = start + len(batch)
        rate = done / (time.perf_counter() - started)
        say(f"  {done:,} of {records:,} records ({rate:,.0f} a second)")


def staff_client():
    from members.models import User
    from tests.conftest import ensure_site_tree

    ensure_site_tree()
    user = User.objects.filter(email="bench-staff@example.org").first() or (
        User.objects.create_superuser("bench-staff@example.org", "bench-password-42")
    )
    client = Client()
    client.force_login(user)
    return client


def timed(label, action, trials):
    for _ in range(3):
        action()  # warm up
    times = []
    for _ in range(trials):
        started = time.perf_counter()
        action()
        times.append(1000 * (time.perf_counter() - started))
    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
    return label, p50, p95, 1000 / p50


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--trials", type=int, default=30)
    args = parser.parse_args()

    use_bench_database()
    fill(args.records)
    year = disclosure.parse_period("2026")
    network = disclosure.Scope(period=year)
    london = disclosure.Scope(period=year, region="london")
    client = staff_client()

    def dashboard():
        response = client.get(
            "/cms/reports/presence/?period=2026&characteristic=ethnic_group&cross_with=age_band"
        )
        assert response.status_code == 200, response.status_code

    rows = [
        timed("one characteristic, network, a year", lambda: disclosure.breakdown(
            network, "ethnic_group"), args.trials),
        timed("every characteristic, network, a year", lambda: [
            disclosure.breakdown(network, name) for name in CHARACTERISTICS], args.trials),
        timed("one characteristic, one region", lambda: disclosure.breakdown(
            london, "disability"), args.trials),
        timed("cross-tabulation (ethnic group by age)", lambda: disclosure.cross_tabulation(
            network, "ethnic_group", "age_band"), args.trials),
        timed("whole dashboard request (with cross-tab)", dashboard, args.trials),
    ]  # fmt: skip
    print()
    print(f"Presence reports over {MonitoringRecord.objects.count():,} monitoring records "
          f"({args.trials} trials, times in ms, target under {TARGET_MS} ms)")  # fmt: skip
    print(f"{'report':<44} {'p50':>8} {'p95':>8} {'per second':>11}  target")
    for label, p50, p95, rate in rows:
        verdict = "met" if p95 < TARGET_MS else "missed"
        print(f"{label:<44} {p50:>8.1f} {p95:>8.1f} {rate:>11,.0f}  {verdict}")


if __name__ == "__main__":
    main()
