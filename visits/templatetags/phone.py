"""{% outbox_retry %}: the outbox's waits between resends (static/js/outbox.js), in seconds."""

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def outbox_retry():
    return " ".join(str(int(s)) for s in settings.OUTBOX_RETRY_SECONDS)


@register.simple_tag
def service_worker_url():
    """The service worker's address, or nothing where it is turned off (SERVICE_WORKER)."""
    return reverse("service_worker") if settings.SERVICE_WORKER else ""
