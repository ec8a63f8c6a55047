from django import forms

from core.forms import PlainErrorsFormMixin, PlainTextFormMixin
from involvement.feedback import QUESTIONS


class FeedbackForm(PlainErrorsFormMixin, PlainTextFormMixin, forms.Form):
    """The questionnaire after an involvement ends. Every question may be skipped."""

    error_subjects = {
        "felt": "how taking part felt",
        "paid_on_time": "whether you were paid on time",
        "heard_what_changed": "whether you heard what changed",
        "take_part_again": "whether you would take part again",
        "anything_else": "anything else you want to tell us",
    }

    anything_else = forms.CharField(
        label="Anything else you want to tell us (optional)",
        help_text="Only NSUN staff read this, never the organisation. Please do not write your "
        "name or anything that would identify you or other people.",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        questions = {}
        for name, text, choices in QUESTIONS:
            questions[name] = forms.ChoiceField(
                label=text,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )
        # Questions first, the free text last, in the order they are asked.
        self.fields = {**questions, "anything_else": self.fields["anything_else"]}
