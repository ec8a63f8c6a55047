"""Start-up checks: the matching declarations agree with the models, the index mapping and the
vocabularies, so that a fact, rule or score part cannot be half added."""

from dataclasses import replace

from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

# SearchConfig.ready() imports this module; the imports inside the checks read the
# specification (facts, rules, score parts) when a check runs, so a changed specification is
# what gets checked, and keep the index and model modules out of app loading.

CHECK_ID = "search.E{:03d}"


def _error(number, message, hint=None):
    return checks.Error(message, hint=hint, id=CHECK_ID.format(number))


def _columns_exist(facts):
    from opportunities.models import OpportunityPage

    errors = []
    for fact in facts:
        for column in fact.columns:
            if column == "pk":
                continue
            try:
                field = OpportunityPage._meta.get_field(column)
            except FieldDoesNotExist:
                errors.append(
                    _error(1, f"Fact '{fact.name}' reads '{column}', which OpportunityPage lacks.")
                )
                continue
            if field.many_to_many or field.one_to_many or not field.concrete:
                errors.append(
                    _error(1, f"Fact '{fact.name}' reads '{column}', which is not a column.")
                )
    return errors


def _uses_declared_facts(facts_by_name, users):
    errors = []
    for kind, user in users:
        for name in user.facts:
            fact = facts_by_name.get(name)
            if fact is None:
                errors.append(_error(2, f"{kind} '{user.name}' reads an undeclared fact '{name}'."))
            elif getattr(fact.index_field, "_params", {}).get("index") is False:
                errors.append(_error(2, f"{kind} '{user.name}' filters on '{name}', not indexed."))
    return errors


def _mappings_agree(facts):
    from search.index.documents import OpportunityDocument, mapping_of

    declared = {fact.name: fact.index_field.to_dict() for fact in facts}
    errors = []
    for document in (OpportunityDocument,):
        mapping = mapping_of(document)
        for name, field in declared.items():
            if mapping.get(name) != field:
                errors.append(
                    _error(
                        3,
                        f"{document.__name__} maps '{name}' as {mapping.get(name)}, "
                        f"but the fact declares {field}.",
                        hint="Build the documents from search.matching.facts.FACTS.",
                    )
                )
    extra = set(mapping_of(OpportunityDocument)) - set(declared)
    if extra:
        errors.append(_error(3, f"OpportunityDocument maps undeclared fields: {sorted(extra)}."))
    return errors


def _vocabularies_agree():
    from members.models import MemberProfile
    from opportunities.models.choices import AvailabilityChoice, FeeUnit, SupportType, WhoFor
    from search.matching import facts, reasons, rules

    pairs = [
        ("rules.WHO_FITS keys", set(rules.WHO_FITS) - {""}, set(MemberProfile.Who.values)),
        (
            "rules.WHO_FITS values",
            set().union(*rules.WHO_FITS.values()),
            set(WhoFor.values),
        ),
        (
            "facts.MEETING_COLUMNS",
            set(facts.MEETING_COLUMNS.values()),
            set(AvailabilityChoice.values),
        ),
        ("facts.SUPPORT_COLUMNS", set(facts.SUPPORT_COLUMNS.values()), set(SupportType.values)),
        ("reasons.SUPPORT_WORDS", set(reasons.SUPPORT_WORDS), set(SupportType.values)),
        (
            "reasons.AVAILABILITY_WORDS",
            set(reasons.AVAILABILITY_WORDS),
            set(AvailabilityChoice.values),
        ),
        ("reasons.FEE_UNITS", set(reasons.FEE_UNITS), set(FeeUnit.values)),
        ("reasons.AUDIENCE_WORDS", set(reasons.AUDIENCE_WORDS), set(WhoFor.values)),
    ]
    return [
        _error(4, f"{name} do not match the model's choices: {sorted(map(str, got ^ want))}.")
        for name, got, want in pairs
        if got != want
    ]


def _parts_are_sound(parts):
    names = [part.name for part in parts]
    errors = []
    if len(names) != len(set(names)):
        errors.append(_error(5, f"Score parts share a name: {names}."))
    errors += [
        _error(5, f"Score part '{part.name}' has weight {part.weight}; weights must be positive.")
        for part in parts
        if not part.weight > 0
    ]
    return errors


FIELD_KEYED = {
    "term",
    "terms",
    "range",
    "prefix",
    "match",
    "geo_distance",
    "gauss",
    "exp",
    "linear",
}
NOT_FIELDS = {"boost", "_name", "distance", "distance_type", "validation_method",
              "multi_value_mode", "minimum_should_match"}  # fmt: skip


def fields_in(query):
    """The index fields a query or function_score function (as a dict) reads."""
    found = set()
    if isinstance(query, list):
        for item in query:
            found |= fields_in(item)
    elif isinstance(query, dict):
        for key, value in query.items():
            if key in FIELD_KEYED and isinstance(value, dict):
                found |= {name for name in value if name not in NOT_FIELDS}
            elif key in {"exists", "field_value_factor"} and isinstance(value, dict):
                found.add(value.get("field"))
            else:
                found |= fields_in(value)
    return found


def sample_profiles():
    """Profiles that between them take every branch of the rules and parts."""
    from search.matching.profile import MatchProfile, PaymentNeed, Who

    full = {
        "topic_ids": frozenset({1, 2}), "community_ids": frozenset({3}),
        "levels": frozenset({"research"}), "role_types": frozenset({"consultant"}),
        "latitude": 51.5, "longitude": -0.1, "max_distance_km": 10,
        "availability": frozenset({"weekend"}), "not_before_10": True,
        "support_wanted": frozenset({"peer"}), "text": "housing peer support",
    }  # fmt: skip
    return [
        MatchProfile(**full, who=Who.CARER, online_ok=False, payment_need=PaymentNeed.MUST_BE_PAID),
        MatchProfile(
            **full,
            who=Who.SERVICE_USER,
            in_person_ok=False,
            payment_need=PaymentNeed.MUST_COVER_EXPENSES,
        ),
        MatchProfile(),
    ]


def _queries_read_declared_fields(facts_by_name, rules, parts):

    now = timezone.now()
    used = {}
    for profile in sample_profiles():
        for rule in rules:
            for form in (rule.opportunity_filter(profile, now.date()),):
                if form is not None:
                    used.setdefault(("Rule", rule.name), set()).update(fields_in(form.to_dict()))
        for part in parts:
            for function in part.functions(profile, now):
                function = {
                    key: value.to_dict() if hasattr(value, "to_dict") else value
                    for key, value in function.items()
                }
                used.setdefault(("Score part", part.name), set()).update(fields_in(function))
    return [
        _error(6, f"{kind} '{name}' queries '{field}', which no fact declares.")
        for (kind, name), fields in used.items()
        for field in sorted(fields - set(facts_by_name))
    ]


def sample_facts():
    """An opportunity with a place, topics and every flag set, and one with none."""

    from search.matching.facts import Location, OpportunityFacts

    full = {
        "who_for": "both", "format": "hybrid", "level": "research", "role_type": "consultant",
        "topic_ids": frozenset({1}), "community_ids": frozenset({3}), "region": "london",
        "location": Location(51.5, -0.1), "check_ratio": 1.0, "rolling": True,
    }  # fmt: skip
    return [replace(OpportunityFacts(), **full), OpportunityFacts()]


def _reverse_forms_are_sound(rules):
    """Each rule's member fields are declared, once, and its reverse filter reads only fields
    of the member alert document."""

    from search.index.documents import MemberAlertDocument, mapping_of

    errors = []
    owner = {}
    for rule in rules:
        for name in rule.member_mapping:
            if name in owner:
                errors.append(
                    _error(7, f"Rules '{owner[name]}' and '{rule.name}' both write '{name}'.")
                )
            owner[name] = rule.name
        for profile in sample_profiles():
            undeclared = set(rule.member_values(profile)) - set(rule.member_mapping)
            errors += [
                _error(7, f"Rule '{rule.name}' writes '{name}' but does not map it.")
                for name in sorted(undeclared)
            ]
    mapped = set(mapping_of(MemberAlertDocument))
    today = timezone.localdate()
    for rule in rules:
        read = set()
        for facts in sample_facts():
            query = rule.reverse_filter(facts, today, [10.0])
            if query is not None:
                read |= fields_in(query.to_dict())
        errors += [
            _error(7, f"Rule '{rule.name}' reverse filter reads '{name}', not in member alerts.")
            for name in sorted(read - mapped)
        ]
    return errors


@checks.register("search")
def matching_specification_check(app_configs=None, **kwargs):
    """Every declaration of the matching specification agrees with the others."""
    # Read at call time, so a changed specification (as the tests make) is what is checked.
    from search.matching.facts import FACTS, FACTS_BY_NAME
    from search.matching.rules import ALERT_RULES
    from search.matching.scoring import SCORE_PARTS

    users = [("Rule", rule) for rule in ALERT_RULES] + [("Score part", p) for p in SCORE_PARTS]
    return [
        *_columns_exist(FACTS),
        *_uses_declared_facts(FACTS_BY_NAME, users),
        *_mappings_agree(FACTS),
        *_vocabularies_agree(),
        *_parts_are_sound(SCORE_PARTS),
        *_queries_read_declared_fields(FACTS_BY_NAME, ALERT_RULES, SCORE_PARTS),
        *_reverse_forms_are_sound(ALERT_RULES),
    ]
