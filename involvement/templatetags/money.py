from django import template

from involvement.money import format_pence

register = template.Library()


@register.filter
def pounds(pence):
    """{{ 1250|pounds }} is "£12.50"; empty for None."""
    return "" if pence is None or pence == "" else format_pence(pence)


UNIT_WORDS = {"hour": ("hour", "hours"), "day": ("day", "days"), "session": ("session", "sessions")}


@register.filter
def in_units(quantity, unit):
    """{{ session.quantity|in_units:involvement.fee_unit }}: "2.5 hours", "1 session", "3 days";
    sessions when the unit is empty (an unpaid role). Never a rate ("an hour")."""
    from decimal import Decimal

    amount = Decimal(quantity).quantize(Decimal("0.01")).normalize()
    one, many = UNIT_WORDS.get(unit or "session", UNIT_WORDS["session"])
    return f"{amount:f} {one if amount == 1 else many}"
