from django import template

from villages import privacy

register = template.Library()


@register.filter
def phone_for(value, user):
    """{{ household.phone|phone_for:user }}: in full for township staff, masked otherwise."""
    return privacy.phone_for(user, value)
