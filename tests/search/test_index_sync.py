"""The index follows the database: publish, edit, close, unpublish and delete; nothing is lost
while Elasticsearch is down; reindex swaps the alias; search_check finds and repairs drift."""

import socket
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from opportunities.services import opportunity_close
from search.index import outbox
from search.index.documents import opportunities_alias
from search.index.indexes import indexes_behind
from search.middleware import IndexCatchUpMiddleware
from search.models import IndexChange

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def indexed_ids(client):
    client.indices.refresh(index=opportunities_alias())
    hits = client.search(index=opportunities_alias(), size=100, query={"match_all": {}})
    return {int(hit["_id"]) for hit in hits["hits"]["hits"]}


def indexed_title(client, page_id):
    client.indices.refresh(index=opportunities_alias())
    return client.get(index=opportunities_alias(), id=page_id)["_source"]["title"]


@pytest.fixture
def organisation(elasticsearch, make_organisation):
    return make_organisation()


def test_publish_edit_close_unpublish_and_delete_reach_the_index(
    elasticsearch, organisation, make_opportunity, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        opportunity = make_opportunity(organisation, "Carers' panel")
    assert indexed_ids(elasticsearch) == {opportunity.pk}

    with django_capture_on_commit_callbacks(execute=True):
        opportunity.title = "Carers' advisory panel"
        opportunity.save_revision().publish()
    assert indexed_title(elasticsearch, opportunity.pk) == "Carers' advisory panel"

    with django_capture_on_commit_callbacks(execute=True):
        opportunity_close(opportunity=opportunity)
    elasticsearch.indices.refresh(index=opportunities_alias())
    document = elasticsearch.get(index=opportunities_alias(), id=opportunity.pk)["_source"]
    assert document["closed"] is True

    with django_capture_on_commit_callbacks(execute=True):
        opportunity.unpublish()
    assert indexed_ids(elasticsearch) == set()

    with django_capture_on_commit_callbacks(execute=True):
        other = make_opportunity(organisation, "Research reviewer")
    assert indexed_ids(elasticsearch) == {other.pk}
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert indexed_ids(elasticsearch) == set()
    assert not IndexChange.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker manages its own connection
def test_publishing_while_elasticsearch_is_down_is_indexed_when_it_is_back(
    elasticsearch, organisation, make_opportunity, settings, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """The real task queue: the database backend and its worker, as in production."""
    monkeypatch.setattr(outbox, "FIRST_RETRY_SECONDS", 1)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    working_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"

    with django_capture_on_commit_callbacks(execute=True):
        opportunity = make_opportunity(organisation, "Peer researcher, hearing voices study")
    assert opportunity.live  # publishing succeeded
    call_command("db_worker", "--batch", "--no-startup-delay")

    change = IndexChange.objects.get(object_id=opportunity.pk)
    assert change.attempts == 1 and "127.0.0.1" in change.last_error
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after >= change.next_attempt_at  # the worker will try again by itself

    settings.ELASTICSEARCH_URL = working_url
    time.sleep(1.2)  # the back-off passes
    call_command("db_worker", "--batch", "--no-startup-delay")

    assert not IndexChange.objects.exists()
    assert indexed_ids(elasticsearch) == {opportunity.pk}


def test_reindex_swaps_the_alias_and_searches_answer_during_the_rebuild(
    elasticsearch, organisation, make_opportunity, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        pages = [make_opportunity(organisation, f"Role {number}") for number in range(30)]
    elasticsearch.indices.refresh(index=opportunities_alias())
    old_index = indexes_behind(opportunities_alias())
    answers, stop = [], threading.Event()

    def search_while_rebuilding():
        while not stop.is_set():
            result = elasticsearch.count(index=opportunities_alias())
            answers.append(result["count"])

    searcher = threading.Thread(target=search_while_rebuilding)
    searcher.start()
    try:
        call_command("search_reindex")
    finally:
        stop.set()
        searcher.join(timeout=10)

    new_index = indexes_behind(opportunities_alias())
    assert new_index != old_index and len(new_index) == 1
    assert not elasticsearch.indices.exists(index=old_index[0])
    assert answers and all(count == len(pages) for count in answers)
    assert indexed_ids(elasticsearch) == {page.pk for page in pages}
    output = capsys.readouterr().out
    assert "30/30" in output and "Indexed 30 opportunities" in output


def test_search_check_reports_and_repairs_drift(
    elasticsearch, organisation, make_opportunity, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        kept, edited, dropped = (make_opportunity(organisation, f"Role {n}") for n in range(3))
    # Drift made behind the sync's back: one removed, one changed, one stray document.
    elasticsearch.delete(index=opportunities_alias(), id=dropped.pk, refresh=True)
    edited.title = "Edited without the index knowing"
    edited.save_revision().publish()
    IndexChange.objects.all().delete()
    elasticsearch.index(index=opportunities_alias(), id=999999, document={"title": "Ghost"})
    elasticsearch.indices.refresh(index=opportunities_alias())

    with pytest.raises(CommandError, match="--repair"):
        call_command("search_check")
    report = capsys.readouterr().out
    assert f"Missing from the index: 1 (ids {dropped.pk})" in report
    assert "In the index but not published: 1 (ids 999999)" in report
    assert f"Out of date in the index: 1 (ids {edited.pk})" in report

    call_command("search_check", "--repair")
    call_command("search_check")

    assert "The index matches the database." in capsys.readouterr().out
    assert indexed_ids(elasticsearch) == {kept.pk, edited.pk, dropped.pk}
    assert indexed_title(elasticsearch, edited.pk) == "Edited without the index knowing"


def test_search_commands_say_clearly_when_elasticsearch_is_not_there(db, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(CommandError, match="Elasticsearch did not answer"):
        call_command("search_check")
    with pytest.raises(CommandError, match="Elasticsearch did not answer"):
        call_command("search_reindex")


def test_a_role_withdrawn_during_a_rebuild_is_not_in_the_new_index(
    organisation, make_opportunity, elasticsearch, django_capture_on_commit_callbacks, monkeypatch
):
    from search.index import writing

    kept = make_opportunity(organisation, "Kept")
    withdrawn = make_opportunity(organisation, "Withdrawn during the rebuild")
    writing.index_opportunities(refresh=True)
    real_opportunity_facts = writing.opportunity_facts
    rebuilding = []

    def read_then_withdraw(queryset):
        facts = real_opportunity_facts(queryset)
        if rebuilding and withdrawn.live:  # after the rebuild read it, before it is written
            with django_capture_on_commit_callbacks(execute=True):
                withdrawn.unpublish()
        return facts

    monkeypatch.setattr(writing, "opportunity_facts", read_then_withdraw)
    rebuilding.append(True)

    writing.rebuild_opportunities_index()

    assert indexed_ids(elasticsearch) == {kept.pk}


@pytest.mark.django_db
def test_without_a_worker_changes_made_while_elasticsearch_was_down_apply_when_it_is_back(
    elasticsearch, organisation, make_opportunity, settings, client, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """`make run`: the immediate task backend, nobody to retry; the next request catches up."""
    monkeypatch.setattr(IndexCatchUpMiddleware, "CHECK_SECONDS", 0)
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "search.middleware.IndexCatchUpMiddleware"]
    working_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    with django_capture_on_commit_callbacks(execute=True):
        opportunity = make_opportunity(organisation, "Peer researcher, night cafe study")
    assert IndexChange.objects.filter(object_id=opportunity.pk).exists()
    assert client.get("/robots.txt").status_code == 200  # a page while it is still down

    settings.ELASTICSEARCH_URL = working_url
    IndexChange.objects.update(next_attempt_at=timezone.now())  # its back-off has passed
    assert client.get("/robots.txt").status_code == 200

    assert not IndexChange.objects.exists()
    assert indexed_ids(elasticsearch) == {opportunity.pk}
