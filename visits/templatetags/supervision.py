from django import template

register = template.Library()


@register.filter
def percent(share):
    """{{ figures.card_coverage|percent }}: 0.853 → 85.3%; no households → —."""
    if share is None:
        return "—"
    return f"{share * 100:.1f}%"


@register.filter
def one_decimal(value):
    """A pro-rated quota, e.g. 0.7 contacts owed so far."""
    return f"{value or 0:.1f}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
