from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("work stations")

    def ready(self):
        from stations.imports import assignments, pairings, roster
        from villages.imports import kinds

        kinds.register(assignments.KIND)
        kinds.register(pairings.KIND)
        kinds.register(roster.KIND)
