from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "villages"
    verbose_name = _("villages and households")

    def ready(self):
        from villages.imports import households, kinds

        kinds.register(households.KIND)
