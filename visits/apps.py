from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("visit logs")

    def ready(self):
        # Registers the deployment check for demo logins left with the demo password.
        from visits.demo import checks  # noqa: F401
