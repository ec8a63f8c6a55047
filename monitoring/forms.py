from django import forms

from core.forms import PlainErrorsFormMixin, PlainTextFormMixin
from monitoring import questions as q

RADIOS = forms.RadioSelect


class GroupedRadioSelect(forms.RadioSelect):
    """Radios under a heading for each group (each background under its ethnic group)."""

    template_name = "components/widgets/grouped_radios.html"


def _choice(label, choices, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=q.with_prefer_not(choices),
        required=False,
        widget=RADIOS,
        help_text=help_text,
    )


def _other(label):
    return forms.CharField(label=label, required=False, max_length=100)


class MonitoringForm(PlainErrorsFormMixin, PlainTextFormMixin, forms.Form):
    """Equality questions, every one optional, saved only with the consent box ticked."""

    consent = forms.BooleanField(
        label="I agree to NSUN keeping these answers, as described above",
        required=False,
    )
    ethnic_group = _choice("What is your ethnic group?", q.ETHNIC_GROUPS)
    ethnicity = forms.ChoiceField(
        label="Which of these best describes your background?",
        choices=[
            *[(label, q.ETHNICITIES[value]) for value, label in q.ETHNIC_GROUPS],
            (q.PREFER_NOT, q.PREFER_NOT_LABEL),
        ],
        required=False,
        widget=GroupedRadioSelect,
        help_text="Choose one from the group you chose above.",
    )
    ethnicity_other = _other("If you chose “any other” background, you can write it here")
    sex = _choice("What is your sex?", q.SEXES)
    gender_same_as_birth = _choice(
        "Is the gender you identify with the same as your sex registered at birth?", q.YES_NO
    )
    sexual_orientation = _choice(
        "Which of these best describes your sexual orientation?", q.SEXUAL_ORIENTATIONS
    )
    sexual_orientation_other = _other("If you chose “other”, you can write it here")
    disability_condition = _choice(
        "Do you have any physical or mental health conditions or illnesses lasting or expected "
        "to last 12 months or more?",
        q.YES_NO,
    )
    disability_impact = _choice(
        "If yes: do they reduce your ability to carry out day-to-day activities?",
        q.DISABILITY_IMPACTS,
    )
    religion = _choice("What is your religion or belief?", q.RELIGIONS)
    religion_other = _other("If you chose “any other religion”, you can write it here")
    age_band = _choice("How old are you?", q.AGE_BANDS)
    carer = _choice(
        "Do you look after or give help to anyone because of a long-term condition, without "
        "being paid?",
        q.CARER,
    )
    involvement_role = _choice("Are you taking part as a", q.INVOLVEMENT_ROLES)
    keep_for_next_time = forms.BooleanField(
        label="Offer me these answers again next time",
        required=False,
        help_text="We keep a copy only you can see, and delete it with your account.",
    )

    OTHER_TEXT_WHEN = {
        "ethnicity_other": ("ethnicity", {"white_other", "mixed_other", "asian_other",
                                          "black_other", "other_any"}),
        "sexual_orientation_other": ("sexual_orientation", {"other"}),
        "religion_other": ("religion", {"other"}),
    }  # fmt: skip

    def answers(self):
        return {
            name: self.cleaned_data.get(name, "")
            for name in [*q.ANSWER_FIELDS, *q.FREE_TEXT_FIELDS]
        }

    def has_answers(self):
        return any(self.answers().values())

    def clean(self):
        cleaned = super().clean()
        group, ethnicity = cleaned.get("ethnic_group"), cleaned.get("ethnicity")
        if ethnicity and ethnicity != q.PREFER_NOT:
            belongs_to = next(
                value for value, choices in q.ETHNICITIES.items()
                if ethnicity in dict(choices)
            )  # fmt: skip
            if group in ("", q.PREFER_NOT):
                cleaned["ethnic_group"] = belongs_to
            elif group != belongs_to:
                self.add_error("ethnicity", "Choose a background from the group you chose above.")
        if cleaned.get("disability_condition") != "yes":
            cleaned["disability_impact"] = ""
        for text_field, (choice_field, others) in self.OTHER_TEXT_WHEN.items():
            if cleaned.get(choice_field) not in others:
                cleaned[text_field] = ""  # only kept with the answer it explains
        if self.has_answers() and not cleaned.get("consent"):
            self.add_error(
                "consent",
                "Tick the box to agree before we keep your answers, or choose “Skip these "
                "questions”.",
            )
        return cleaned
