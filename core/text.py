"""Text hygiene at the input boundary: what every stored string may hold.

Characters that XML 1.0 cannot carry, or that it discourages, are *removed*, not refused: people
paste from word processors and never see them (Word writes a vertical tab for a manual line break),
so a message about them would name something they cannot find or fix. Line-break characters become
"\\n" so the line break they meant survives. The rule is XML 1.0 (Fifth Edition) section 2.2
(https://www.w3.org/TR/xml/#charsets): the `Char` production, plus the control and noncharacter
code points that section says documents should avoid. Text that passes is safe in XML (Atom
feeds, sitemaps), JSON, CSV and iCalendar (RFC 5545 section 3.1: no CONTROL but tab).

`clean_text` is applied to every model save by `clean_instance_text` (connected in core.apps), so
the CMS, the portal's forms and the import all store the same thing; forms and the import also
clean what they keep, so what people see after submitting is what was stored.
"""

import re

from django.db import models
from wagtail.fields import StreamField

# Line breaks in their various spellings: CR LF, CR, vertical tab, form feed, NEL (U+0085),
# line separator and paragraph separator (U+2028, U+2029).
LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")

# Not allowed in XML 1.0 (C0 controls but tab and line feed, lone surrogates, U+FFFE, U+FFFF),
# or discouraged by it (DEL, C1 controls, the noncharacters U+FDD0..U+FDEF and U+nFFFE/U+nFFFF).
NOT_TEXT = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
    + "]"
)


def clean_text(value):
    """`value` (str) with line breaks made "\\n" and characters XML 1.0 cannot carry removed.

    Never raises; returns a str no longer than `value`. Bidirectional controls are kept here
    (they are valid text); `core.forms.plain_text` removes them from what people type.
    """
    if value.isascii() and value.isprintable():
        return value  # the usual case, checked quickly
    return NOT_TEXT.sub("", LINE_BREAKS.sub("\n", value))


def remove_non_text(value):
    """`value` (str) without the characters XML 1.0 cannot carry or discourages; line breaks of
    every kind are left as they are (for CSV, which quotes them)."""
    return NOT_TEXT.sub("", value)


def clean_data(value):
    """`value` with `clean_text` applied to every string in it, keys included (JSON shapes:
    dict, list, str, numbers, booleans, None)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_data(key): clean_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_data(item) for item in value]
    return value


def clean_instance_text(sender, instance, raw=False, **kwargs):
    """pre_save receiver: clean every text, JSON and StreamField value of `instance`.

    Covers CMS pages and snippets (and the drafts in their revisions), the portal's forms and the
    import from one place. Fixture loading (`raw`) is left alone.
    """
    if raw:
        return
    for model_field in instance._meta.concrete_fields:
        value = getattr(instance, model_field.attname, None)
        if value is None:
            continue
        if isinstance(model_field, models.CharField | models.TextField):
            if isinstance(value, str):
                cleaned = clean_text(value)
                if cleaned != value:
                    setattr(instance, model_field.attname, cleaned)
        elif isinstance(model_field, StreamField):
            raw_data = model_field.stream_block.get_prep_value(value)
            cleaned = clean_data(raw_data)
            if cleaned != raw_data:
                setattr(instance, model_field.attname, cleaned)
        elif isinstance(model_field, models.JSONField):
            cleaned = clean_data(value)
            if cleaned != value:
                setattr(instance, model_field.attname, cleaned)
