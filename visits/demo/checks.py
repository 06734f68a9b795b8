"""``check --deploy``: a demo login still holding the published demo password.

A database seeded in demo mode and then served with ``DEMO_MODE`` off still
has the seven demo logins with the password printed in the README. Logins
with it are refused (``cadres/demo_password.py``), but the accounts should
get new passwords or be deactivated; this check says which.

Only the demo logins' names are checked (``DEMO_USERS``), never every user:
with real hashers one check costs a good part of a second. The hash is
checked without the upgrade ``User.check_password`` would save, so the check
writes nothing. A database that is missing or not migrated yet (a fresh
server, CI) is not this check's business: it says nothing there.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from visits.demo.data import DEMO_USERS

DEMO_PASSWORD_HELD = "visits.W001"


@register(Tags.security, deploy=True)
def demo_logins_hold_the_demo_password(app_configs=None, **kwargs):
    if settings.DEMO_MODE:
        return []
    try:
        held = [
            username
            for username, encoded in get_user_model()
            .objects.filter(username__in=list(DEMO_USERS), is_active=True)
            .order_by("username")
            .values_list("username", "password")
            if check_password(settings.DEMO_PASSWORD, encoded)
        ]
    except DatabaseError:
        return []
    if not held:
        return []
    return [
        Warning(
            f"Demo logins still hold the published demo password: {', '.join(held)}. "
            "Logins with it are refused outside demo mode.",
            hint=(
                "Set a new password for each (manage.py changepassword NAME) or deactivate "
                "it; a database seeded as a demo is best not used for real work."
            ),
            id=DEMO_PASSWORD_HELD,
        )
    ]
