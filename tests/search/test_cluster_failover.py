"""Losing a node of a three-node cluster while people match and search.

Three local nodes of the test distribution (deploy/elasticsearch/cluster.sh) hold the index with
one replica. Matching and the opportunity search run from several threads; part way, the node
holding the opportunities' primary shard is killed with SIGKILL, as a crash would. What an
operator would notice is counted: requests that failed, answers that differ from the answer
before the kill, documents lost, and how long until the cluster is yellow and green again.
Timings are printed, never asserted.

Starting three JVMs takes about two minutes on a busy two-core machine and the whole drill about
four, so it is marked `cluster`, left out of `make test`, and run with `make failover`.
"""

import io
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from core.models import Community, Topic
from opportunities.factories import create_random_opportunities
from opportunities.models import OpportunityPage, OrganisationPage
from search.client import get_client
from search.filters import OpportunitySearchFilter
from search.index.documents import opportunities_alias
from search.matching.elasticsearch_engine import ElasticsearchEngine
from search.opportunity_search import elasticsearch_search
from tests.conftest import ensure_site_tree
from tests.search import synthetic

pytestmark = [pytest.mark.elasticsearch, pytest.mark.cluster]

CLUSTER_SH = Path(__file__).resolve().parents[2] / "deploy" / "elasticsearch" / "cluster.sh"
NODES = 3
OPPORTUNITIES = 300
THREADS = 2
LOAD_BEFORE_KILL = 5.0  # seconds of load on the whole cluster first
RECOVERY_LIMIT = 100.0  # seconds after the kill to wait for green (replicas wait a minute)
START_LIMIT = 300  # seconds for the three nodes to start and form the cluster
SEARCHES = [
    "",
    "q=housing",
    "q=peer+support",
    "q=research&format=online",
    "format=in_person&sort=newest",
    "money=paid&sort=closing",
    "level=strategic&level=research",
    "meets_checks=on",
]


def free_ports(count):
    """Loopback ports nobody listens on now, all different."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@dataclass
class LocalCluster:
    name: str
    directory: Path
    env: dict

    @property
    def urls(self):
        return [f"http://127.0.0.1:{port}" for port in self.env["ES_HTTP_PORTS"].split(",")]

    def node_number(self, node_name):
        return int(node_name.rsplit("-", 1)[1])

    def pid(self, number):
        return int((self.directory / f"node-{number}" / "elasticsearch.pid").read_text())

    def run(self, command, *, timeout):
        """cluster.sh <command>; on a timeout, everything it started is killed."""
        process = subprocess.Popen(
            ["bash", str(CLUSTER_SH), command],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
            return 124, f"{output}\ncluster.sh {command} did not finish within {timeout}s"
        return process.returncode, output


@pytest.fixture
def local_cluster(request):
    if "cluster" not in (request.config.option.markexpr or ""):
        # Selected by another marker (`-m elasticsearch`): minutes nobody asked for.
        pytest.skip("starts its own three-node cluster: run it with -m cluster (make failover)")
    ports = free_ports(2 * NODES)
    directory = Path(tempfile.mkdtemp(prefix="network-cluster-"))
    directory.chmod(0o755)  # run as root, the nodes run as another user (see start.sh)
    name = f"network-failover-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "ES_HTTP_PORTS": ",".join(map(str, ports[:NODES])),
        "ES_TRANSPORT_PORTS": ",".join(map(str, ports[NODES:])),
        "ES_CLUSTER_NAME": name,
        "ES_CLUSTER_DIR": str(directory),
        "ES_JAVA_OPTS": "-Xms256m -Xmx512m",
        "ES_START_TIMEOUT": str(START_LIMIT - 30),
    }
    cluster = LocalCluster(name=name, directory=directory, env=env)
    try:
        status, output = cluster.run("start", timeout=START_LIMIT)
        if status != 0:
            pytest.fail(f"cluster.sh start failed ({status}):\n{output}", pytrace=False)
        yield cluster
    finally:
        cluster.run("stop", timeout=90)
        shutil.rmtree(directory, ignore_errors=True)


def demo_opportunities():
    """A few hundred published opportunities, as synthetic as the benchmarks' ones."""
    home = ensure_site_tree()
    organisation = OrganisationPage(
        title="Failover organisation",
        slug="failover-organisation",
        organisation_type="charity",
        verified=True,
        live=True,
    )
    home.add_child(instance=organisation)
    topics = [Topic.objects.create(name=f"Failover topic {number}").pk for number in range(8)]
    communities = [
        Community.objects.create(name=f"Failover community {number}").pk for number in range(4)
    ]
    create_random_opportunities(OPPORTUNITIES, organisation=organisation, seed=4242)
    return topics, communities


def search_filterset(query_string):
    filterset = OpportunitySearchFilter(
        QueryDict(query_string), queryset=OpportunityPage.objects.none()
    )
    assert filterset.is_valid(), filterset.errors
    return filterset


def ids_of(matches):
    return [match.facts.id for match in matches]


class Load:
    """Threads asking the cluster what people ask it, each answer checked against the answer
    given before anything failed."""

    def __init__(self, profiles, expected_matches, filtersets, expected_searches, now):
        self.profiles, self.expected_matches = profiles, expected_matches
        self.filtersets, self.expected_searches = filtersets, expected_searches
        self.now = now
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.records = []  # (kind, started, seconds, outcome)

    def ask(self, rng, engine):
        if rng.random() < 0.5:
            number = rng.randrange(len(self.profiles))
            got = ids_of(engine.match(self.profiles[number], limit=20, now=self.now))
            return "matching", got == self.expected_matches[number]
        number = rng.randrange(len(self.filtersets))
        results = elasticsearch_search(self.filtersets[number], offset=0, limit=20)
        return "search", (results.ids, results.total) == self.expected_searches[number]

    def worker(self, seed):
        rng = random.Random(seed)
        engine = ElasticsearchEngine()
        try:
            while not self.stop.is_set():
                started = time.monotonic()
                kind = "request"
                try:
                    kind, same = self.ask(rng, engine)
                    outcome = "ok" if same else "wrong"
                except Exception as error:  # counted and shown, whatever it is
                    outcome = f"failed: {type(error).__name__}: {str(error)[:200]}"
                with self.lock:
                    self.records.append((kind, started, time.monotonic() - started, outcome))
        finally:
            connection.close()

    def start(self):
        self.threads = [
            threading.Thread(target=self.worker, args=(seed,), daemon=True)
            for seed in range(THREADS)
        ]
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)] if ordered else 0.0


def table(load, killed_at):
    lines = [
        f"{'':10} {'requests':>8} {'after kill':>10} {'failed':>6} {'wrong':>5}"
        f" {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
    ]
    for kind in ("matching", "search", None):
        rows = [row for row in load.records if kind is None or row[0] == kind]
        seconds = [row[2] * 1000 for row in rows]
        lines.append(
            f"{kind or 'total':10} {len(rows):>8} {sum(row[1] >= killed_at for row in rows):>10}"
            f" {sum(row[3].startswith('failed') for row in rows):>6}"
            f" {sum(row[3] == 'wrong' for row in rows):>5}"
            f" {percentile(seconds, 0.5):>7.0f} {percentile(seconds, 0.95):>7.0f}"
            f" {max(seconds, default=0):>7.0f}"
        )
    return lines


@pytest.mark.django_db(transaction=True)
def test_killing_a_node_under_load_fails_no_request_and_loses_no_document(
    local_cluster, settings, capsys
):
    settings.ELASTICSEARCH_URL = ",".join(local_cluster.urls)
    settings.ELASTICSEARCH_REPLICAS = 1
    settings.ELASTICSEARCH_INDEX_PREFIX = "failover"
    client = get_client()
    alias = opportunities_alias()

    topics, communities = demo_opportunities()
    call_command("search_reindex", stdout=io.StringIO())  # what an operator runs
    health = client.cluster.health(index=alias, wait_for_status="green", timeout="60s")
    assert health["status"] == "green", health
    replicas = client.indices.get_settings(index=alias, name="index.number_of_replicas")
    assert {row["settings"]["index"]["number_of_replicas"] for row in replicas.values()} == {"1"}
    documents_before = client.count(index=alias)["count"]
    assert documents_before == OPPORTUNITIES

    # The answers before anything fails; matching is asked at a fixed time so they stay put.
    now = timezone.now()
    rng = random.Random(7)
    profiles = [
        synthetic.random_profile(rng, topic_ids=topics, community_ids=communities)
        for _ in range(20)
    ]
    engine = ElasticsearchEngine()
    expected_matches = [ids_of(engine.match(profile, limit=20, now=now)) for profile in profiles]
    filtersets = [search_filterset(query) for query in SEARCHES]
    expected_searches = []
    for filterset in filtersets:
        results = elasticsearch_search(filterset, offset=0, limit=20)
        expected_searches.append((results.ids, results.total))
    assert any(expected_matches) and all(total for _, total in expected_searches[:3])

    # The node whose loss risks documents: the one holding the opportunities' primary shard, so
    # the replica must be promoted (and a master elected too, if it was the master).
    primary = client.cat.shards(index=alias, format="json", h="prirep,node")
    victim = next(row["node"] for row in primary if row["prirep"] == "p")
    was_master = client.cat.master(format="json")[0]["node"] == victim
    victim_pid = local_cluster.pid(local_cluster.node_number(victim))

    load = Load(profiles, expected_matches, filtersets, expected_searches, now)
    load.start()
    try:
        time.sleep(LOAD_BEFORE_KILL)
        os.kill(victim_pid, signal.SIGKILL)
        killed_at = time.monotonic()
        yellow_after = green_after = None
        statuses = []
        while time.monotonic() - killed_at < RECOVERY_LIMIT:
            try:
                health = client.cluster.health(timeout="1s")
            except Exception as error:  # no master yet, for example
                statuses.append(type(error).__name__)
                health = {}
            nodes_seen, status = health.get("number_of_nodes"), health.get("status")
            # "Again": the cluster has noticed the loss and still answers for every primary.
            if nodes_seen == NODES - 1 and status in ("yellow", "green"):
                yellow_after = yellow_after or time.monotonic() - killed_at
                if status == "green":
                    green_after = time.monotonic() - killed_at
                    break
            time.sleep(0.25)
    finally:
        load.finish()

    client.indices.refresh(index=alias)
    documents_after = client.count(index=alias)["count"]
    final = client.cluster.health()
    failures = sorted({row[3] for row in load.records if row[3].startswith("failed")})

    with capsys.disabled():
        print()
        print(
            f"Failover drill: {NODES} nodes, {OPPORTUNITIES} opportunities, 1 replica,"
            f" {THREADS} threads; killed {victim} (the primary of the opportunities index,"
            f" {'and the elected master' if was_master else 'not the master'})"
            f" after {LOAD_BEFORE_KILL:.0f} s of load"
        )
        print("\n".join(table(load, killed_at)))
        yellow = f"{yellow_after:.1f} s" if yellow_after is not None else "never"
        green = (
            f"{green_after:.1f} s" if green_after is not None else f"over {RECOVERY_LIMIT:.0f} s"
        )
        print(
            f"cluster after the kill: yellow (node gone, every primary active) after {yellow},"
            f" green (replicas placed again) after {green};"
            f" now {final['status']} with {final['number_of_nodes']} nodes"
        )
        if statuses:
            print(f"health checks that got no answer: {len(statuses)} ({', '.join(set(statuses))})")
        print(f"documents: {documents_before} before, {documents_after} after")
        for failure in failures[:5]:
            print(f"  {failure}")

    assert sum(row[1] >= killed_at for row in load.records) > 0, "no request after the kill"
    assert failures == [], failures
    assert [row for row in load.records if row[3] == "wrong"] == []
    assert documents_after == documents_before
    assert yellow_after is not None, f"not yellow within {RECOVERY_LIMIT:.0f}s of the kill"
    assert final["status"] in ("yellow", "green")
