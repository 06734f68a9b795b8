"""An import's confirm step, run by the background worker.

The view checks that the waiting file is the asker's and asks for the job;
the worker applies the stored file as the asker (``service.apply``: checked
again against the register as it is now, all or nothing). The outcome is a
message on the job's page: what was imported, or why nothing was.
"""

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _

from villages.imports import service
from villages.jobs.built import outcome
from villages.models import Township

BUILDER = "villages.imports.jobs.confirm"


def key(token):
    """One confirm at a time per waiting file, however many times it is clicked."""
    return f"import:{token.hex}"


def confirm(*, progress, kind, township, user, path, name, language):
    with translation.override(language):
        kind = service.KINDS[kind]
        data = service.read_upload(path)
        if data is None:
            return outcome(_("The uploaded file is no longer kept: upload it again."), ok=False)
        progress(10, _("Checking every row against the register and writing"))
        result = service.apply(
            kind=kind,
            township=Township.objects.get(pk=township),
            user=get_user_model().objects.get(pk=user),
            data=data,
            filename=path,
        )
        if not result.ok:
            # The register changed since the preview: the preview shows why.
            message = _(
                "Nothing was imported from %(name)s: %(count)s problem(s) found on checking "
                "again, such as: %(first)s Check the file again to see them all."
            ) % {
                "name": name,
                "count": len(result.problems),
                "first": "; ".join(str(p.message) for p in result.problems[:3]),
            }
            return outcome(message, ok=False)
        service.discard_upload(path)
        return outcome(
            _("Imported %(name)s: %(summary)s") % {"name": name, "summary": result.summary()}
        )
