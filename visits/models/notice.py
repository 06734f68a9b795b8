"""The public wording of a concern's result, as the township approved it for the notice.

An office's result is free text and may name people; the public notice (督导公示)
shows a result only in the wording township staff confirmed. A new result (the
concern reopened and done again) needs confirming again.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicWording(models.Model):
    public_result = models.TextField(
        _("result as published"),
        blank=True,
        help_text=_("The wording of the result the township approved for the public notice."),
    )
    public_reviewed_at = models.DateTimeField(
        _("public wording approved at"), null=True, blank=True
    )
    public_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("public wording approved by"),
    )

    class Meta:
        abstract = True

    @property
    def public_wording_due(self):
        """Done with a result whose public wording nobody has approved yet."""
        return bool(self.done_on and self.result and self.public_reviewed_at is None)

    def approve_public_wording(self, *, wording, by, now=None):
        self.public_result = wording
        self.public_reviewed_at = now or timezone.now()
        self.public_reviewed_by = by
        self._history_user = by
        self.save(update_fields=["public_result", "public_reviewed_at", "public_reviewed_by"])
