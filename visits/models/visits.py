"""Visit logs (民情日记): visits, receptions and meetings, with optional photos."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cadres.models import is_office_staff
from villages.scoping import PlaceQuerySet


class VisitQuerySet(PlaceQuerySet):
    prefecture_path = "station__village__township__county__prefecture"
    county_path = "station__village__township__county"
    township_path = "station__village__township"
    village_path = "station__village"
    station_path = "station"

    def visible_to(self, user):
        # Office staff (业务站所) see the concerns assigned to their office and
        # nothing of the stations' visit logs: the work does not need them.
        if is_office_staff(user):
            return self.none()
        return super().visible_to(user)

    def open_follow_ups(self):
        return self.filter(follow_up=True, follow_up_closed_on__isnull=True)

    def in_month(self, year, month):
        """The visits of a local (Asia/Shanghai) calendar month, as a range of moments
        that the (station, occurred_at) indexes seek into. "Month of the local date = 12"
        could not: a county's month read its whole year (0.24 s → 0.05 s on the city seed).
        """
        following = (year + month // 12, month % 12 + 1)
        since, until = (
            timezone.make_aware(datetime.datetime(y, m, 1)) for y, m in ((year, month), following)
        )
        return self.filter(occurred_at__gte=since, occurred_at__lt=until)

    def hidden(self):
        return self.filter(hidden_at__isnull=False)


class ShownManager(models.Manager):
    """The default manager of records users hide instead of delete: hidden rows left out.

    Every page, figure and export reads through it (or through a related
    manager, which uses it too), so a hidden visit or concern counts nowhere.
    ``all_objects`` still has them, for restoring and for the admin.
    """

    def get_queryset(self):
        return super().get_queryset().filter(hidden_at__isnull=True)


class Hideable(models.Model):
    """Hidden instead of deleted (no user ever deletes a visit or a concern); restorable."""

    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True, editable=False)
    hidden_by = models.ForeignKey(
        "cadres.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("hidden by"),
    )

    class Meta:
        abstract = True

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class Visit(Hideable):
    class Kind(models.TextChoices):
        HOME = "home", _("home visit")
        RECEPTION = "reception", _("reception on duty day")
        FIELD = "field", _("field visit")
        NIGHT = "night", _("night visit")
        PHONE = "phone", _("phone call")
        MEETING = "meeting", _("meeting")

    station = models.ForeignKey(
        "stations.WorkStation",
        on_delete=models.PROTECT,
        db_index=False,  # the (station, occurred_at) index below serves it
        related_name="visits",
        verbose_name=_("station"),
    )
    author = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.PROTECT,
        db_index=False,  # the (author, occurred_at) index below serves it
        related_name="visits",
        verbose_name=_("author"),
    )
    companions = models.ManyToManyField(
        "cadres.Cadre", related_name="accompanied_visits", blank=True, verbose_name=_("companions")
    )
    # Optional: a meeting or a reception of a passer-by has no household.
    household = models.ForeignKey(
        "villages.Household",
        on_delete=models.PROTECT,
        db_index=False,  # the (household, occurred_at) index below serves it
        related_name="visits",
        null=True,
        blank=True,
        verbose_name=_("household"),
    )
    village = models.ForeignKey(
        "villages.Village",
        on_delete=models.PROTECT,
        db_index=False,  # the (village, occurred_at) index below serves it
        related_name="visits",
        verbose_name=_("village"),
    )
    occurred_at = models.DateTimeField(_("date and time"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.HOME)
    ate_together = models.BooleanField(_("ate together"), default=False)
    lived_together = models.BooleanField(_("lived together"), default=False)
    worked_together = models.BooleanField(_("worked together"), default=False)
    seen = models.TextField(_("what was seen"), blank=True)
    asked = models.TextField(_("what was asked"), blank=True)
    follow_up = models.BooleanField(_("follow-up needed"), default=False)
    # Who carries the follow-up (the author, until a rotation hands it over)
    # and when it was closed; open follow-ups are follow_up=True and not closed.
    follow_up_owner = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follow-up carried by"),
    )
    follow_up_closed_on = models.DateField(_("follow-up closed on"), null=True, blank=True)
    # Receptions on a duty day: who came and how it was handled.
    duty_day = models.ForeignKey(
        "stations.DutyDay",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="receptions",
        verbose_name=_("duty day"),
    )
    visitor_name = models.CharField(_("visitor's name"), max_length=30, blank=True)
    handled = models.TextField(_("how it was handled"), blank=True)
    # Optional, off by default: only set when the cadre taps to add a location.
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # The one-time token of the form that created the visit: a resent form
    # finds the visit it already made instead of making a second one.
    token = models.UUIDField(_("form token"), null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[companions])
    objects = ShownManager.from_queryset(VisitQuerySet)()
    all_objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            # A station's recent activity, newest first.
            models.Index(fields=["station", "-occurred_at"], name="visit_station_time_idx"),
            # "My history", newest first.
            models.Index(fields=["author", "-occurred_at"], name="visit_author_time_idx"),
            # Days since the last contact with a paired household.
            models.Index(fields=["household", "-occurred_at"], name="visit_household_time_idx"),
            # Monthly figures per village.
            models.Index(fields=["village", "occurred_at"], name="visit_village_time_idx"),
            # A city's month: the households reached in it (distinct, not rolled up) read
            # its 160,000 visits of 2 million by this range, not the whole table (0.54 s ->
            # 0.29 s on the city seed); a county's month goes through its stations.
            models.Index(fields=["occurred_at"], name="visit_time_idx"),
            # "My open follow-ups" on the cadre's start page.
            models.Index(
                fields=["follow_up_owner", "-occurred_at"],
                condition=models.Q(follow_up=True, follow_up_closed_on__isnull=True),
                name="visit_open_follow_up_idx",
            ),
        ]

    def __str__(self):
        who = self.household.head_name if self.household_id else self.village.name
        return f"{self.get_kind_display()} · {who}"

    def get_absolute_url(self):
        return reverse("visits:visit_detail", args=[self.pk])

    def clean(self):
        if self.household_id and self.village_id and self.household.village_id != self.village_id:
            raise ValidationError({"household": _("The household is not in this village.")})


def photo_path(instance, filename):
    # A random name: the uploaded name may carry personal details, and
    # guessable paths would invite enumeration.
    return f"visit-photos/{instance.visit_id}/{uuid.uuid4().hex}.jpg"


class VisitPhoto(models.Model):
    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="photos", verbose_name=_("visit")
    )
    image = models.ImageField(_("image"), upload_to=photo_path)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
        ordering = ["visit_id", "pk"]

    def __str__(self):
        return f"{self.visit_id}/{self.pk}"
