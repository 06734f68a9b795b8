from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("visit logs")

    def ready(self):
        # Registers the deployment checks (demo logins left with the demo password,
        # PDFs that would embed whole fonts) and the hooks that keep the visit
        # rollups counted as visits are written.
        from visits import card_rollups, day_rollups, rollups  # noqa: F401
        from visits.demo import checks  # noqa: F401
        from visits.reports import fonts  # noqa: F401
