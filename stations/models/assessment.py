"""Assessment rounds (考核): the county or the city assesses its stations, the sponsoring
units and the first secretaries over a period, once (e.g. a year). A city's round covers
all its counties, each station measured against its own county's standards.

The scores are computed from what was recorded (``visits.assessment``); the round keeps
only what people decide: its period, how much each part weighs, the assessor's marks
and notes, and whether the result is published. Nothing here counts use of the app
(国办函〔2026〕12号): no part of a score is made of log-ins, time online or points.
"""

import secrets

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from villages.scoping import LEVELS, PlaceQuerySet, Scope


def new_public_key():
    """The random part of a published result's address (72 bits): not walked by counting."""
    return secrets.token_urlsafe(9)


class AssessmentRoundQuerySet(PlaceQuerySet):
    prefecture_path = "county__prefecture"
    county_path = "county"

    def visible_to(self, user):
        """A county's rounds as every place-scoped row; a city's round to the city's
        supervisors and to those of the city's counties (who read it: the city runs it)."""
        scope = Scope.of(user)
        finest = next((level for level in reversed(LEVELS) if level in scope.ids), None)
        if scope.everything or finest not in ("prefecture", "county"):
            return super().visible_to(user)
        ids = scope.ids[finest]
        city = Q(prefecture__in=ids) if finest == "prefecture" else Q(prefecture__counties__in=ids)
        own = super().visible_to(user).values("pk")
        return self.filter(Q(pk__in=own) | city).distinct()

    def run_by_city(self, prefecture):
        """The rounds the city runs (its own ``prefecture``: who runs it, not a place path)."""
        return self.filter(prefecture=prefecture)

    def covering(self, county):
        """The county's own rounds and its city's, which cover the county too."""
        place = Q(county=county)
        if county.prefecture_id:
            place |= Q(prefecture=county.prefecture_id)
        return self.filter(place)


class AssessmentRound(models.Model):
    """A county's or a city's assessment over a period, of its stations, units and first
    secretaries (exactly one of ``county`` and ``prefecture`` is set)."""

    county = models.ForeignKey(
        "villages.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment_rounds",
        verbose_name=_("county"),
    )
    prefecture = models.ForeignKey(
        "villages.Prefecture",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment_rounds",
        verbose_name=_("city"),
    )
    title = models.CharField(_("title"), max_length=100)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    # Each part of a result in percent; a part a subject lacks is left out and the
    # others weigh in proportion.
    weight_records = models.PositiveSmallIntegerField(
        _("weight of the recorded work (%)"), default=60, validators=[MaxValueValidator(100)]
    )
    weight_households = models.PositiveSmallIntegerField(
        _("weight of what households say (%)"), default=30, validators=[MaxValueValidator(100)]
    )
    weight_assessor = models.PositiveSmallIntegerField(
        _("weight of the assessor's marks (%)"), default=10, validators=[MaxValueValidator(100)]
    )
    # The county chooses to publish: the stations' and units' results, no person's.
    published = models.BooleanField(_("published"), default=False)
    # When the results were frozen in ``AssessmentResult`` (on publishing): a published
    # result (通报/公示) must not move when records are corrected later.
    frozen_at = models.DateTimeField(_("results frozen at"), null=True, blank=True, editable=False)
    # Why a published result was last withdrawn (it is recomputed when published again).
    withdrawn_reason = models.TextField(_("reason for withdrawing"), blank=True, max_length=500)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    public_key = models.CharField(
        _("public address key"), max_length=16, unique=True, default=new_public_key, editable=False
    )
    created_by = models.ForeignKey(
        "cadres.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A round under way is computed by the worker, not on its page (a city's round took
    # 14 s at city size): when its stored rows (``AssessmentResult``) were read from the
    # records, and when a computation was last asked for (``visits.assessment.under_way``).
    computed_at = models.DateTimeField(
        _("results computed at"), null=True, blank=True, editable=False
    )
    compute_asked_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the worker's last computation raised (the page says so, and asks again later).
    compute_failed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AssessmentRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["-end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="assessment_round_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(weight_records__gt=0) | Q(weight_households__gt=0),
                name="assessment_round_weighs_the_work",
                violation_error_message=_(
                    "Give the recorded work or what households say some weight: the assessor's "
                    "marks alone are no assessment."
                ),
            ),
            models.UniqueConstraint(
                fields=["county", "title"],
                name="assessment_round_title_unique_in_county",
                violation_error_message=_("The county already has a round of this title."),
            ),
            models.CheckConstraint(
                condition=Q(county__isnull=False, prefecture__isnull=True)
                | Q(county__isnull=True, prefecture__isnull=False),
                name="assessment_round_of_a_county_or_a_city",
                violation_error_message=_("A round is either a county's or a city's."),
            ),
            models.UniqueConstraint(
                fields=["prefecture", "title"],
                name="assessment_round_title_unique_in_city",
                violation_error_message=_("The city already has a round of this title."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessment:round_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("assessment:round_public", args=[self.public_key])

    @property
    def place(self):
        """The county or the city that runs the round."""
        return self.county or self.prefecture


class AssessmentNoteQuerySet(PlaceQuerySet):
    prefecture_path = "round__county__prefecture"
    county_path = "round__county"


class AssessmentNote(models.Model):
    """The assessor's mark (0–100) and note on one station, unit or first secretary."""

    class Subject(models.TextChoices):
        STATION = "station", _("station")
        UNIT = "unit", _("sponsoring unit")
        CADRE = "cadre", _("first secretary")

    round = models.ForeignKey(
        AssessmentRound, on_delete=models.CASCADE, related_name="notes", verbose_name=_("round")
    )
    station = models.ForeignKey(
        "stations.WorkStation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("station"),
    )
    unit = models.ForeignKey(
        "cadres.SponsoringUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sponsoring unit"),
    )
    cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cadre"),
    )
    mark = models.PositiveSmallIntegerField(
        _("assessor's mark (0–100)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("assessor's note"), blank=True, max_length=2000)
    written_by = models.ForeignKey(
        "cadres.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written at"), auto_now=True)

    objects = AssessmentNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment note")
        verbose_name_plural = _("assessment notes")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(station__isnull=False, unit__isnull=True, cadre__isnull=True)
                    | Q(station__isnull=True, unit__isnull=False, cadre__isnull=True)
                    | Q(station__isnull=True, unit__isnull=True, cadre__isnull=False)
                ),
                name="assessment_note_of_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(mark__isnull=True) | Q(mark__lte=100),
                name="assessment_note_mark_at_most_100",
            ),
            models.UniqueConstraint(
                fields=["round", "station"], name="one_assessment_note_per_station"
            ),
            models.UniqueConstraint(fields=["round", "unit"], name="one_assessment_note_per_unit"),
            models.UniqueConstraint(
                fields=["round", "cadre"], name="one_assessment_note_per_cadre"
            ),
        ]

    def __str__(self):
        return f"{self.round} · {self.station or self.unit or self.cadre}"

    @property
    def subject(self):
        return self.station or self.unit or self.cadre


class AssessmentResult(models.Model):
    """One row of a round's results, as stored: of a published round, as published (the
    public page, the round's page and its workbook read these, not the records, until the
    result is withdrawn); of a round under way, its recorded work and households' parts as
    the worker last computed them (the marks, notes, totals and ranks are read live)."""

    round = models.ForeignKey(
        AssessmentRound, on_delete=models.CASCADE, related_name="frozen", verbose_name=_("round")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=AssessmentNote.Subject.choices)
    subject_id = models.PositiveIntegerField(_("subject id"))
    name = models.CharField(_("name"), max_length=200)
    # The first secretary's station, as shown beside the name inside (never in public).
    assessed_at_name = models.CharField(_("station"), max_length=200, blank=True)
    records = models.FloatField(_("recorded work"), null=True, blank=True)
    households = models.FloatField(_("what households say"), null=True, blank=True)
    mark = models.PositiveSmallIntegerField(_("assessor's mark"), null=True, blank=True)
    note = models.TextField(_("assessor's note"), blank=True)
    total = models.FloatField(_("total"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"))
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        verbose_name = _("published result")
        verbose_name_plural = _("published results")
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "subject_id"], name="one_published_result_per_subject"
            ),
        ]

    def __str__(self):
        return f"{self.round} · {self.name}"
