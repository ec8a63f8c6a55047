import re

from django import template
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

# Words that keep their capital letter in the middle of a heading.
PROPER_NOUNS = {"NSUN", "I", "England", "Google", "Microsoft", "Apple", "Facebook"}
# allauth's one-word spellings, as the site writes them.
REWORDED = {"Signup": "Sign up", "signup": "sign up"}
# A capitalised word (or part of a hyphenated word) outside an HTML tag.
_TITLE_WORD = re.compile(r"(<[^>]*>)|\b([A-Z][a-z]+)\b")


@register.filter(is_safe=True)
def sentence_case(value):
    """'Password Reset' -> 'Password reset': headings and buttons from allauth in the site's style.

    Only the first word keeps its capital, with proper nouns and acronyms ('NSUN') left alone.
    """
    text = str(value)
    first = re.search(r"[A-Za-z]", re.sub(r"<[^>]*>", lambda tag: " " * len(tag.group()), text))
    start = first.start() if first else 0

    def lower(match):
        if match.group(1) or match.start() <= start or match.group(2) in PROPER_NOUNS:
            return match.group(0)
        return match.group(2).lower()

    result = _TITLE_WORD.sub(lower, text)
    result = re.sub(r"\b(Signup|signup)\b", lambda match: REWORDED[match.group()], result)
    return mark_safe(result) if isinstance(value, SafeData) else result


@register.filter
def with_sentence_case_labels(form):
    """The form with its field labels in sentence case ("Remember Me" -> "Remember me").

    For forms the site renders but does not define (allauth's); each form instance has its own
    copy of its fields, so nothing else changes.
    """
    for field in form.fields.values():
        if field.label:
            field.label = sentence_case(str(field.label))
    return form
