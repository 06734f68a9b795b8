"""The access log: who looked at or took out personal data, and when (PIPL)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """Who looked at or took out personal data, and when (PIPL): never the value itself.

    Written when a phone number is shown in full, a register is exported, a
    household is opened for correction or its personal data is removed.
    Read-only in the admin; rows are never changed.
    """

    class Action(models.TextChoices):
        REVEAL = "reveal", _("shown in full")
        EXPORT = "export", _("exported")
        EDIT = "edit", _("opened for correction")
        ERASE = "erase", _("personal data removed")

    at = models.DateTimeField(_("at"), default=timezone.now)
    user = models.ForeignKey(
        "cadres.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Kept apart from the foreign key so the row still says who after the login is deleted.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action)
    # The record (for an export: the model of its rows) and the field shown.
    model = models.CharField(_("record type"), max_length=60, blank=True)
    object_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    field = models.CharField(_("field"), max_length=40, blank=True)
    # Exports: the file's name, how many rows it held and the filters it was made with.
    what = models.CharField(_("what"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [
            # "Who looked at this household?" (admin filter, erasure audit).
            models.Index(fields=["model", "object_id"], name="accesslog_record_idx"),
            # "What did this user look at?", newest first.
            models.Index(fields=["user", "-at"], name="accesslog_user_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"
