from django import template

from involvement.money import format_pence

register = template.Library()


@register.filter
def pounds(pence):
    """{{ 1250|pounds }} is "£12.50"; empty for None."""
    return "" if pence is None or pence == "" else format_pence(pence)
