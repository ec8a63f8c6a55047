"""Whole-page load benchmark: the key pages against a static file, by hand.

    make bench-pages                                   # 300 requests a page, 4 at a time
    make bench-pages BENCH_ARGS="--requests 100"       # a quicker look
    make bench-pages BENCH_ARGS="--profile"            # where one request's time goes, no load
    make bench-pages BENCH_ARGS="--queries"            # each page's SQL, no load

It needs ApacheBench (`ab`, Debian's apache2-utils; `make bench-pages` installs it when missing),
PostgreSQL (DATABASE_URL, the server only: the benchmark uses its own database,
network_bench_pages, kept between runs) and Elasticsearch (ELASTICSEARCH_URL, index prefix
bench-pages). It builds the site as the production image does (deploy/app/build.sh,
network.settings.production, DEBUG off), fills the database once with the demo data
(`seed_demo`) and the index (`search_reindex`), then starts gunicorn with two workers on a free
loopback port and sends each page the same bounded load with `ab`: the static file first and
last (the ratio uses the better of the two, so a busy machine does not flatter the pages), then
home, the opportunity search with filters, a directory search near a postcode, the demo
member's matches page (signed in) and the Open Referral service list.

A visitor without a session may get a signed-out page from the minute-long copy each process
keeps (core.caching.PageResponseCacheMiddleware, decision 0013), so each signed-out page has a
second row, "made afresh": the same requests carrying a session cookie that names no session,
which the copy is never given to, so every request renders the page. Both rows come from the
same run.

The signed-in matches page is kept for a minute per member in each process (decision 0013), so
ab's row, one member asking again and again, is a repeat visit. Its "made afresh" row is the same
number of requests from as many members, each a copy of the demo member's profile (made once, kept
between runs) with a session of their own, so every request is that member's first and computes
their answer. ab sends one cookie to every request, so that row is loaded by a small Python client
(threads on loopback, the same concurrency, a new connection a request as ab makes), which also
loads the static file in the same run: that row's ratio is against the Python client's static
file, not ab's.

The queries column counts one request's database queries through Django's test client in this
process, after a warm-up request, with the same settings, database, index and cookie (for the
made-afresh matches, with the kept answers cleared first).

Goal (issue 19): every page at most 12 queries and a p50 within 15 times the static file's.
"""

import argparse
import concurrent.futures
import cProfile
import csv
import http.client
import os
import pstats
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATABASE_NAME = "network_bench_pages"
INDEX_PREFIX = "bench-pages"
HOST = "127.0.0.1"
GOAL_QUERIES = 12
GOAL_RATIO = 15

PAGES = [
    # (label, path, signed in)
    ("home", "/", False),
    ("opportunities, filtered", "/opportunities/?format=online&money=paid&sort=closing", False),
    ("groups near LS1", "/groups/?postcode=LS1", False),
    ("matches (signed in)", "/account/matches/", True),
    ("Open Referral services", "/api/openreferral/services", False),
]
# Too short to be a session key, so Django reads no session for it (no query), but enough to
# keep the visitor from the shared copy of a page.
NO_SESSION = "0"
AFRESH = ", made afresh"
MATCHES = "/account/matches/"
MATCHES_AFRESH = f"  matches{AFRESH}"
FRESH_MEMBER = "bench-member-{}@example.org"


def rows_to_load():
    """(label, path, signed in, cookie value or None): each page as its visitors get it, and
    each signed-out page again with the shared copy bypassed."""
    rows = []
    for label, path, member_only in PAGES:
        rows.append((label, path, member_only, None))
        if not member_only:
            rows.append((f"  {label}{AFRESH}", path, False, NO_SESSION))
    return rows


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def environment(port):
    """The production settings' environment for gunicorn, the set-up commands and this process."""
    base = os.environ.get("DATABASE_URL", "postgres://network:network@127.0.0.1:5432/network")
    if not base.startswith("postgres"):
        sys.exit("The page benchmark runs on PostgreSQL: set DATABASE_URL to a server.")
    if not os.environ.get("ELASTICSEARCH_URL"):
        sys.exit("The page benchmark runs with Elasticsearch: set ELASTICSEARCH_URL.")
    state = ROOT / ".services" / "bench-pages"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "network.settings.production",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},testserver",
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": urlunsplit(urlsplit(base)._replace(path=f"/{DATABASE_NAME}")),
        "ELASTICSEARCH_INDEX_PREFIX": INDEX_PREFIX,
        "STATIC_ROOT": str(state / "static"),
        "MEDIA_ROOT": str(state / "media"),
        "BIND": f"{HOST}:{port}",
        "WEB_CONCURRENCY": "2",
        "EMAIL_URL": "consolemail://",
        "STAFF_MFA_REQUIRED": "false",
        "POSTCODE_LOOKUP": "core.geography.BundledLookup",
        "MAP_TILE_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("TEST_DATABASE_NAME", None)
    return env


def run(env, *args):
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return done.stdout


def prepare(env):
    """Create and fill the benchmark's database and index once; collect static files."""
    import psycopg

    admin = urlunsplit(urlsplit(env["DATABASE_URL"])._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    print("==> Collecting static files, migrating, seeding the demo data (first run: a minute)")
    run(env, "bash", "deploy/app/build.sh")
    manage = [sys.executable, "manage.py"]
    run(env, *manage, "migrate", "--no-input", "-v", "0")
    run(env, *manage, "createcachetable")
    run(env, *manage, "setup_site")
    run(env, *manage, "seed_demo", "--if-empty", "--allow-production")
    run(env, *manage, "search_reindex")


def start_gunicorn(env):
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "network.wsgi:application",
         "--config", "deploy/app/gunicorn.conf.py"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    started = time.monotonic()
    url = f"http://{env['BIND']}/readyz"
    import requests

    while True:
        try:
            if requests.get(url, timeout=10).status_code == 200:
                return server
        except requests.RequestException:
            pass
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped:\n{server.stderr.read()[-3000:]}")
        if time.monotonic() - started > 120:
            stop(server)
            sys.exit("gunicorn did not become ready in two minutes")
        time.sleep(0.5)


def stop(server):
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def fresh_member_sessions(count):
    """Session keys of `count` members whose profile is the demo member's, made when missing,
    so each can ask for their matches once with nothing kept for them."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from core.demo import MEMBER_EMAIL
    from members.models import MemberProfile

    users = get_user_model()
    demo = MemberProfile.objects.get(user__email=MEMBER_EMAIL)
    copied = {
        field.name: getattr(demo, field.name)
        for field in MemberProfile._meta.concrete_fields
        if field.name not in {"id", "user"}
    }
    sessions = []
    for number in range(count):
        user, made = users.objects.get_or_create(email=FRESH_MEMBER.format(number))
        if made:
            profile = MemberProfile.objects.create(user=user, **copied)
            profile.topics.set(demo.topics.all())
            profile.communities.set(demo.communities.all())
        client = Client()
        client.force_login(user)
        sessions.append(client.cookies["sessionid"].value)
    return sessions


def load_each(port, requests, *, concurrency):
    """(p50 ms, p95 ms, requests a second, failures) of GETs of [(path, cookie)], `concurrency`
    at a time, a new connection each, from threads in this process."""

    def get(path_and_cookie):
        path, cookie = path_and_cookie
        headers = {"X-Forwarded-Proto": "https", "Host": HOST}
        if cookie:
            headers["Cookie"] = cookie
        started = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        finally:
            connection.close()
        return (time.perf_counter() - started) * 1000, status

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
        done = list(pool.map(get, requests))
    elapsed = time.perf_counter() - started
    times = [milliseconds for milliseconds, _ in done]
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    failed = sum(status != 200 for _, status in done)
    return cuts[49], cuts[94], len(done) / elapsed, failed


def load(ab, port, path, *, requests, concurrency, cookie):
    """(p50 ms, p95 ms, requests a second, failures) of `requests` GETs, `concurrency` at a time."""
    with tempfile.TemporaryDirectory() as folder:
        percentiles = Path(folder) / "percentiles.csv"
        args = [ab, "-q", "-n", str(requests), "-c", str(concurrency), "-s", "30",
                "-H", "X-Forwarded-Proto: https", "-e", str(percentiles)]  # fmt: skip
        if cookie:
            args += ["-C", cookie]
        done = subprocess.run(
            [*args, f"http://{HOST}:{port}{path}"], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            sys.exit(f"ab failed on {path}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        with percentiles.open() as rows:
            times = {int(row[0]): float(row[1]) for row in csv.reader(rows) if row[0].isdigit()}
    rate = float(re.search(r"Requests per second:\s+([\d.]+)", done.stdout).group(1))
    failed = int(re.search(r"Failed requests:\s+(\d+)", done.stdout).group(1))
    non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", done.stdout)
    return times[50], times[95], rate, failed + (int(non_2xx.group(1)) if non_2xx else 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="Requests a page (300).")
    parser.add_argument("--concurrency", type=int, default=4, help="At a time (4).")
    parser.add_argument(
        "--profile", action="store_true", help="Print where one request of each page goes."
    )
    parser.add_argument("--queries", action="store_true", help="Print each page's queries.")
    args = parser.parse_args()
    if not 1 <= args.concurrency <= args.requests <= 5000:
        sys.exit("Choose 1 <= --concurrency <= --requests <= 5000.")
    ab = shutil.which("ab")
    if not ab:
        sys.exit("ab is missing: `apt-get install apache2-utils` (make bench-pages does it).")

    port = free_port()
    env = environment(port)
    prepare(env)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.demo import MEMBER_EMAIL

    member = get_user_model().objects.get(email=MEMBER_EMAIL)
    signed_in = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST=HOST)
    signed_in.force_login(member)
    anonymous = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST=HOST)
    cookie = f"sessionid={signed_in.cookies['sessionid'].value}"

    if not (args.profile or args.queries):
        fresh_sessions = fresh_member_sessions(args.requests)

    home = anonymous.get("/", secure=True)
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', home.text).group(1)

    queries = {}
    for label, path, member_only, session in rows_to_load():
        client = signed_in if member_only else anonymous
        if session is not None:
            # Sent with every request, as ab does: Django answers the first by deleting it.
            client = Client(
                HTTP_X_FORWARDED_PROTO="https", HTTP_HOST=HOST, HTTP_COOKIE=f"sessionid={session}"
            )
        first = client.get(path, secure=True)
        if first.status_code != 200:
            sys.exit(f"{path} answered {first.status_code}")
        with CaptureQueriesContext(connection) as captured:
            client.get(path, secure=True)
        queries[label] = len(captured)
        if path == MATCHES:  # the same member's first visit: nothing kept for them
            caches["member_pages"].clear()
            with CaptureQueriesContext(connection) as afresh:
                client.get(path, secure=True)
            queries[MATCHES_AFRESH] = len(afresh)
        if args.queries:
            print(f"\n==> {label}: {path}, {len(captured)} queries")
            for number, query in enumerate(captured.captured_queries, 1):
                print(f"{number:>3}. {query['sql'][:300]}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(client.get, path, secure=True)
            print(f"\n==> {label}: {path}")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    connection.close()
    if args.profile or args.queries:
        return

    server = start_gunicorn(env)
    rows = []
    try:
        print(f"==> gunicorn, 2 workers, {HOST}:{port}; {args.requests} requests a page, "
              f"{args.concurrency} at a time")  # fmt: skip
        options = {"requests": args.requests, "concurrency": args.concurrency}
        load(ab, port, stylesheet, **options, cookie="")  # warm-up: both workers loaded
        static = [load(ab, port, stylesheet, **options, cookie="")]
        for label, path, member_only, session in rows_to_load():
            sent = cookie if member_only else ("" if session is None else f"sessionid={session}")
            load(ab, port, path, requests=min(20, args.requests), concurrency=2, cookie=sent)
            rows.append((label, load(ab, port, path, **options, cookie=sent)))
        static.append(load(ab, port, stylesheet, **options, cookie=""))
        # Each request a different member's first visit, with the static file by the same client.
        by_python = {"concurrency": args.concurrency}
        python_static = [load_each(port, [(stylesheet, "")] * args.requests, **by_python)]
        afresh = [(MATCHES, f"sessionid={session}") for session in fresh_sessions]
        matches_afresh = load_each(port, afresh, **by_python)
        python_static.append(load_each(port, [(stylesheet, "")] * args.requests, **by_python))
    finally:
        stop(server)

    best_static = min(static, key=lambda figures: figures[0])
    print()
    print(f"{'page':<38} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} "
          f"{'queries':>7} {'x static':>8}  failed")  # fmt: skip
    print(f"{'static file':<38} {args.requests:>8} {best_static[0]:>8.1f} {best_static[1]:>8.1f} "
          f"{best_static[2]:>8.0f} {0:>7} {1:>8.1f}  {best_static[3]}")  # fmt: skip
    missed = []
    for label, (p50, p95, rate, failed) in rows:
        ratio = p50 / best_static[0]
        print(f"{label:<38} {args.requests:>8} {p50:>8.1f} {p95:>8.1f} {rate:>8.0f} "
              f"{queries[label]:>7} {ratio:>8.1f}  {failed}")  # fmt: skip
        if ratio > GOAL_RATIO or queries[label] > GOAL_QUERIES or failed:
            missed.append(label.strip())
    best_python = min(python_static, key=lambda figures: figures[0])
    p50, p95, rate, failed = best_python
    print(f"{'static file, Python client':<38} {args.requests:>8} {p50:>8.1f} {p95:>8.1f} "
          f"{rate:>8.0f} {0:>7} {1:>8.1f}  {failed}")  # fmt: skip
    p50, p95, rate, failed = matches_afresh
    ratio = p50 / best_python[0]
    print(f"{MATCHES_AFRESH:<38} {args.requests:>8} {p50:>8.1f} {p95:>8.1f} {rate:>8.0f} "
          f"{queries[MATCHES_AFRESH]:>7} {ratio:>8.1f}  {failed}")  # fmt: skip
    if ratio > GOAL_RATIO or queries[MATCHES_AFRESH] > GOAL_QUERIES or failed:
        missed.append(MATCHES_AFRESH.strip())
    print(
        f"\nStatic file runs (p50 ms): {', '.join(f'{s[0]:.2f}' for s in static)}; by the "
        f"Python client: {', '.join(f'{s[0]:.2f}' for s in python_static)}."
    )
    print(
        f"Goal: at most {GOAL_QUERIES} queries and {GOAL_RATIO}x the static file's p50; "
        + (f"missed by: {', '.join(missed)}." if missed else "every page meets it.")
    )


if __name__ == "__main__":
    main()
