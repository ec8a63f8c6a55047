"""The equality questions (DESIGN section 5), versioned, and the categories reports count.

Every question can be answered "Prefer not to say" or left blank. A change to the questions or
their choices needs a new QUESTION_SET_VERSION, stored with each record's answers.
"""

from dataclasses import dataclass

QUESTION_SET_VERSION = "2026.1"
PREFER_NOT = "prefer_not_to_say"
PREFER_NOT_LABEL = "Prefer not to say"

ETHNIC_GROUPS = [
    ("white", "White"),
    ("mixed", "Mixed or Multiple ethnic groups"),
    ("asian", "Asian or Asian British"),
    ("black", "Black, Black British, Caribbean or African"),
    ("other", "Other ethnic group"),
]
ETHNICITIES = {
    "white": [
        ("white_british", "English, Welsh, Scottish, Northern Irish or British"),
        ("white_irish", "Irish"),
        ("white_gypsy_traveller", "Gypsy or Irish Traveller"),
        ("white_roma", "Roma"),
        ("white_other", "Any other White background"),
    ],
    "mixed": [
        ("mixed_white_black_caribbean", "White and Black Caribbean"),
        ("mixed_white_black_african", "White and Black African"),
        ("mixed_white_asian", "White and Asian"),
        ("mixed_other", "Any other Mixed or Multiple background"),
    ],
    "asian": [
        ("asian_indian", "Indian"),
        ("asian_pakistani", "Pakistani"),
        ("asian_bangladeshi", "Bangladeshi"),
        ("asian_chinese", "Chinese"),
        ("asian_other", "Any other Asian background"),
    ],
    "black": [
        ("black_caribbean", "Caribbean"),
        ("black_african", "African"),
        ("black_other", "Any other Black, Black British or Caribbean background"),
    ],
    "other": [("other_arab", "Arab"), ("other_any", "Any other ethnic group")],
}
SEXES = [("female", "Female"), ("male", "Male")]
YES_NO = [("yes", "Yes"), ("no", "No")]
SEXUAL_ORIENTATIONS = [
    ("heterosexual", "Heterosexual or straight"),
    ("gay_lesbian", "Gay or lesbian"),
    ("bisexual", "Bisexual"),
    ("other", "Other sexual orientation"),
]
DISABILITY_IMPACTS = [
    ("a_lot", "Yes, a lot"),
    ("a_little", "Yes, a little"),
    ("not_at_all", "Not at all"),
]
RELIGIONS = [
    ("none", "No religion"),
    ("christian", "Christian"),
    ("buddhist", "Buddhist"),
    ("hindu", "Hindu"),
    ("jewish", "Jewish"),
    ("muslim", "Muslim"),
    ("sikh", "Sikh"),
    ("other", "Any other religion"),
]
AGE_BANDS = [
    ("18_24", "18 to 24"),
    ("25_34", "25 to 34"),
    ("35_44", "35 to 44"),
    ("45_54", "45 to 54"),
    ("55_64", "55 to 64"),
    ("65_74", "65 to 74"),
    ("75_plus", "75 or over"),
]
CARER = [
    ("no", "No"),
    ("under_20", "Yes, under 20 hours a week"),
    ("20_plus", "Yes, 20 hours or more a week"),
]
INVOLVEMENT_ROLES = [
    ("service_user", "Service user or survivor"),
    ("carer", "Carer or family member"),
    ("both", "Both"),
]

# The answer columns a record holds (free text "other" answers are held but never reported).
ANSWER_FIELDS = [
    "ethnic_group",
    "ethnicity",
    "sex",
    "gender_same_as_birth",
    "sexual_orientation",
    "disability_condition",
    "disability_impact",
    "religion",
    "age_band",
    "carer",
    "involvement_role",
]
FREE_TEXT_FIELDS = ["ethnicity_other", "sexual_orientation_other", "religion_other"]


def with_prefer_not(choices):
    return [*choices, (PREFER_NOT, PREFER_NOT_LABEL)]


@dataclass(frozen=True)
class Characteristic:
    """What a report can break people down by: its categories and how a record falls into one."""

    name: str
    label: str
    categories: list  # (value, label), in the order reports show them

    def category_of(self, answers):
        """The category for a mapping of answer field to value, PREFER_NOT, or "" (no answer)."""
        return CATEGORY_RULES[self.name](answers)


def _sexual_orientation(answers):
    value = answers.get("sexual_orientation", "")
    if value in ("", PREFER_NOT):
        return value
    return "heterosexual" if value == "heterosexual" else "lgb_plus"


def _disability(answers):
    condition = answers.get("disability_condition", "")
    if condition in ("", PREFER_NOT):
        return condition
    if condition == "no":
        return "not_disabled"
    impact = answers.get("disability_impact", "")
    if impact in ("", PREFER_NOT):
        return impact
    return "disabled" if impact in ("a_lot", "a_little") else "not_disabled"


CATEGORY_RULES = {
    "ethnic_group": lambda answers: answers.get("ethnic_group", ""),
    "sex": lambda answers: answers.get("sex", ""),
    "gender_identity": lambda answers: answers.get("gender_same_as_birth", ""),
    "sexual_orientation": _sexual_orientation,
    "disability": _disability,
    "religion": lambda answers: answers.get("religion", ""),
    "age_band": lambda answers: answers.get("age_band", ""),
    "carer": lambda answers: answers.get("carer", ""),
    "involvement_role": lambda answers: answers.get("involvement_role", ""),
}

CHARACTERISTICS = {
    characteristic.name: characteristic
    for characteristic in [
        Characteristic("ethnic_group", "Ethnic group", ETHNIC_GROUPS),
        Characteristic("sex", "Sex", SEXES),
        Characteristic(
            "gender_identity",
            "Gender identity the same as sex registered at birth",
            YES_NO,
        ),
        Characteristic(
            "sexual_orientation",
            "Sexual orientation",
            [("heterosexual", "Heterosexual or straight"), ("lgb_plus", "LGB+")],
        ),
        Characteristic(
            "disability", "Disability", [("disabled", "Disabled"), ("not_disabled", "Not disabled")]
        ),
        Characteristic("religion", "Religion or belief", RELIGIONS),
        Characteristic("age_band", "Age", AGE_BANDS),
        Characteristic("carer", "Unpaid carer", CARER),
        Characteristic("involvement_role", "Involved as", INVOLVEMENT_ROLES),
    ]
}
