"""Start-up checks: the matching declarations agree with the models, the index mapping and the
vocabularies, so that a fact, rule or score part cannot be half added."""

from django.core import checks
from django.core.exceptions import FieldDoesNotExist

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
                OpportunityPage._meta.get_field(column)
            except FieldDoesNotExist:
                errors.append(
                    _error(1, f"Fact '{fact.name}' reads '{column}', which OpportunityPage lacks.")
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
    from search.index.documents import AlertDocument, OpportunityDocument, mapping_of

    declared = {fact.name: fact.index_field.to_dict() for fact in facts}
    errors = []
    for document in (OpportunityDocument, AlertDocument):
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


@checks.register("search")
def matching_specification_check(app_configs=None, **kwargs):
    """Every declaration of the matching specification agrees with the others."""
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
    ]
