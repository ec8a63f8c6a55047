import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
import requests
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from core.geography import Region
from core.models import Community, Topic
from groups.models import GroupPage, PeerSupportPage
from home.models import HomePage, ResourcePage, ResourceType, StandardPage
from members.models import User
from monitoring.models import MonitoringRecord
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    OpportunityPage,
    OrganisationPage,
    OutcomeReport,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_seed_demo_builds_the_site_once_and_is_repeatable(settings, capsys, client):
    settings.DEMO_DATA_ALLOWED = True
    settings.POSTCODE_LOOKUP = "core.geography.BundledLookup"  # as `make run` places postcodes

    call_command("seed_demo", seed=4)
    first_counts = (
        Topic.objects.count(),
        Community.objects.count(),
        StandardPage.objects.count(),
        OpportunityPage.objects.count(),
    )
    call_command("seed_demo", seed=4)
    output = capsys.readouterr().out

    # The demo tells the truth: every expression of interest has its history, starting when it
    # was sent and ending at its status, and the printed summary counts what the database holds.
    for expression in ExpressionOfInterest.objects.prefetch_related("status_changes"):
        changes = list(expression.status_changes.all())
        assert changes, f"{expression} has no history"
        assert changes[0].status == InterestStatus.SUBMITTED
        assert changes[-1].status == expression.status
        assert changes[0].changed_at == expression.created_at
        assert [c.changed_at for c in changes] == sorted(c.changed_at for c in changes)
        assert changes[-1].changed_at <= timezone.now()
    assert f"{ExpressionOfInterest.objects.count()} expressions of interest" in output
    assert f"{GroupPage.objects.live().count()} published groups" in output
    assert f"{GroupPage.objects.filter(live=False).count()} group waiting" in output
    # Moderation emails sent while building are not printed among the logins.
    assert "Subject:" not in output and "has been submitted" not in output

    assert first_counts[0] >= 10 and first_counts[1] >= 10 and first_counts[2] >= 3
    assert (
        Topic.objects.count(),
        Community.objects.count(),
        StandardPage.objects.count(),
        OpportunityPage.objects.count(),
    ) == first_counts
    assert HomePage.objects.get().live
    assert OrganisationPage.objects.filter(live=True, verified=True).count() == 15
    assert OpportunityPage.objects.live().count() == first_counts[3] >= 100
    formats = set(OpportunityPage.objects.values_list("format", flat=True))
    assert formats == {"in_person", "online", "hybrid"}
    assert {True, False} == set(OpportunityPage.objects.values_list("paid", flat=True))
    opportunities = list(OpportunityPage.objects.all())
    assert any(o.is_closed for o in opportunities) and any(o.is_open for o in opportunities)
    assert OutcomeReport.objects.exists()
    guides = {"getting-involved", "payment-and-benefits", "starting-a-user-led-group",
              "4pi-standards-for-organisations"}  # fmt: skip
    assert guides <= set(StandardPage.objects.live().values_list("slug", flat=True))
    resources = ResourcePage.objects.live()
    assert resources.count() >= 30
    assert set(resources.values_list("resource_type", flat=True)) == set(ResourceType.values)
    assert resources.filter(topics__isnull=False).distinct().count() >= 20
    assert HomePage.objects.get().featured_resources.count() >= 3
    statuses = set(ExpressionOfInterest.objects.values_list("status", flat=True))
    assert statuses == set(InterestStatus.values)
    organiser = User.objects.get(email="organisation@example.org")
    assert organiser.organisation_memberships.exists()
    staff = User.objects.get(email="staff@example.org")
    assert staff.is_superuser
    groups = GroupPage.objects.live()
    assert 40 <= groups.count() <= 50
    assert set(groups.values_list("region", flat=True)) == set(Region.values)
    sessions = PeerSupportPage.objects.live()
    assert 28 <= sessions.count() <= 35
    assert sessions.filter(group__isnull=False).count() >= 20
    waiting = GroupPage.objects.get(live=False)
    assert waiting.current_workflow_state is not None
    member = User.objects.get(email="member@example.org")
    assert member.groups_administered.count() == 2
    from monitoring.disclosure import Scope, breakdown, latest_released

    assert MonitoringRecord.objects.count() >= 100
    # The newest quarter whose figures are out shows some counts and hides others.
    released = Scope(period=latest_released(timezone.localdate()))
    rows = breakdown(released, "ethnic_group").rows
    assert {row.applicants for row in rows} & {"*"} and any(r.applicants.isdigit() for r in rows)
    printed_password = output.split("staff@example.org / ")[1].split()[0]
    assert staff.check_password(printed_password)

    # The involvement record: the demo member's roles, with fees paid on time, late and overdue,
    # claims in every state, a receipt and an ended role; the demo organisation's payments page
    # has something overdue and says how quickly it pays, as some public page does.
    from involvement.models import ClaimStatus, Involvement, InvolvementEvent

    client.force_login(member)
    mine = client.get("/account/involvement/").content.decode()
    roles = Involvement.objects.filter(member=member).order_by("pk")
    assert 2 <= roles.count() <= 3
    assert all(escape(role.opportunity.title) in mine for role in roles)
    assert "Ended since" in mine and "Taking part since" in mine
    first = roles.first()
    detail = client.get(f"/account/involvement/{first.pk}/").content.decode()
    for status in ClaimStatus:
        assert f"Status: <strong>{status.label}</strong>" in detail
    assert "Their question:" in detail and "Their reason:" in detail
    assert "Due by" in detail and "Late</strong>" in detail and "bus-ticket.pdf" in detail
    paid_on = {s.payment.paid_on - s.due_by for s in first.sessions.all() if s.payment}
    assert {d.days > 0 for d in paid_on} == {True, False}  # fees paid late and on time
    assert InvolvementEvent.objects.filter(involvement=first, action="query").exists()
    client.force_login(organiser)
    northfield = first.organisation
    payments = client.get(f"/portal/involvement/organisations/{northfield.pk}/payments/")
    assert payments.status_code == 200
    assert "Overdue (0)" not in payments.content.decode()
    assert "you usually paid within" in payments.content.decode()
    client.logout()
    pages = [client.get(o.url).content.decode() for o in OrganisationPage.objects.live()]
    assert any("Usually pays within" in page for page in pages)


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_on_a_production_site(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(Exception, match="known passwords"):
        call_command("seed_demo")


@pytest.mark.django_db
def test_demo_guides_show_every_step_question_and_answer(client, home_page):
    """The guides' bodies come from a data file: each step, question and answer reads as written."""
    from core.demo import build_taxonomies
    from home.demo import build_guides_and_resources

    context = type("Context", (), {"home": home_page, "report": []})()
    build_taxonomies(context)
    build_guides_and_resources(context)

    page = client.get("/getting-involved/").content.decode()
    assert (
        '<summary class="question__summary">Do I have to tell them my diagnosis?</summary>' in page
    )
    assert "You decide what you share." in page
    assert "Find a role</h3>" in page and "Hear what changed</h3>" in page
    assert "You should be told what happens to your ideas." in page
    assert ">None<" not in page


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def signup_form(port):
    """(session, csrf token) for the sign-up form, fetched before anything is locked."""
    session = requests.Session()
    page = session.get(f"http://127.0.0.1:{port}/accounts/signup/", timeout=60)
    return session, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def sign_up(port, form, number):
    """Sign one new person up through the real form; returns the status of the POST."""
    session, token = form
    url = f"http://127.0.0.1:{port}/accounts/signup/"
    password = f"a long pass phrase {number}"
    answer = session.post(
        url,
        data={
            "csrfmiddlewaretoken": token,
            "email": f"person{number}-{time.time_ns()}@example.org",
            "password1": password,
            "password2": password,
        },
        headers={"Referer": url},
        allow_redirects=False,
        timeout=90,
    )
    return answer.status_code


def sign_ups_while_locked(port, database, *, people, hold_seconds=8):
    """Statuses of `people` sign-ups sent together while another process holds the write lock
    for `hold_seconds`, longer than SQLite's usual 5 s wait."""
    import sqlite3
    import threading
    from concurrent.futures import ThreadPoolExecutor

    forms = [signup_form(port) for _ in range(people)]
    connection = sqlite3.connect(
        database, timeout=30, isolation_level=None, check_same_thread=False
    )
    connection.execute("BEGIN IMMEDIATE")

    def release_later():
        time.sleep(hold_seconds)
        connection.execute("COMMIT")

    holder = threading.Thread(target=release_later)
    holder.start()
    try:
        with ThreadPoolExecutor(max_workers=people) as pool:
            statuses = list(pool.map(lambda n: sign_up(port, forms[n], n), range(people)))
    finally:
        holder.join()
        connection.close()
    return statuses


def test_quick_start_on_sqlite_without_elasticsearch(tmp_path):
    """What `make run` does: migrate SQLite, seed, serve. No PostgreSQL, no Elasticsearch."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "network.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'quickstart.sqlite3'}",
        "ELASTICSEARCH_URL": "",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    manage = [sys.executable, str(REPO / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=REPO)
    seeded = subprocess.run(
        [*manage, "seed_demo", "--if-empty"],
        env=env,
        check=True,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert "Staff login" in seeded.stdout

    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    body = response.read().decode()
                    status = response.status
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        # The site's own 404 page with the crisis contacts, not Django's debug page.
        with pytest.raises(HTTPError) as missing:
            urlopen(f"http://127.0.0.1:{port}/no-such-page/", timeout=5)
        error_page = missing.value.read().decode()
        assert missing.value.code == 404
        assert "116 123" in error_page and "Django" not in error_page
        assert "stylesheet" in body
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', body).group(1)
        with urlopen(f"http://127.0.0.1:{port}{stylesheet}", timeout=5) as css:
            assert css.status == 200
        # Another process holds the write lock longer than SQLite's usual 5 s wait while a dozen
        # people sign up at once: each waits for it rather than failing "database is locked".
        statuses = sign_ups_while_locked(port, tmp_path / "quickstart.sqlite3", people=12)
        assert statuses == [302] * 12, statuses
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert status == 200
    assert "Find involvement that fits you" in body
    assert 'id="main-content"' in body


def test_make_run_links_emails_to_the_port_it_serves():
    """Emails printed while the demo runs link to the address `make run` serves, PORT included."""
    planned = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    serving = [line for line in planned.splitlines() if "runserver" in line]
    site_url = re.compile(r'SITE_URL="?(\$\{SITE_URL:-)?http://127\.0\.0\.1:8123\b')
    assert serving and all(site_url.search(line) for line in serving)
