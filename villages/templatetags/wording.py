"""Template filters for punctuation around data (see ``villages.wording``)."""

from django import template

from villages import wording

register = template.Library()


@register.filter
def listing(values):
    """{{ household.tags.all|listing }} → 困难户、低保户 / hardship household, well-off."""
    return wording.listing(values or ())


@register.filter
def bracketed(text, note):
    """{{ household.head_name|bracketed:household.village.name }} → 张三（高石村）."""
    return wording.bracketed(text, note)
