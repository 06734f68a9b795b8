"""Login users and the cadres (干部) who staff the stations."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from villages.pinyin import search_key
from villages.scoping import PlaceQuerySet
from villages.validators import validate_phone


class User(AbstractUser):
    """A login. Its role and place decide its start page and what it may see."""

    class Role(models.TextChoices):
        COUNTY = "county", _("county supervisor")
        TOWNSHIP = "township", _("township staff")
        CADRE = "cadre", _("station cadre")
        OFFICE = "office", _("office staff")

    role = models.CharField(_("role"), max_length=20, choices=Role, blank=True)
    county = models.ForeignKey(
        "villages.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervisors",
        verbose_name=_("county"),
    )
    township = models.ForeignKey(
        "villages.Township",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("township"),
    )

    # Office staff (业务站所/科室) see the concerns assigned to their office.
    office = models.ForeignKey(
        "visits.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("business office"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # A supervisor without a county, or staff without a township,
            # would see nothing and wonder why: refuse them outright.
            models.CheckConstraint(
                condition=~Q(role="county") | Q(county__isnull=False),
                name="county_supervisor_has_county",
            ),
            models.CheckConstraint(
                condition=~Q(role="township") | Q(township__isnull=False),
                name="township_staff_has_township",
            ),
            models.CheckConstraint(
                condition=~Q(role="office") | Q(office__isnull=False),
                name="office_staff_has_office",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class CadreQuerySet(PlaceQuerySet):
    county_path = "township__county"
    township_path = "township"
    station_path = "assignments__station"

    def _within(self, level, path, ids):
        if level == "station":
            # A cadre sees the people serving at their stations now, not
            # everyone who ever did (and without duplicate rows).
            from stations.models import Assignment

            current = Assignment.objects.current().filter(station__in=ids)
            return self.filter(pk__in=current.values("cadre"))
        return super()._within(level, path, ids)


class Cadre(models.Model):
    """A cadre in the township's register; may or may not have a login."""

    class RankClass(models.TextChoices):
        # The rank class sets the quotas (paired households, days in a village).
        LEADERSHIP = "leadership", _("leadership")
        SECTION = "section", _("section level and above")
        ORDINARY = "ordinary", _("ordinary")

    township = models.ForeignKey(
        "villages.Township",
        on_delete=models.PROTECT,
        related_name="cadres",
        verbose_name=_("township"),
    )
    name = models.CharField(_("full name"), max_length=30)
    # Derived from name (see save); bulk writers must fill it with search_key().
    name_pinyin = models.CharField(_("pinyin"), max_length=200, blank=True, editable=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    work_unit = models.CharField(_("work unit"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=50, blank=True)
    rank_class = models.CharField(
        _("rank class"), max_length=20, choices=RankClass, default=RankClass.ORDINARY
    )
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadre",
        verbose_name=_("login"),
    )

    history = HistoricalRecords()
    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        ordering = ["township_id", "name", "pk"]
        indexes = [
            # The township's cadre register, sorted by name.
            models.Index(fields=["township", "name"], name="cadre_township_name_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_pinyin = search_key(self.name)
        super().save(*args, **kwargs)

    @property
    def is_senior(self):
        return self.rank_class != self.RankClass.ORDINARY


class FeedbackQuerySet(PlaceQuerySet):
    county_path = "township__county"
    township_path = "township"


class Feedback(models.Model):
    """A complaint or suggestion (意见建议) from a user about the app or the work.

    The 2026 rules on government apps require a way to complain or suggest;
    it reaches the staff of the user's township.
    """

    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    township = models.ForeignKey(
        "villages.Township",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("township"),
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The township's feedback inbox, unread first.
            models.Index(fields=["township", "read_at"], name="feedback_inbox_idx"),
        ]

    def __str__(self):
        return self.text[:30]


# Spot checks and ratings live in their own module; Django finds models here.
from cadres.spotcheck_models import (  # noqa: E402
    Rating,
    SpotCheck,
    SpotCheckAnswer,
    VoteItem,
    VoteRound,
)

__all__ = [
    "Cadre",
    "Feedback",
    "Rating",
    "SpotCheck",
    "SpotCheckAnswer",
    "User",
    "VoteItem",
    "VoteRound",
]
