"""The demo logins' published password, kept out of real deployments.

Outside demo mode (``DEMO_MODE`` off) it is refused when a password is set
(``cadres.password_validation``), refused at every login (the backend below:
the login page, the admin's, any ``authenticate()``), and ``check --deploy``
warns while a demo login still holds it (``visits/demo/checks.py``).

A login with it is refused rather than sent to change it: the password is
printed in the README, so anyone could log in first and choose the new one.
An administrator sets a new password on the server (``manage.py
changepassword NAME``).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied


def refused(password):
    """Whether ``password`` is the demo password on a server that is not a demo."""
    return not settings.DEMO_MODE and password == settings.DEMO_PASSWORD


class DemoPasswordGate:
    """An authentication backend that only refuses: the demo password outside demo mode.

    Listed before Django's ``ModelBackend``; ``PermissionDenied`` ends the login
    there (Django sends ``user_login_failed``, so the throttle counts it).
    Refused before any account is looked up, so the answer is the same whether
    or not a login still holds it. It logs nobody in, so it has no ``get_user``
    and sessions keep naming ``ModelBackend``.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if refused(password):
            raise PermissionDenied
        return None
