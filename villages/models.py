"""Places (county → township → village → village group) and the households in them."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from villages import standards
from villages.pinyin import search_key
from villages.scoping import PlaceQuerySet
from villages.validators import validate_phone
from villages.wording import bracketed


class CountyQuerySet(PlaceQuerySet):
    county_path = "pk"


class TownshipQuerySet(PlaceQuerySet):
    county_path = "county"
    township_path = "pk"


class TownshipOwnedQuerySet(PlaceQuerySet):
    county_path = "township__county"
    township_path = "township"


class VillageQuerySet(PlaceQuerySet):
    county_path = "township__county"
    township_path = "township"
    village_path = "pk"


class VillageGroupQuerySet(PlaceQuerySet):
    county_path = "village__township__county"
    township_path = "village__township"
    village_path = "village"


class HouseholdQuerySet(PlaceQuerySet):
    county_path = "village__township__county"
    township_path = "village__township"
    village_path = "village"
    station_path = "village__station"  # a household belongs to its village's station

    def search(self, text):
        """Households whose head's name holds ``text``, in characters or pinyin."""
        # No name holds a space or a control character; PostgreSQL refuses a NUL outright.
        text = "".join(c for c in (text or "") if c.isprintable() and not c.isspace())
        if not text:
            return self
        return self.filter(
            models.Q(head_name__contains=text) | models.Q(name_pinyin__contains=text.lower())
        )


class County(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    objects = CountyQuerySet.as_manager()

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("supervision:county_overview", args=[self.pk])


class Township(models.Model):
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="townships", verbose_name=_("county")
    )
    name = models.CharField(_("name"), max_length=50)
    # The public notice of assigned concerns (督导公示) is open to anyone
    # without a login only when the township turns this on.
    public_notice_open = models.BooleanField(_("public notice open without login"), default=False)

    objects = TownshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("township")
        verbose_name_plural = _("townships")
        ordering = ["county_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name"], name="township_name_unique_in_county"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("supervision:township_overview", args=[self.pk])


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

    objects = VillageQuerySet.as_manager()

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["township_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "name"], name="village_name_unique_in_township"
            ),
        ]

    def __str__(self):
        return self.name


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


class HouseholdTag(models.Model):
    """The fixed list of circumstances a household may be marked with.

    Rows are created by a data migration, one per ``Code``; households hold
    any number of them, so the registers can filter by tag in the database.
    """

    class Code(models.TextChoices):
        HARDSHIP = "hardship", _("hardship household")
        SUBSISTENCE = "subsistence", _("minimum subsistence")
        FIVE_GUARANTEES = "five_guarantees", _("five guarantees")
        PETITIONER = "petitioner", _("petitioner")
        WELL_OFF = "well_off", _("well-off")
        VETERAN = "veteran", _("old party member / old cadre / old model")
        LEFT_BEHIND = "left_behind", _("left-behind")
        DISABLED = "disabled", _("disabled")

    code = models.CharField(_("code"), max_length=20, choices=Code, unique=True)

    class Meta:
        verbose_name = _("household tag")
        verbose_name_plural = _("household tags")
        ordering = ["pk"]

    def __str__(self):
        return str(self.Code(self.code).label)


class Household(models.Model):
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="households", verbose_name=_("village")
    )
    group = models.ForeignKey(
        VillageGroup,
        on_delete=models.PROTECT,
        related_name="households",
        null=True,
        blank=True,
        verbose_name=_("village group"),
    )
    head_name = models.CharField(_("head of household"), max_length=30)
    # Derived from head_name (see save); bulk writers must fill it with search_key().
    name_pinyin = models.CharField(_("pinyin"), max_length=200, blank=True, editable=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    members = models.PositiveSmallIntegerField(_("number of members"), default=1)
    address = models.CharField(_("address"), max_length=200, blank=True)
    tags = models.ManyToManyField(
        HouseholdTag, related_name="households", blank=True, verbose_name=_("tags")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[tags])
    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["village_id", "group_id", "head_name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(members__gte=1), name="household_has_members"),
        ]
        indexes = [
            # The household register of a village, sorted by name, and the
            # likely-duplicate warning (same head of household in one village).
            models.Index(fields=["village", "head_name"], name="household_village_name_idx"),
        ]

    def __str__(self):
        return bracketed(self.head_name, self.village.name)

    def save(self, *args, **kwargs):
        self.name_pinyin = search_key(self.head_name)
        super().save(*args, **kwargs)


class StandardQuerySet(PlaceQuerySet):
    county_path = "county"

    def for_county(self, county_id):
        """The county's standards: its saved row, or an unsaved one with the defaults."""
        return self.in_place(county=county_id).first() or self.model(county_id=county_id)

    def contacts_quota_of(self, village_ref):
        """Contacts per paired household a year in the county of the village ``village_ref``
        (an ``OuterRef``), as an expression: a page reads it inside a query it makes anyway."""
        quota = self.filter(county__townships__villages=village_ref).values(
            "contacts_per_paired_household"
        )[:1]
        return Coalesce(
            Subquery(quota),
            Value(standards.default_contacts_per_year()),
            output_field=models.IntegerField(),
        )


class Standard(models.Model):
    """A county's standards for the stations' work (考核标准), edited by its supervisor.

    Every quota of the practice is a number here, never a constant in code;
    a county without a row works to the defaults (see
    ``Standard.objects.for_county``).
    """

    county = models.OneToOneField(
        County, on_delete=models.CASCADE, related_name="standard", verbose_name=_("county")
    )
    village_days_leadership = models.PositiveSmallIntegerField(
        _("days in a village a year (leadership)"), default=10, validators=[MaxValueValidator(366)]
    )
    village_days_section = models.PositiveSmallIntegerField(
        _("days in a village a year (section level and above)"),
        default=10,
        validators=[MaxValueValidator(366)],
    )
    village_days_ordinary = models.PositiveSmallIntegerField(
        _("days in a village a year (ordinary)"), default=5, validators=[MaxValueValidator(366)]
    )
    contacts_per_paired_household = models.PositiveSmallIntegerField(
        _("contacts per paired household a year"), default=standards.default_contacts_per_year
    )
    farmer_friends_per_member = models.PositiveSmallIntegerField(
        _("farmer friends per member"), default=10
    )
    station_days_per_week = models.PositiveSmallIntegerField(
        _("station duty days a week"), default=1, validators=[MaxValueValidator(7)]
    )
    analysis_meetings_per_quarter = models.PositiveSmallIntegerField(
        _("concern-analysis meetings a quarter"), default=1, validators=[MaxValueValidator(92)]
    )
    # Field names from standards.SEVEN_HAVES; all seven unless the county says otherwise.
    seven_haves_required = models.JSONField(
        _("seven haves required"), default=standards.all_seven_haves, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["county_id"]

    def __str__(self):
        return str(self.county) if self.county_id else str(_("standard"))

    def required_haves(self):
        """[(field, label)] of the seven haves this county requires, in the standard's order."""
        required = set(self.seven_haves_required or ())
        return [(name, label) for name, label in standards.SEVEN_HAVES if name in required]


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
