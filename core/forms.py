from django.forms.renderers import TemplatesSetting

from core.text import clean_text


class NetworkFormRenderer(TemplatesSetting):
    """Renders every form with our error summary and every field with one accessible template."""

    form_template_name = "components/form.html"
    field_template_name = "components/form_field.html"


# Bidirectional control characters can disguise text (for example a reversed file name).
BIDI_CONTROLS = dict.fromkeys(
    [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F]
)


def plain_text(value):
    """Text as people typed it, minus invisible direction controls, characters no document format
    can carry (see core.text.clean_text) and stray whitespace."""
    return clean_text(value.translate(BIDI_CONTROLS)).strip()


class PlainTextFormMixin:
    """Cleans every text field to plain text. Templates escape it; nothing is rendered as HTML."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = plain_text(value)
        return cleaned


class HoneypotFormMixin:
    """A field people never see or fill in; automated spam usually does."""

    honeypot_field_name = "website_address"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django import forms

        self.fields[self.honeypot_field_name] = forms.CharField(
            required=False,
            label="Leave this empty",
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(self.honeypot_field_name):
            from django.core.exceptions import ValidationError

            raise ValidationError("Sorry, we could not accept that. Please try again.")
        return cleaned
