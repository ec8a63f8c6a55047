"""The start-up check fails when the matching declarations disagree, and passes as they are."""

import dataclasses

from elasticsearch.dsl import Keyword

from search.matching import checks, facts, rules, scoring


def error_ids():
    return sorted({error.id for error in checks.matching_specification_check()})


def test_the_declarations_agree_now():
    assert checks.matching_specification_check() == []


def test_a_fact_reading_a_column_the_model_lacks_fails_start_up(monkeypatch):
    wrong = facts.Fact("mood", Keyword(), ("mood_of_the_day",))
    monkeypatch.setattr(facts, "FACTS", [*facts.FACTS, wrong])

    assert "search.E001" in error_ids()


def test_a_rule_reading_an_undeclared_fact_fails_start_up(monkeypatch):
    rule = dataclasses.replace(rules.HARD_RULES[0], facts=("shoe_size",))
    monkeypatch.setattr(rules, "ALERT_RULES", [*rules.ALERT_RULES, rule])

    assert "search.E002" in error_ids()


def test_a_mapping_that_differs_from_its_fact_fails_start_up(monkeypatch):
    changed = [
        dataclasses.replace(fact, index_field=Keyword()) if fact.name == "check_ratio" else fact
        for fact in facts.FACTS
    ]
    monkeypatch.setattr(facts, "FACTS", changed)

    assert "search.E003" in error_ids()


def test_a_vocabulary_out_of_step_with_the_model_fails_start_up(monkeypatch):
    monkeypatch.setitem(facts.SUPPORT_COLUMNS, "support_admin", "paperwork")

    assert "search.E004" in error_ids()


def test_a_score_part_without_weight_fails_start_up(monkeypatch):
    part = dataclasses.replace(scoring.SCORE_PARTS[0], weight=0)
    monkeypatch.setattr(scoring, "SCORE_PARTS", [part, *scoring.SCORE_PARTS[1:]])

    assert "search.E005" in error_ids()


def test_a_rule_filtering_on_a_field_no_fact_declares_fails_start_up(monkeypatch):
    from elasticsearch.dsl import Q

    rule = dataclasses.replace(
        rules.HARD_RULES[1], opportunity_filter=lambda profile, today=None: Q("term", whofor="x")
    )
    monkeypatch.setattr(rules, "ALERT_RULES", [*rules.ALERT_RULES, rule])

    assert "search.E006" in error_ids()


def test_a_score_part_reading_an_undeclared_field_fails_start_up(monkeypatch):
    from elasticsearch.dsl import Q

    part = dataclasses.replace(
        scoring.SCORE_PARTS[2],
        functions=lambda profile, now: [{"filter": Q("terms", levels=["x"]), "weight": 1.0}],
    )
    monkeypatch.setattr(scoring, "SCORE_PARTS", [*scoring.SCORE_PARTS, part])

    assert "search.E006" in error_ids()


def test_a_fact_reading_a_relation_as_a_column_fails_start_up(monkeypatch):
    wrong = facts.Fact("topic_list", Keyword(), ("topics",))
    monkeypatch.setattr(facts, "FACTS", [*facts.FACTS, wrong])

    assert "search.E001" in error_ids()


def test_a_reverse_filter_reading_a_field_no_member_document_holds_fails_start_up(monkeypatch):
    from elasticsearch.dsl import Q

    rule = dataclasses.replace(
        rules.HARD_RULES[1],
        name="audience again",
        member_mapping={},
        reverse_filter=lambda facts, today, distances: Q("term", whofor=facts.who_for),
    )
    monkeypatch.setattr(rules, "ALERT_RULES", [*rules.ALERT_RULES, rule])

    assert "search.E007" in error_ids()


def test_a_member_field_written_but_not_mapped_fails_start_up(monkeypatch):
    rule = dataclasses.replace(
        rules.HARD_RULES[1], name="money again", member_mapping={},
        member_values=lambda profile: {"payment": "any"},
    )  # fmt: skip
    monkeypatch.setattr(rules, "ALERT_RULES", [*rules.ALERT_RULES, rule])

    assert "search.E007" in error_ids()
