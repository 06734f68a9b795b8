from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cadres.forms import LoginForm
from cadres.views import home

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
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("villages.urls")),
    path("stations/", include("stations.urls")),
    path("cadres/", include("cadres.urls")),
    path("cadres/", include("visits.spotchecks.urls")),
    path("visits/", include("visits.urls")),
    path("", include("visits.concerns.urls")),
    path("", include("visits.supervision.urls")),
    path("admin/", admin.site.urls),
]
