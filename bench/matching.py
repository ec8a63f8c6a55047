"""Matching benchmark: both engines and reindexing, measured in one run.

    make bench                       # starts the services, then runs this with the defaults
    .venv/bin/python bench/matching.py --sizes 2000,10000 --profiles 50   # a quicker look

It prints one table: for each engine and size, p50/p95 of "top 20 with reasons" for random
profiles, throughput, and the Elasticsearch engine's speed relative to the embedded engine at
the same size; and reindex throughput with the process's peak memory. Alerts have their own
benchmark (bench/alerts.py). It uses PostgreSQL databases of its own
(test_network_bench_<size>, kept between runs because building 10,000 pages takes minutes) and
index names starting with "bench-", deleted at the end.
"""

import argparse
import math
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings.test")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("wagtail").setLevel(logging.WARNING)  # one line per synthetic page otherwise

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from elasticsearch import helpers  # noqa: E402

from core.models import Community, Topic  # noqa: E402
from opportunities.factories import (  # noqa: E402
    OrganisationPageFactory,
    create_random_opportunities,
)
from opportunities.models import OpportunityPage, OrganisationPage  # noqa: E402
from search.client import get_client  # noqa: E402
from search.index.documents import OpportunityDocument  # noqa: E402
from search.index.indexes import create_index, point_alias  # noqa: E402
from search.index.writing import rebuild_opportunities_index  # noqa: E402
from search.matching.elasticsearch_engine import ElasticsearchEngine  # noqa: E402
from search.matching.engines import EmbeddedEngine  # noqa: E402
from search.matching.facts import to_document  # noqa: E402
from tests.search import synthetic  # noqa: E402

WARM_UP = 5


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def say(text):
    print(text, file=sys.stderr, flush=True)


def use_bench_database(size):
    """A database of its own for each size, kept between runs (building pages is slow)."""
    connection.close()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = f"test_network_bench_{size}"
    connection.settings_dict["TEST"] = settings.DATABASES["default"]["TEST"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True)


def bench_organisation():
    from tests.conftest import ensure_site_tree

    home = ensure_site_tree()
    organisation = OrganisationPage.objects.filter(slug="bench-organisation").first()
    if organisation is None:
        organisation = OrganisationPageFactory(
            parent=home, title="Bench organisation", slug="bench-organisation", publish=False
        )
    for number in range(12):
        Topic.objects.get_or_create(name=f"Bench topic {number}")
    for number in range(6):
        Community.objects.get_or_create(name=f"Bench community {number}")
    return organisation


def grow_database_to(size, organisation):
    """Synthetic published opportunities, added in batches until there are `size`."""
    have = OpportunityPage.objects.count()
    batch = 500
    while have < size:
        count = min(batch, size - have)
        started = time.monotonic()
        with transaction.atomic():
            create_random_opportunities(count, organisation=organisation, seed=1000 + have)
        have += count
        say(
            f"  database: {have:,}/{size:,} opportunities ({count / (time.monotonic() - started):.0f}/s)"
        )
    return have


def time_matches(engine, profiles):
    for profile in profiles[:WARM_UP]:
        engine.match(profile, limit=20)
    timings = []
    started = time.perf_counter()
    for profile in profiles:
        before = time.perf_counter()
        matches = engine.match(profile, limit=20)
        timings.append((time.perf_counter() - before) * 1000)
        assert all(match.reasons is not None for match in matches)
    elapsed = time.perf_counter() - started
    return {
        "p50": percentile(timings, 0.5),
        "p95": percentile(timings, 0.95),
        "per_second": len(profiles) / elapsed,
    }


def index_synthetic(size, *, topic_ids, community_ids):
    """Stream `size` synthetic documents into a fresh index behind the alias; returns docs/s."""
    name = create_index(f"{settings.ELASTICSEARCH_INDEX_PREFIX}-opportunities", OpportunityDocument)
    rng = random.Random(size)
    now = timezone.now()

    def actions():
        for number in range(size):
            facts = synthetic.random_facts(
                rng, number + 1, topic_ids=topic_ids, community_ids=community_ids, now=now
            )
            yield {"_index": name, "_id": facts.id, "_source": to_document(facts)}
            if (number + 1) % 20_000 == 0:
                say(f"  indexing: {number + 1:,}/{size:,}")

    started = time.monotonic()
    for ok, item in helpers.streaming_bulk(get_client(), actions(), chunk_size=1000):
        if not ok:
            raise RuntimeError(item)
    get_client().indices.refresh(index=name)
    rate = size / (time.monotonic() - started)
    point_alias(f"{settings.ELASTICSEARCH_INDEX_PREFIX}-opportunities", name)
    return rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,10000,100000")
    parser.add_argument("--embedded-max", type=int, default=10_000)
    parser.add_argument("--profiles", type=int, default=200)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if not settings.ELASTICSEARCH_URL:
        sys.exit("Set ELASTICSEARCH_URL (make bench starts Elasticsearch and sets it).")

    use_bench_database(min(sizes))
    bench_organisation()
    topic_ids = list(Topic.objects.values_list("pk", flat=True))
    community_ids = list(Community.objects.values_list("pk", flat=True))
    rng = random.Random(7)
    profiles = [
        synthetic.random_profile(
            rng, topic_ids=topic_ids, community_ids=community_ids, with_text=number % 2 == 0
        )
        for number in range(args.profiles)
    ]
    rows, notes = [], []
    try:
        for size in sizes:
            say(f"Size {size:,}")
            settings.ELASTICSEARCH_INDEX_PREFIX = f"bench-{size}"
            embedded = None
            if size <= args.embedded_max:
                use_bench_database(size)
                grow_database_to(size, bench_organisation())
                embedded = time_matches(EmbeddedEngine(), profiles)
                rows.append(("embedded", size, embedded, ""))
                started = time.monotonic()
                _, indexed, _ = rebuild_opportunities_index()
                rate = indexed / (time.monotonic() - started)
                notes.append(
                    f"reindex from the database, {indexed:,} opportunities: {rate:,.0f} documents/s, "
                    f"peak memory of the process so far {peak_memory_mb():,.0f} MB"
                )
            else:
                rows.append(
                    ("embedded", size, None, "not run: the embedded engine is for small sites")
                )
                rate = index_synthetic(size, topic_ids=topic_ids, community_ids=community_ids)
                notes.append(
                    f"bulk index of {size:,} synthetic documents (streamed): {rate:,.0f} documents/s, "
                    f"peak memory of the process so far {peak_memory_mb():,.0f} MB"
                )
            # Synthetic documents at the largest size have no database rows to confirm against.
            engine = ElasticsearchEngine(confirm_with_database=size <= args.embedded_max)
            measured = time_matches(engine, profiles)
            ratio = f"{embedded['p50'] / measured['p50']:.1f}x faster (p50)" if embedded else ""
            rows.append(("elasticsearch", size, measured, ratio))
    finally:
        get_client().indices.delete(index="bench-*", ignore_unavailable=True)

    print()
    print(f"Top 20 with reasons for {args.profiles} random profiles (times in ms)")
    print(
        f"{'engine':<14} {'opportunities':>13} {'p50':>8} {'p95':>8} {'per second':>11}  compared"
    )
    for engine, size, measured, remark in rows:
        if measured is None:
            print(f"{engine:<14} {size:>13,} {'-':>8} {'-':>8} {'-':>11}  {remark}")
        else:
            print(
                f"{engine:<14} {size:>13,} {measured['p50']:>8.1f} {measured['p95']:>8.1f} "
                f"{measured['per_second']:>11.0f}  {remark}"
            )
    print()
    for note in notes:
        print(f"- {note}")
    print(f"- peak memory of the whole run: {peak_memory_mb():,.0f} MB")


if __name__ == "__main__":
    main()
