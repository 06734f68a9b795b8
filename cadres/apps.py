from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "cadres"
    verbose_name = _("cadres")

    def ready(self):
        # Stamps the login time on every login, force_login in tests included.
        from cadres import imports, session_timeout  # noqa: F401
        from villages.imports import kinds

        kinds.register(imports.KIND)
