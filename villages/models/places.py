"""Places: prefecture → county → township → village → village group, and what a
township keeps for everyone (its key contacts, its errand guides)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from villages.models.codes import (
    URBAN_RURAL_CHOICES,
    children_keep_code,
    code_constraints,
    code_is_free,
)
from villages.scoping import PlaceQuerySet
from villages.validators import (
    COUNTY_CODE_LENGTH,
    COUNTY_CODE_MESSAGE,
    DIVISION_CODE_LENGTH,
    DIVISION_CODE_MESSAGE,
    TOWNSHIP_PREFIX_LENGTH,
    URBAN_RURAL_CODES,
    URBAN_RURAL_MESSAGE,
    validate_county_code,
    validate_division_code,
    validate_phone,
    validate_township_code,
    validate_urban_rural_code,
    validate_village_code,
)

COUNTY_CODE_TAKEN = _("Another county already has this division code.")
TOWNSHIP_CODE_TAKEN = _("Another township already has this statistical division code.")
VILLAGE_CODE_TAKEN = _("Another village already has this statistical division code.")


class PrefectureQuerySet(PlaceQuerySet):
    prefecture_path = "pk"


class CountyQuerySet(PlaceQuerySet):
    prefecture_path = "prefecture"
    county_path = "pk"


class TownshipQuerySet(PlaceQuerySet):
    prefecture_path = "county__prefecture"
    county_path = "county"
    township_path = "pk"


class TownshipOwnedQuerySet(PlaceQuerySet):
    prefecture_path = "township__county__prefecture"
    county_path = "township__county"
    township_path = "township"


class VillageQuerySet(PlaceQuerySet):
    prefecture_path = "township__county__prefecture"
    county_path = "township__county"
    township_path = "township"
    village_path = "pk"


class VillageGroupQuerySet(PlaceQuerySet):
    prefecture_path = "village__township__county__prefecture"
    county_path = "village__township__county"
    township_path = "village__township"
    village_path = "village"


class Prefecture(models.Model):
    """A prefecture-level division (市/州/盟, "the city") above its counties.

    It supervises; the county stays the unit that runs the work (its standards,
    calendar, cards). A deployment may hold one county with no prefecture.
    """

    name = models.CharField(_("name"), max_length=50, unique=True)

    objects = PrefectureQuerySet.as_manager()

    class Meta:
        verbose_name = _("prefecture")
        verbose_name_plural = _("prefectures")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("supervision:prefecture_overview", args=[self.pk])


# Every code has a database default (blank) as well: rows written without the field (an
# older migration's models, a bulk load) are places not coded yet.


class County(models.Model):
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="counties",
        verbose_name=_("prefecture"),
    )
    name = models.CharField(_("name"), max_length=50)
    code = models.CharField(
        _("division code"),
        max_length=COUNTY_CODE_LENGTH,
        blank=True,
        default="",
        db_default="",
        validators=[validate_county_code],
        help_text=_("The county's 6-digit administrative division code (GB/T 2260)."),
    )

    objects = CountyQuerySet.as_manager()

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name"]
        constraints = [
            # Two cities may each have a 新华区; within one city (and among the
            # counties of no city) a name says which county is meant.
            models.UniqueConstraint(
                fields=["prefecture", "name"], name="county_name_unique_in_prefecture"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(prefecture__isnull=True),
                name="county_name_unique_without_prefecture",
            ),
            *code_constraints(
                "county",
                length=COUNTY_CODE_LENGTH,
                invalid=COUNTY_CODE_MESSAGE,
                taken=COUNTY_CODE_TAKEN,
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("supervision:county_overview", args=[self.pk])

    def clean(self):
        super().clean()
        code_is_free(self, COUNTY_CODE_TAKEN)
        children_keep_code(self, "townships", self.code, COUNTY_CODE_LENGTH)


class Township(models.Model):
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="townships", verbose_name=_("county")
    )
    name = models.CharField(_("name"), max_length=50)
    # The public notice of assigned concerns (督导公示) is open to anyone
    # without a login only when the township turns this on.
    public_notice_open = models.BooleanField(_("public notice open without login"), default=False)
    code = models.CharField(
        _("statistical division code"),
        max_length=DIVISION_CODE_LENGTH,
        blank=True,
        default="",
        db_default="",
        validators=[validate_division_code],
        help_text=_("12 digits: the county's six, three for the township, then 000."),
    )

    objects = TownshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("township")
        verbose_name_plural = _("townships")
        ordering = ["county_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name"], name="township_name_unique_in_county"
            ),
            *code_constraints(
                "township",
                length=DIVISION_CODE_LENGTH,
                invalid=DIVISION_CODE_MESSAGE,
                taken=TOWNSHIP_CODE_TAKEN,
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("supervision:township_overview", args=[self.pk])

    def clean(self):
        super().clean()
        if self.county_id is not None:
            try:
                validate_township_code(self.code, self.county.code)
            except ValidationError as error:
                raise ValidationError({"code": error}) from None
        code_is_free(self, TOWNSHIP_CODE_TAKEN)
        children_keep_code(self, "villages", self.code, TOWNSHIP_PREFIX_LENGTH)


class TownshipContact(models.Model):
    """A key contact of the township printed on every contact card (leaders, police station)."""

    township = models.ForeignKey(
        Township, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("township")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("full name"), max_length=50)
    position = models.CharField(_("position"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_phone])

    objects = TownshipOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("township key contact")
        verbose_name_plural = _("township key contacts")
        ordering = ["township_id", "order", "pk"]

    def __str__(self):
        return f"{self.position} {self.name}"


class ErrandGuide(models.Model):
    """How to get a common errand done (the "four maps" 4张图), per township."""

    class Kind(models.TextChoices):
        HEALTH = "health", _("family planning and health")
        CIVIL_AFFAIRS = "civil_affairs", _("civil affairs")
        LAND_FORESTRY = "land_forestry", _("land and forestry")
        INSURANCE = "insurance", _("rural medical insurance and pension")

    township = models.ForeignKey(
        Township, on_delete=models.CASCADE, related_name="errand_guides", verbose_name=_("township")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    text = models.TextField(_("procedure"))

    objects = TownshipOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("errand guide")
        verbose_name_plural = _("errand guides")
        ordering = ["township_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["township", "kind"], name="one_guide_per_errand"),
        ]

    def __str__(self):
        return self.get_kind_display()


class Village(models.Model):
    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="villages", verbose_name=_("township")
    )
    name = models.CharField(_("name"), max_length=50)
    code = models.CharField(
        _("statistical division code"),
        max_length=DIVISION_CODE_LENGTH,
        blank=True,
        default="",
        db_default="",
        validators=[validate_division_code],
        help_text=_("12 digits: the township's first nine, then three for the village."),
    )
    urban_rural_code = models.CharField(
        _("urban–rural type code"),
        max_length=3,
        blank=True,
        default="",
        db_default="",
        choices=URBAN_RURAL_CHOICES,
        validators=[validate_urban_rural_code],
        error_messages={"invalid_choice": URBAN_RURAL_MESSAGE},
        help_text=_("Where known."),
    )

    objects = VillageQuerySet.as_manager()

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["township_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "name"], name="village_name_unique_in_township"
            ),
            *code_constraints(
                "village",
                length=DIVISION_CODE_LENGTH,
                invalid=DIVISION_CODE_MESSAGE,
                taken=VILLAGE_CODE_TAKEN,
            ),
            models.CheckConstraint(
                condition=Q(urban_rural_code__in=["", *URBAN_RURAL_CODES]),
                name="village_urban_rural_code_known",
                violation_error_message=URBAN_RURAL_MESSAGE,
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.township_id is not None:
            try:
                validate_village_code(self.code, self.township.code)
            except ValidationError as error:
                raise ValidationError({"code": error}) from None
        code_is_free(self, VILLAGE_CODE_TAKEN)


class VillageGroup(models.Model):
    """A 村民小组: the unit a household's address and the registers are sorted by."""

    village = models.ForeignKey(
        Village, on_delete=models.CASCADE, related_name="groups", verbose_name=_("village")
    )
    name = models.CharField(_("name"), max_length=30)

    objects = VillageGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("village group")
        verbose_name_plural = _("village groups")
        ordering = ["village_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "name"], name="group_name_unique_in_village"
            ),
        ]

    def __str__(self):
        return f"{self.village.name}{self.name}"
