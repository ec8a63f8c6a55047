"""import_opportunities: a valid file, bad lines reported by number, re-import idempotent."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from core.models import Topic
from opportunities.models import OpportunityPage, OrganisationPage

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "opportunities.jsonl"

pytestmark = pytest.mark.django_db


def line(**overrides):
    record = {
        "external_id": "x-1",
        "organisation": "Lakeside Council",
        "title": "Help us rewrite our carers' strategy",
        "summary": "Read the draft and tell us what is missing.",
        "role_type": "consultant",
        "level": "strategic",
        "who_for": "carers",
        "format": "online",
        "rolling": True,
    }
    record.update(overrides)
    return json.dumps({key: value for key, value in record.items() if value is not None})


def run_import(tmp_path, lines, *args):
    path = tmp_path / "opportunities.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("import_opportunities", str(path), *args)


def test_the_example_file_imports_and_the_opportunities_are_public(
    organisation_index, postcodes_io, capsys
):
    call_command("import_opportunities", str(EXAMPLE))

    assert "Imported 3: 3 new, 0 updated, 0 unchanged." in capsys.readouterr().out
    crisis = OpportunityPage.objects.get(external_id="ntrust-2026-014")
    assert crisis.live
    assert crisis.fee_text == "£25 an hour"
    assert crisis.meeting_times == ["weekday_daytime"]
    assert set(crisis.topics.values_list("name", flat=True)) == {"Crisis care", "Housing"}
    research = OpportunityPage.objects.get(external_id="unilab-peer-07")
    assert research.latitude == pytest.approx(53.79, abs=0.05)  # placed from LS1 4AP
    assert research.support_training and research.support_supervision
    trust = OrganisationPage.objects.get(title="Northfield NHS Foundation Trust")
    assert trust.get_children().count() == 2
    assert not trust.verified  # only staff verify

    response = Client().get(crisis.url)
    assert response.status_code == 200
    assert "Help choose the next crisis house provider" in response.text


def test_importing_the_same_file_again_changes_nothing(organisation_index, postcodes_io, capsys):
    call_command("import_opportunities", str(EXAMPLE))
    revisions = {page.pk: page.revisions.count() for page in OpportunityPage.objects.all()}
    capsys.readouterr()

    call_command("import_opportunities", str(EXAMPLE))

    assert "0 new, 0 updated, 3 unchanged" in capsys.readouterr().out
    assert OpportunityPage.objects.count() == 3
    assert OrganisationPage.objects.count() == 2
    assert {page.pk: page.revisions.count() for page in OpportunityPage.objects.all()} == revisions


def test_a_changed_line_updates_the_published_opportunity(organisation_index, tmp_path):
    run_import(tmp_path, [line(title="First title", topics=["Housing"])])
    run_import(tmp_path, [line(title="Better title", places=4, topics=["Carers' rights"])])

    page = OpportunityPage.objects.get(external_id="x-1")
    assert page.title == "Better title"
    assert page.places == 4
    assert list(page.topics.values_list("name", flat=True)) == ["Carers' rights"]
    assert OpportunityPage.objects.count() == 1
    assert Client().get(page.url).status_code == 200


def test_bad_lines_are_reported_by_number_and_nothing_of_them_is_written(
    organisation_index, tmp_path, capsys
):
    lines = [
        line(external_id="good-1"),
        line(external_id="bad-level", level="strategy"),
        "{not json",
        line(external_id="no-deadline", rolling=None),
        line(external_id="bad-dates", start_date="2027-05-01", end_date="2027-04-01"),
        line(external_id="fee-unpaid", fee_amount=20, topics=["Brand new topic"]),
        line(external_id="good-1"),
        "",
        line(external_id="good-2", organisation="Another Trust"),
        "[1, 2]",
    ]

    with pytest.raises(CommandError, match="7 line"):
        run_import(tmp_path, lines)

    errors = capsys.readouterr().err
    assert "line 2: level: 'strategy' is not one of" in errors
    assert "line 3: not valid JSON" in errors
    assert 'line 4: give a deadline (YYYY-MM-DD) or "rolling": true' in errors
    assert "line 5: end_date is before start_date" in errors
    assert "line 6: fee_amount is given" in errors
    assert "line 7: external_id good-1 is also on line 1" in errors
    assert "line 10: each line must be one JSON object" in errors
    assert set(OpportunityPage.objects.values_list("external_id", flat=True)) == {
        "good-1",
        "good-2",
    }
    assert not Topic.objects.filter(name="Brand new topic").exists()


def test_a_dry_run_checks_and_writes_nothing(organisation_index, tmp_path, capsys):
    with pytest.raises(CommandError):
        run_import(tmp_path, [line(), line(external_id="y", who_for="everyone")], "--dry-run")

    assert "line 2: who_for" in capsys.readouterr().err
    assert not OpportunityPage.objects.exists()
    assert not OrganisationPage.objects.exists()


def test_an_unknown_postcode_rejects_only_that_line(organisation_index, postcodes_io, tmp_path):
    with pytest.raises(CommandError, match="1 line"):
        run_import(tmp_path, [line(), line(external_id="nowhere", postcode="ZZ9 9ZZ")])

    assert list(OpportunityPage.objects.values_list("external_id", flat=True)) == ["x-1"]


def test_an_import_cannot_move_an_opportunity_to_another_organisation(
    organisation_index, tmp_path, capsys
):
    run_import(tmp_path, [line()])
    with pytest.raises(CommandError):
        run_import(tmp_path, [line(organisation="Someone Else")])

    assert "cannot move it to another organisation" in capsys.readouterr().err
    assert OpportunityPage.objects.get(external_id="x-1").get_parent().title == "Lakeside Council"


def test_a_missing_file_is_a_clear_error(db):
    with pytest.raises(CommandError, match=r"Cannot read /nonexistent\.jsonl"):
        call_command("import_opportunities", "/nonexistent.jsonl")


def write_bytes(tmp_path, data):
    path = tmp_path / "opportunities.jsonl"
    path.write_bytes(data)
    return path


@pytest.mark.both_databases
def test_a_raw_line_separator_in_a_summary_is_part_of_its_line(
    organisation_index, tmp_path, capsys
):
    summary = "Read the draft.\u2028Tell us what is missing.\u2029Thank you."
    lines = [
        json.dumps(json.loads(line(summary=summary)), ensure_ascii=False),
        line(external_id="x-2", level="strategy"),
    ]

    with pytest.raises(CommandError, match="1 line"):
        call_command("import_opportunities", str(write_bytes(tmp_path, "\n".join(lines).encode())))

    assert "line 2: level: 'strategy'" in capsys.readouterr().err
    page = OpportunityPage.objects.get(external_id="x-1")
    assert page.summary == "Read the draft.\nTell us what is missing.\nThank you."


@pytest.mark.both_databases
@pytest.mark.parametrize("dry_run", [True, False])
def test_nan_coordinates_are_refused_by_number_and_the_next_line_is_still_imported(
    organisation_index, tmp_path, capsys, dry_run
):
    lines = [
        line(external_id="nan", format="in_person").replace(
            '"rolling": true', '"rolling": true, "latitude": NaN, "longitude": NaN'
        ),
        line(external_id="good"),
    ]
    path = write_bytes(tmp_path, "\n".join(lines).encode())

    with pytest.raises(CommandError, match="1 line"):
        call_command("import_opportunities", str(path), *(["--dry-run"] if dry_run else []))

    output = capsys.readouterr()
    assert "line 1: NaN is not allowed" in output.err
    assert "Traceback" not in output.err
    imported = set(OpportunityPage.objects.values_list("external_id", flat=True))
    assert imported == (set() if dry_run else {"good"})
    if dry_run:
        assert "A real run would import 1: 1 new" in output.out


@pytest.mark.both_databases
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"latitude": 91, "longitude": 0}, "latitude"),
        ({"latitude": 52.5, "longitude": -200}, "longitude"),
        ({"deadline": "0001-01-01", "rolling": None}, "closing date must be between"),
        ({"start_date": "9999-12-31"}, "start date must be between"),
        ({"contact_email": "not an address"}, "contact_email"),
    ],
)
def test_a_dry_run_finds_exactly_what_the_real_run_refuses(
    organisation_index, tmp_path, capsys, overrides, message
):
    lines = [line(external_id="bad", **overrides), line(external_id="good")]

    with pytest.raises(CommandError, match="1 line"):
        run_import(tmp_path, lines, "--dry-run")
    dry = capsys.readouterr().err
    with pytest.raises(CommandError, match="1 line"):
        run_import(tmp_path, lines)
    real = capsys.readouterr().err

    assert message in dry
    assert dry.replace("would not be", "were not") == real
    assert list(OpportunityPage.objects.values_list("external_id", flat=True)) == ["good"]


@pytest.mark.both_databases
def test_a_database_error_on_one_line_is_reported_and_the_others_are_imported(
    organisation_index, tmp_path, capsys, monkeypatch
):
    from django.db import IntegrityError

    save = OpportunityPage.save

    def refuse_one(page, *args, **kwargs):
        if page.external_id == "refused":
            raise IntegrityError('new row violates check constraint "example"')
        return save(page, *args, **kwargs)

    monkeypatch.setattr(OpportunityPage, "save", refuse_one)
    lines = [line(external_id="first"), line(external_id="refused"), line(external_id="last")]

    with pytest.raises(CommandError, match="1 line"):
        run_import(tmp_path, lines)

    errors = capsys.readouterr().err
    assert "line 2: the database could not store this line" in errors
    assert "Traceback" not in errors
    assert set(OpportunityPage.objects.values_list("external_id", flat=True)) == {"first", "last"}
    assert OrganisationPage.objects.count() == 1


@pytest.mark.both_databases
def test_windows_line_endings_and_a_byte_order_mark_are_read(organisation_index, tmp_path, capsys):
    data = "\ufeff" + "\r\n".join([line(), line(external_id="x-2")]) + "\r\n"

    call_command("import_opportunities", str(write_bytes(tmp_path, data.encode())))

    assert "Imported 2: 2 new" in capsys.readouterr().out


@pytest.mark.both_databases
def test_standard_input_with_a_byte_order_mark_is_read(organisation_index, monkeypatch, capsys):
    import io
    import sys

    data = ("\ufeff" + line() + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))

    call_command("import_opportunities", "-")

    assert "Imported 1: 1 new" in capsys.readouterr().out


@pytest.mark.both_databases
def test_a_vertical_tab_in_a_title_is_stored_as_a_line_break_and_the_feed_works(
    organisation_index, opportunity_index, tmp_path, client
):
    run_import(tmp_path, [line(title="Peer reviewer\u000bpaid role")])

    assert OpportunityPage.objects.get().title == "Peer reviewer\npaid role"
    response = client.get("/opportunities/feed/")
    assert response.status_code == 200
    assert b"Peer reviewer\npaid role" in response.content


@pytest.mark.parametrize("name", ["  ", "\u0000\u000b"])
def test_an_organisation_name_of_nothing_visible_is_named_in_plain_words(
    organisation_index, tmp_path, capsys, name
):
    with pytest.raises(CommandError):
        run_import(tmp_path, [line(organisation=name)], "--dry-run")
    said = capsys.readouterr().err
    assert "organisation: give the organisation's name" in said
    assert "This field" not in said


def test_a_huge_value_is_not_printed_in_full(organisation_index, tmp_path, capsys):
    with pytest.raises(CommandError):
        run_import(tmp_path, [line(summary="x" * 200_000)], "--dry-run")
    said = capsys.readouterr().err
    assert "summary" in said and len(said) < 2_000
