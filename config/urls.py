from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_http_methods, require_safe

from cadres.forms import LoginForm
from cadres.views import home
from config import health
from visits.views import offline

urlpatterns = [
    path("", home.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", authentication_form=LoginForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Every login changes its own password here (an administrator resets one with
    # `manage.py changepassword NAME`); other sessions of the login end with it.
    path(
        "password/",
        require_http_methods(["GET", "HEAD", "POST"])(
            auth_views.PasswordChangeView.as_view(template_name="cadres/password_change.html")
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        require_safe(
            auth_views.PasswordChangeDoneView.as_view(
                template_name="cadres/password_change_done.html"
            )
        ),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    # For load balancers and monitoring: no login, no personal data (config/health.py).
    path("healthz", health.healthz, name="healthz"),
    # The phone's service worker and manifest, at the root so that they cover every page.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("", include("villages.urls")),
    path("stations/", include("stations.urls")),
    path("cadres/", include("cadres.urls")),
    path("cadres/", include("visits.spotchecks.urls")),
    path("visits/", include("visits.urls")),
    path("", include("visits.concerns.urls")),
    path("", include("visits.supervision.urls")),
    path("", include("visits.materials.urls")),
    path("", include("visits.plans.urls")),
    path("supervision/", include("visits.assessment.urls")),
    path("admin/", admin.site.urls),
]

# A database out of reach answers 503 with Retry-After; anything else, the 500 page.
handler500 = "config.unavailable.server_error"
