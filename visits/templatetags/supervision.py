from django import template

from visits import glossary

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


@register.inclusion_tag("visits/supervision/partials/figure.html")
def figure(key, value, of=None, css=""):
    """{% figure "concerns.done_rate" rate|percent %}: a figure's label, its number (with
    ``of`` after a slash: held / due) and, beside it, the sentence that defines it."""
    return {"definition": glossary.definition(key), "value": value, "of": of, "css": css}


@register.inclusion_tag("visits/supervision/partials/definitions.html")
def definitions(*keys):
    """{% definitions "activity.visits" … %}: the footnote under a table, one line a column."""
    return {"definitions": glossary.definitions(*keys)}


@register.simple_tag
def label(key):
    """{% label "activity.duty_days" %}: a table header, the same words as the definition's."""
    return glossary.definition(key).label
