from django import template
from django.urls import reverse

from villages import privacy

register = template.Library()


@register.filter
def phone_for(value, user):
    """{{ cadre.phone|phone_for:user }}: in full for township staff, masked otherwise."""
    return privacy.phone_for(user, value)


@register.filter
def masked(value):
    """{{ household.phone|masked }}: always masked (138****1234)."""
    return privacy.mask_phone(value)


@register.inclusion_tag("villages/partials/phone.html", takes_context=True)
def household_phone(context, household, url=None):
    """A household's phone, masked, with a "show" button for those who may see it in full.

    ``url`` is the endpoint that shows it (the register's by default); pass
    ``url=""`` where the user may not show it.
    """
    user = context.get("user")
    if url is None:
        url = (
            reverse("villages:household_phone", args=[household.pk])
            if privacy.may_reveal(user)
            else ""
        )
    return {
        "phone": household.phone,
        "masked": privacy.mask_phone(household.phone),
        "url": url,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }
