"""Login throttling glue for django-axes: whose address a request comes from, and
what a locked-out person sees (the login page with a plain message, not a bare 403)."""

from django.conf import settings
from django.shortcuts import render

from cadres.forms import LoginForm
from villages.access_log import request_address


def client_address(request):
    """The address failures are counted against (the access log's rule)."""
    return request_address(request)


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the reason and how long to wait (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = LoginForm(request, initial={"username": (credentials or {}).get("username")})
    context = {"form": form, "locked_out_minutes": minutes, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
