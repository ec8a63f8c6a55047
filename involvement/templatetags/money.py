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
