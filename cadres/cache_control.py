"""What a logged-in user is shown is kept by no cache: ``Cache-Control: private, no-store``.

Pages, exports (XLSX, CSV), PDFs and every other answer to a login carry
personal data, so neither a shared cache (a proxy, a county gateway) nor the
browser keeps them: on a shared office computer, "back" after a logout asks
the server again instead of showing what the last user saw. A view that sets
its own Cache-Control keeps it (a visit photo: "private, max-age=86400"; the
login page: Django's ``never_cache``). Downloads work with ``no-store`` in
today's browsers over HTTPS (the old Internet Explorer trouble with no-cache
downloads does not apply). Static files are answered by WhiteNoise before this
runs and keep their far-future caching; public pages seen without a login
(a station's page, an open notice) are left alone.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


class PrivateResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response and _logged_in(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _logged_in(request):
    # Without a session cookie there is no login, and touching the session would
    # only add "Vary: Cookie" to public pages.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated
