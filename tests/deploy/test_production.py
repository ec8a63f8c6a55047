"""The production image's steps, run without Docker: deploy/app/build.sh and start.sh, as the
Dockerfile runs them, against a fresh PostgreSQL database and the test Elasticsearch node.

One gunicorn with three workers serves on loopback; the test asks it what a load balancer, a
browser and an attacker would, then runs the task worker. Everything started is stopped at the end.
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import requests
from django.conf import settings
from elasticsearch import Elasticsearch

from tests.conftest import fail_or_skip

REPO = Path(__file__).resolve().parents[2]
HOST = "network.example.org"
HTTPS = {"Host": HOST, "X-Forwarded-Proto": "https"}
START_TIMEOUT = 180

pytestmark = [pytest.mark.elasticsearch, pytest.mark.deploy]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_dockerfile_passes_hadolint():
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run(
        [str(hadolint), str(REPO / "Dockerfile")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def database_url():
    """A fresh, empty PostgreSQL database on the test server, dropped afterwards."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        pytest.skip("the production steps need PostgreSQL (DATABASE_URL)")
    name = f"network_smoke_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(base)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def production(database_url, tmp_path_factory):
    """(base URL, environment, run) of a site built and started as the image does."""
    if not settings.ELASTICSEARCH_URL:
        fail_or_skip("the production steps need Elasticsearch (ELASTICSEARCH_URL)")
    root = tmp_path_factory.mktemp("production")
    port = free_port()
    prefix = f"smoke-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "network.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": database_url,
        "ELASTICSEARCH_URL": settings.ELASTICSEARCH_URL,
        "ELASTICSEARCH_INDEX_PREFIX": prefix,
        "STATIC_ROOT": str(root / "static"),
        "MEDIA_ROOT": str(root / "media"),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "3",
        "EMAIL_URL": "consolemail://",
        "STAFF_MFA_REQUIRED": "false",
        "POSTCODE_LOOKUP": "core.geography.BundledLookup",
        "MAP_TILE_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("TEST_DATABASE_NAME", None)

    def run(*args, **kwargs):
        return subprocess.run(
            args, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, **kwargs
        )

    built = run("bash", "deploy/app/build.sh")
    assert built.returncode == 0, built.stderr
    web = subprocess.Popen(
        ["bash", "deploy/app/start.sh", "web"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    started = time.monotonic()
    try:
        while run("bash", "deploy/app/start.sh", "health").returncode != 0:
            if web.poll() is not None:
                pytest.fail(f"the web process stopped:\n{web.stdout.read()[-3000:]}")
            if time.monotonic() - started > START_TIMEOUT:
                pytest.fail("the site did not become ready in time")
            time.sleep(1)
        print(f"\nproduction site ready after {time.monotonic() - started:.1f} s")
        yield f"http://127.0.0.1:{port}", env, run
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        try:
            web.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(web.pid, signal.SIGKILL)
        Elasticsearch(env["ELASTICSEARCH_URL"]).indices.delete(
            index=f"{prefix}-*", ignore_unavailable=True
        )


def test_health_answers_a_load_balancer_whatever_the_host_or_scheme(production):
    base, _, _ = production
    for headers in [{}, {"Host": "10.0.0.7"}, HTTPS]:
        live = requests.get(f"{base}/healthz", headers=headers, allow_redirects=False, timeout=10)
        assert live.status_code == 200, (headers, live.status_code)
    ready = requests.get(f"{base}/readyz", allow_redirects=False, timeout=10)
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok", "elasticsearch": "ok"}
    # Everything else keeps the production rules: unknown hosts refused, plain HTTP redirected.
    assert requests.get(f"{base}/", timeout=10, allow_redirects=False).status_code == 400
    plain = requests.get(f"{base}/", headers={"Host": HOST}, allow_redirects=False, timeout=10)
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")


def test_pages_static_files_and_links_are_served_as_in_production(production):
    base, _, _ = production
    home = requests.get(f"{base}/", headers=HTTPS, timeout=10)
    assert home.status_code == 200
    assert f'<link rel="canonical" href="https://{HOST}/">' in home.text
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', home.text).group(1)
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet  # the manifest's name
    assert requests.get(f"{base}{stylesheet}", headers=HTTPS, timeout=10).status_code == 200
    for section in ["/opportunities/", "/groups/", "/peer-support/", "/resources/"]:
        assert requests.get(f"{base}{section}", headers=HTTPS, timeout=10).status_code == 200
    sitemap = requests.get(f"{base}/sitemap.xml", headers=HTTPS, timeout=10).text
    assert f"https://{HOST}/opportunities/" in sitemap


def test_login_limits_hold_across_gunicorn_workers(production):
    base, _, run = production
    email = f"person-{uuid.uuid4().hex[:6]}@example.org"
    made = run(
        "python", "manage.py", "shell", "-c",
        "from members.models import User; "
        f"User.objects.create_user({email!r}, password='the right one 123')",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    statuses = []
    for _ in range(12):
        # A new connection each time, so the attempts are spread over the workers.
        page = requests.get(f"{base}/accounts/login/", headers=HTTPS, timeout=10)
        token = page.cookies["csrftoken"]
        answer = requests.post(
            f"{base}/accounts/login/",
            headers={**HTTPS, "Cookie": f"csrftoken={token}", "Referer": f"https://{HOST}/"},
            data={"login": email, "password": "wrong", "csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=10,
        )
        statuses.append(answer.status_code)
    assert 429 in statuses[:6], statuses
    assert all(status == 429 for status in statuses[statuses.index(429) :]), statuses


def test_the_worker_applies_an_index_change(production):
    base, env, run = production
    assert run("python", "manage.py", "search_reindex").returncode == 0
    imported = run(
        "python", "manage.py", "import_opportunities", "docs/examples/opportunities.jsonl"
    )
    assert imported.returncode == 0, imported.stderr
    client = Elasticsearch(env["ELASTICSEARCH_URL"])
    alias = f"{env['ELASTICSEARCH_INDEX_PREFIX']}-opportunities"
    assert client.count(index=alias)["count"] == 0  # queued, not yet applied
    worker = subprocess.Popen(
        ["bash", "deploy/app/start.sh", "worker"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while client.count(index=alias)["count"] == 0 and time.monotonic() < deadline:
            time.sleep(1)
            client.indices.refresh(index=alias)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    assert client.count(index=alias)["count"] >= 1
    found = requests.get(f"{base}/opportunities/?q=crisis+house", headers=HTTPS, timeout=10).text
    assert "Help choose the next crisis house provider" in found
    assert json.loads(requests.get(f"{base}/readyz", timeout=10).text)["elasticsearch"] == "ok"


@pytest.mark.parametrize("name", ["docker-compose.yml", "docker-compose.cluster.yml"])
def test_the_compose_files_describe_services_that_can_start(name):
    """What `docker compose` reads: valid YAML, the image's own start commands, healthchecks that
    ask /readyz (answered before host and HTTPS checks), every depends_on a service that exists."""
    import yaml

    services = yaml.safe_load((REPO / name).read_text())["services"]
    base = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]
    known = set(base) | set(services)
    for service, spec in services.items():
        for needed in spec.get("depends_on", {}):
            assert needed in known, (service, needed)
        if spec.get("build") or service in ("web", "worker"):
            command = spec.get("command", base.get(service, {}).get("command"))
            assert command in (["web"], ["worker"]), (service, command)
    web = base["web"]
    assert web["healthcheck"]["test"] == ["CMD", "python", "deploy/app/healthcheck.py"]
    assert base["worker"]["depends_on"]["web"]["condition"] == "service_healthy"
