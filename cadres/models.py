"""Login users and the cadres (干部) who staff the stations."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cadres import role_places
from cadres.sponsoring_units import SponsoringUnit
from villages.pinyin import search_key
from villages.scoping import PlaceQuerySet, Scope
from villages.validators import validate_phone


def is_office_staff(user):
    return bool(
        user is not None
        and user.is_authenticated
        and not user.is_superuser
        and user.role == "office"
    )


class User(AbstractUser):
    """A login. Its role and place decide its start page and what it may see."""

    class Role(models.TextChoices):
        PREFECTURE = "prefecture", _("city supervisor")
        COUNTY = "county", _("county supervisor")
        TOWNSHIP = "township", _("township staff")
        CADRE = "cadre", _("station cadre")
        OFFICE = "office", _("office staff")

    role = models.CharField(_("role"), max_length=20, choices=Role, blank=True)
    prefecture = models.ForeignKey(
        "villages.Prefecture",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervisors",
        verbose_name=_("prefecture"),
    )
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
        "cadres.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("business office"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # The role's place field and no other (``cadres.role_places``).
        constraints = role_places.CONSTRAINTS

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def own_township(self):
        """The township a staff member works for (None for supervisors and superusers)."""
        if self.is_superuser or self.role != self.Role.TOWNSHIP:
            return None
        return self.township

    @property
    def supervises_counties(self) -> bool:
        """Whether the login reads whole counties' pages: a county supervisor (their
        county), a city supervisor (each county of their city), a superuser."""
        return self.is_superuser or self.role in (self.Role.COUNTY, self.Role.PREFECTURE)

    @property
    def keeps_registers(self) -> bool:
        """Township staff keep the registers; a superuser may too."""
        return self.is_superuser or self.role == self.Role.TOWNSHIP

    def place_scope(self) -> Scope:
        """The part of the county this login may see (see ``villages.scoping``).

        The role comes first and names the one place field that counts: a field of
        another level (the database refuses one, see ``Meta``) is never read, so it
        cannot widen what the login sees. A login without a role sees nothing.
        """
        if self.is_superuser:
            return Scope(everything=True)
        match self.role:
            case self.Role.PREFECTURE:
                return self._prefecture_scope()
            case self.Role.COUNTY:
                return self._county_scope()
            case self.Role.TOWNSHIP:
                return self._township_scope()
            case self.Role.OFFICE:
                return self._office_scope()
            case self.Role.CADRE:
                return self._cadre_scope()
        return Scope()

    def _prefecture_scope(self):
        # The counties of the city, through their prefecture: a county with no
        # prefecture, or another city's, is not in it.
        if self.prefecture_id is None:
            return Scope()
        return Scope(ids={"prefecture": frozenset([self.prefecture_id])})

    def _county_scope(self):
        if self.county_id is None:
            return Scope()
        return Scope(ids={"county": frozenset([self.county_id])})

    def _township_scope(self):
        if self.township_id is None:
            return Scope()
        return Scope.of_township(self.township_id, self.township.county_id)

    def _office_scope(self):
        if self.office_id is None:
            return Scope()
        # Office staff reach their township (its offices, its public notice);
        # Concern and Visit narrow this further for them.
        place = (
            Office.objects.filter(pk=self.office_id)
            .values_list("township_id", "township__county_id")
            .first()
        )
        return Scope.of_township(*place) if place else Scope()

    def _cadre_scope(self):
        # A cadre sees the stations they serve at now (the stations app's
        # assignments, read through the cadre's relation to them).
        cadre = getattr(self, "cadre", None)
        if cadre is None:
            return Scope()
        rows = cadre.assignments.current().values_list(
            "station_id",
            "station__village_id",
            "station__village__township_id",
            "station__village__township__county_id",
        )
        columns = list(zip(*rows, strict=True)) or [(), (), (), ()]
        stations, villages, townships, counties = (frozenset(c) for c in columns)
        return Scope(
            ids={
                "county": counties,
                "township": townships,
                "village": villages,
                "station": stations,
            },
        )


class CadreQuerySet(PlaceQuerySet):
    prefecture_path = "township__county__prefecture"
    county_path = "township__county"
    township_path = "township"
    station_path = "assignments__station"

    def _within(self, level, path, places):
        if level == "station":
            # The people serving at the stations now, not everyone who ever
            # did (and without duplicate rows). Assignments belong to the
            # stations app above: reached through the relation.
            assignments = self.model._meta.get_field("assignments").related_model.objects
            current = assignments.current().in_place(station=places)
            return self.filter(pk__in=current.values("cadre"))
        return super()._within(level, path, places)


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
    # The day the cadre agreed that their mobile number is printed on contact
    # cards and shown on the station's public page. Without it both give the
    # station's duty phone instead; the history says who recorded it.
    phone_public_since = models.DateField(
        _("phone published with consent since"), null=True, blank=True
    )
    work_unit = models.CharField(_("work unit"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=50, blank=True)
    # The department that sent the cadre to the villages (a first secretary's, a
    # resident team member's); none for the township's own cadres.
    sponsoring_unit = models.ForeignKey(
        SponsoringUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadres",
        verbose_name=_("sent by (sponsoring unit)"),
    )
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
    prefecture_path = "township__county__prefecture"
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


class OfficeQuerySet(PlaceQuerySet):
    prefecture_path = "township__county__prefecture"
    county_path = "township__county"
    township_path = "township"

    def visible_to(self, user):
        # Office staff see their own office, not the township's others.
        if is_office_staff(user):
            return self.filter(pk=user.office_id) if user.office_id else self.none()
        return super().visible_to(user)

    def active(self):
        return self.filter(active=True)


class Office(models.Model):
    """An office of the township (业务站所/科室) that concerns are assigned to."""

    class Kind(models.TextChoices):
        CIVIL_AFFAIRS = "civil_affairs", _("civil affairs")
        LAND = "land", _("land and resources")
        FORESTRY = "forestry", _("forestry")
        HEALTH = "health", _("health")
        MEDICAL_INSURANCE = "medical_insurance", _("medical insurance")
        POLICE = "police", _("police station")
        JUSTICE = "justice", _("judicial office")
        OTHER = "other", _("other")

    township = models.ForeignKey(
        "villages.Township",
        on_delete=models.PROTECT,
        related_name="offices",
        verbose_name=_("township"),
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind, default=Kind.OTHER)
    # Offices are never deleted (their concerns keep pointing at them); an
    # office that closes is no longer offered for assignment.
    active = models.BooleanField(_("active"), default=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("business office")
        verbose_name_plural = _("business offices")
        # Moved here from the visits app; the table keeps its name (no copy of the rows).
        db_table = "visits_office"
        ordering = ["township_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "name"],
                name="office_name_unique_in_township",
                violation_error_message=_("The township already has an office of this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("concerns:office_concerns", args=[self.pk])


def village_days_for(standard, rank_class):
    """Days a year in a village for a cadre of ``rank_class`` under the county's ``standard``."""
    return {
        Cadre.RankClass.LEADERSHIP: standard.village_days_leadership,
        Cadre.RankClass.SECTION: standard.village_days_section,
        Cadre.RankClass.ORDINARY: standard.village_days_ordinary,
    }.get(rank_class, standard.village_days_ordinary)
