"""Settings for running Elasticsearch as a cluster, and the test node's port checks; no cluster
is started here (tests/search/test_cluster_failover.py does that)."""

import itertools
import json
import os
import socket
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from elastic_transport import ConnectionTimeout

from search.client import elasticsearch_hosts, elasticsearch_info, get_client
from search.index.documents import index_settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "elasticsearch"


class AnsweringNode(BaseHTTPRequestHandler):
    """Answers GET / as an Elasticsearch node does."""

    def do_GET(self):
        body = json.dumps(
            {"name": "fake", "cluster_name": "fake", "version": {"number": "8.14.1"}}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-elastic-product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def answering_node():
    server = ThreadingHTTPServer(("127.0.0.1", 0), AnsweringNode)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def hung_node():
    """Accepts connections and never answers; counts them."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    accepted, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(sock.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", accepted
    stop.set()
    thread.join(timeout=5)
    for connection in accepted:
        connection.close()
    sock.close()


def test_a_comma_separated_url_lists_every_node_of_the_cluster(settings):
    settings.ELASTICSEARCH_URL = (
        "http://127.0.0.1:9211, http://127.0.0.1:9212,http://127.0.0.1:9213"
    )

    assert elasticsearch_hosts(settings.ELASTICSEARCH_URL) == [
        "http://127.0.0.1:9211",
        "http://127.0.0.1:9212",
        "http://127.0.0.1:9213",
    ]
    assert len(get_client().transport.node_pool.all()) == 3


def test_with_two_nodes_down_a_request_still_reaches_the_third(settings, answering_node):
    down = [f"http://127.0.0.1:{port}" for port in closed_ports(2)]
    # Each order is a new client; whichever node it tries first, every request must succeed.
    for hosts in itertools.permutations([*down, answering_node]):
        settings.ELASTICSEARCH_URL = ",".join(hosts)

        assert elasticsearch_info()["cluster_name"] == "fake"


def test_on_a_cluster_a_hung_node_costs_one_timeout_then_another_node_answers(
    settings, answering_node, hung_node
):
    hung_url, _ = hung_node
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    for hosts in itertools.permutations([hung_url, answering_node]):
        settings.ELASTICSEARCH_URL = ",".join(hosts)

        assert elasticsearch_info()["cluster_name"] == "fake"


def test_a_single_hung_node_is_asked_once_so_the_database_answers_sooner(settings, hung_node):
    hung_url, accepted = hung_node
    settings.ELASTICSEARCH_URL = hung_url
    settings.ELASTICSEARCH_TIMEOUT = 0.5

    with pytest.raises(ConnectionTimeout):
        elasticsearch_info()
    time.sleep(0.5)  # the accepting thread polls

    assert len(accepted) == 1


@pytest.mark.parametrize("replicas", [0, 1])
def test_new_indexes_take_their_replicas_from_the_setting(settings, replicas):
    settings.ELASTICSEARCH_REPLICAS = replicas

    assert index_settings()["number_of_replicas"] == replicas


def closed_ports(count):
    """Loopback ports nothing listens on (bound together, so all different)."""
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


@pytest.mark.skipif(
    not (DEPLOY / "target" / ".build-stamp").exists(),
    reason="the test node is not built yet (deploy/elasticsearch/start.sh builds it)",
)
@pytest.mark.parametrize("taken", ["ES_PORT", "ES_TRANSPORT_PORT"])
def test_start_sh_stops_at_once_naming_a_taken_port(taken):
    with socket.socket() as holder, tempfile.TemporaryDirectory() as service_dir:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        ports = dict(zip(["ES_PORT", "ES_TRANSPORT_PORT"], map(str, closed_ports(2)), strict=True))
        ports[taken] = str(holder.getsockname()[1])
        started = time.monotonic()
        result = subprocess.run(
            ["bash", str(DEPLOY / "start.sh")],
            env={**os.environ, **ports, "ES_SERVICE_DIR": service_dir},
            capture_output=True,
            text=True,
            timeout=120,
        )
        seconds = time.monotonic() - started

    print(f"start.sh refused a taken {taken} in {seconds:.1f} s")
    assert result.returncode != 0
    assert f"port {ports[taken]} on 127.0.0.1" in result.stderr
    assert f"choose another with {taken}" in result.stderr
    assert "Starting Elasticsearch" not in result.stdout
