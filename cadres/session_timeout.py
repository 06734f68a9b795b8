"""Idle and absolute session timeouts (SESSION_IDLE_TIMEOUT, SESSION_ABSOLUTE_TIMEOUT).

The login time and the last request's time are kept in the session, stamped when
someone logs in. Times are read from the wall clock, not ``timezone.now()``: a
session lasts so many real seconds, whatever day the application thinks it is.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

LOGIN_AT = "login_at"
SEEN_AT = "seen_at"
# The last-seen stamp is rewritten at most this often, so that a busy user does
# not cost a session write on every request; idle time is exact to a minute.
REFRESH_SECONDS = 60


def wall_clock():
    return time.time()


@receiver(user_logged_in, dispatch_uid="session_timeout_stamp")
def stamp_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = wall_clock()
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


def expired(session, now):
    """Why the session's login is over ("idle", "absolute") or None if it is still good."""
    login_at = session.get(LOGIN_AT)
    if login_at is None:
        # Logged in by a path that did not stamp it (or before timeouts existed).
        return "absolute"
    if now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT:
        return "absolute"
    if now - session.get(SEEN_AT, login_at) > settings.SESSION_IDLE_TIMEOUT:
        return "idle"
    return None


class SessionTimeoutMiddleware:
    """Log out a session that has been idle or open too long; the page then asks
    for a login as usual (``login_required`` sends the user back after it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie there is no login to time out, and touching the
        # session would only add "Vary: Cookie" to public pages.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        session = request.session
        if session.get(SESSION_KEY) is None:
            return
        now = wall_clock()
        reason = expired(session, now)
        if reason == "idle":
            logout(request)
            messages.info(
                request, _("You were logged out after a long pause. Please log in again.")
            )
        elif reason:
            logout(request)
            messages.info(request, _("Your login has expired. Please log in again."))
        elif now - session.get(SEEN_AT, 0) > REFRESH_SECONDS:
            session[SEEN_AT] = now
