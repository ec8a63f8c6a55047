from django import template

from involvement.money import format_pence

register = template.Library()


@register.filter
def pounds(pence):
    """{{ 1250|pounds }} is "£12.50"; empty for None."""
    return "" if pence is None or pence == "" else format_pence(pence)


@register.inclusion_tag("components/usually_pays_within.html")
def usually_pays(organisation):
    """How quickly the organisation actually pays, once there are enough payments to be fair."""
    from involvement.selectors import (
        USUALLY_PAYS_MINIMUM,
        USUALLY_PAYS_PEOPLE,
        usually_pays_within,
    )

    return {
        "days": usually_pays_within(organisation),
        "minimum": USUALLY_PAYS_MINIMUM,
        "people": USUALLY_PAYS_PEOPLE,
    }


UNIT_WORDS = {"hour": ("hour", "hours"), "day": ("day", "days"), "session": ("session", "sessions")}


@register.filter
def in_units(quantity, unit):
    """{{ session.quantity|in_units:involvement.fee_unit }}: "2.5 hours", "1 session", "3 days";
    sessions when the unit is empty (an unpaid role). Never a rate ("an hour")."""
    from decimal import Decimal

    amount = Decimal(quantity).quantize(Decimal("0.01")).normalize()
    one, many = UNIT_WORDS.get(unit or "session", UNIT_WORDS["session"])
    return f"{amount:f} {one if amount == 1 else many}"
