"""Login throttling glue for django-axes: whose address a request comes from, and
what a locked-out person sees (the login page with a plain message, not a bare 403)."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


def client_address(request):
    """The address failures are counted against.

    Behind ``PROXY_COUNT`` reverse proxies the socket address is the proxy's, shared
    by everyone: take the entry the outermost trusted proxy appended to
    X-Forwarded-For. Entries further left were written by the client and could be
    forged to dodge the throttle, so they are never trusted.
    """
    count = settings.PROXY_COUNT
    if count:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the reason and how long to wait (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username")})
    context = {"form": form, "locked_out_minutes": minutes, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
