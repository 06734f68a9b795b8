"""明天到期: what falls due tomorrow for each office, as the nightly job found it.

``manage.py remind_due`` (a systemd timer shortly after midnight, Beijing time)
lists each office's open concerns due the next day; the office's inbox shows the
list at its top the next morning. Run twice the same night, it finds the same
row and sets the same list.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres.models import Office
from visits.models.concerns import Concern


class DueDigest(models.Model):
    """One office's open concerns due on ``due_on``, as listed at ``made_at``."""

    office = models.ForeignKey(
        Office,
        on_delete=models.CASCADE,  # derived from the concerns: nothing is lost with it
        related_name="due_digests",
        verbose_name=_("business office"),
    )
    due_on = models.DateField(_("due on"))
    made_at = models.DateTimeField(_("listed at"))
    concerns = models.ManyToManyField(
        Concern, related_name="+", blank=True, verbose_name=_("concerns")
    )

    class Meta:
        verbose_name = _("due-tomorrow list")
        verbose_name_plural = _("due-tomorrow lists")
        constraints = [
            # One list per office and day: the job run twice updates it.
            models.UniqueConstraint(fields=["office", "due_on"], name="one_due_digest_per_day"),
        ]

    def __str__(self):
        return f"{self.office} · {self.due_on}"
