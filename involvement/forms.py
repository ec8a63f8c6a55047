import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.dates import check_sane_date
from core.forms import PlainErrorsFormMixin, PlainTextFormMixin
from involvement.models import (
    PAYMENT_CEILING_PENCE,
    ExpenseKind,
    PaymentMethod,
    SessionMode,
)
from involvement.money import MoneyError, format_pence, parse_pounds
from opportunities.models import FeeUnit, PaymentPreference

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_INPUT = forms.TextInput(
    attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false", "size": 10}
)


def _past_date(value, label):
    check_sane_date(value, label)
    if value is not None and value > timezone.localdate():
        raise ValidationError(f"The {label} cannot be in the future.", code="future")
    return value


class MoneyField(forms.CharField):
    """An amount in pounds as typed ("£12.50", "12.5", "12"), cleaned to whole pence (int)."""

    def __init__(self, *, ceiling_pence, subject, **kwargs):
        self.ceiling_pence = ceiling_pence
        self.subject = subject
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", MONEY_INPUT)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_pence(value).lstrip("£") if isinstance(value, int) else value

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values and not self.required:
            return None
        try:
            return parse_pounds(value, ceiling_pence=self.ceiling_pence, subject=self.subject)
        except MoneyError as error:
            raise ValidationError(str(error), code="money") from error


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ReceiptsField(forms.FileField):
    """Up to a few files; each is checked by content in the service (involvement.services)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.heic"})
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ClaimForm(PlainErrorsFormMixin, PlainTextFormMixin, forms.Form):
    error_subjects = {"kind": "what the cost was for", "spent_on": "the date of the cost"}

    kind = forms.ChoiceField(
        label="What was the cost for?", choices=ExpenseKind.choices, widget=forms.RadioSelect
    )
    amount = MoneyField(
        label="Amount in pounds",
        help_text="For example 12.50. Up to £5,000 a claim.",
        ceiling_pence=500_000,
        subject="the amount",
    )
    spent_on = forms.DateField(label="Date of the cost", widget=DATE_INPUT)
    description = forms.CharField(
        label="What it was (optional)",
        help_text="For example: return bus fare from Leeds.",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    receipts = ReceiptsField(
        label="Receipts (optional)",
        help_text="Up to 5 files: PDF, or JPG, PNG or HEIC photos, each smaller than 5 MB. "
        "Only you, the organisation's administrators and NSUN staff can see them.",
    )

    def clean_spent_on(self):
        return _past_date(self.cleaned_data["spent_on"], "date of the cost")


class ClaimAnswerForm(ClaimForm):
    """Answering the organisation's question: the same questions except what the cost was for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class EndForm(PlainErrorsFormMixin, PlainTextFormMixin, forms.Form):
    reason = forms.CharField(
        label="Anything you would like to say about why (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuantityField(forms.DecimalField):
    """A number of hours, days or sessions as a person types it: ASCII digits with up to two
    decimal places ("1", "1.5", "2.25"); "1e2" or other scripts' digits are refused, as in money."""

    def to_python(self, value):
        text = str(value or "").strip()
        if text and not re.fullmatch(r"[0-9]{1,3}(\.[0-9]{1,2})?", text):
            raise ValidationError(
                "Enter a number using figures only, for example 1, 1.5 or 2", code="invalid"
            )
        return super().to_python(text)


class SessionForm(PlainErrorsFormMixin, forms.Form):
    error_subjects = {"date": "the date of the session", "mode": "in person or online"}

    date = forms.DateField(label="Date of the session", widget=DATE_INPUT)
    quantity = QuantityField(
        label="How many",
        min_value=Decimal("0.25"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    mode = forms.ChoiceField(
        label="In person or online", choices=SessionMode.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, fee_unit="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].label = {
            FeeUnit.HOUR: "Hours",
            FeeUnit.DAY: "Days",
        }.get(fee_unit, "Number of sessions")
        self.fields["quantity"].help_text = "For example 1, 1.5 or 2."

    def clean_date(self):
        return _past_date(self.cleaned_data["date"], "date of the session")


class PaidFields(PlainErrorsFormMixin, forms.Form):
    paid_on = forms.DateField(label="Date paid", widget=DATE_INPUT)
    method = forms.ChoiceField(
        label="How it was paid", choices=PaymentMethod.choices, widget=forms.RadioSelect
    )

    def clean_paid_on(self):
        return _past_date(self.cleaned_data["paid_on"], "date paid")


class FeePaidForm(PaidFields):
    error_subjects = {"sessions": "the sessions paid", "method": "how it was paid"}

    sessions = forms.TypedMultipleChoiceField(
        label="Sessions paid", coerce=int, widget=forms.CheckboxSelectMultiple
    )
    field_order = ["sessions", "paid_on", "method"]

    def __init__(self, *args, unpaid_sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].choices = [
            (s.pk, f"{s.date:%-d %B %Y}: {format_pence(s.fee_due_pence)}") for s in unpaid_sessions
        ]


class ClaimDecisionForm(PlainErrorsFormMixin, PlainTextFormMixin, forms.Form):
    error_subjects = {"decision": "a decision"}

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("approve", "Approve"),
            ("query", "Ask a question"),
            ("refuse", "Refuse"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Your question or reason",
        help_text="Needed to ask a question or refuse. The person will see it.",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") in ("query", "refuse") and not cleaned.get("reason"):
            self.add_error(
                "reason",
                ValidationError("Enter your question or reason, so the person knows what to do"),
            )
        return cleaned


class ClaimPaidForm(PaidFields):
    error_subjects = {"method": "how it was paid"}


class TermsForm(PlainErrorsFormMixin, PlainTextFormMixin, forms.Form):
    error_subjects = {"payment_preference": "how the person is paid"}

    payment_preference = forms.ChoiceField(
        label="How the person is paid",
        choices=[(c.value, c.label) for c in PaymentPreference],
        widget=forms.RadioSelect,
    )
    fee = MoneyField(
        label="Agreed fee in pounds, per unit",
        help_text="Leave empty for expenses only. For example 25 or 18.50.",
        ceiling_pence=PAYMENT_CEILING_PENCE,
        subject="the fee",
        required=False,
    )
    contribution = forms.CharField(
        label="What the person contributed, in your words (optional)",
        help_text="This goes in the reference the person can download.",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
