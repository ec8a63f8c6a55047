from django import forms

from core.forms import PlainErrorsFormMixin
from search.models import AlertFrequency

WANTED = [choice for choice in AlertFrequency.choices if choice[0] != AlertFrequency.OFF]


class SavedSearchForm(PlainErrorsFormMixin, forms.Form):
    error_subjects = {"frequency": "how often we should email you"}

    frequency = forms.ChoiceField(
        label="How often should we email you?",
        choices=WANTED,
        initial=AlertFrequency.DAILY,
        widget=forms.RadioSelect,
    )
