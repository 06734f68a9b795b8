"""{% outbox_retry %}: the outbox's waits between resends (static/js/outbox.js), in seconds."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def outbox_retry():
    return " ".join(str(int(s)) for s in settings.OUTBOX_RETRY_SECONDS)
