"""Spot checks (抽查) and ratings by the masses (群众测评): what households say about cadres.

The township office draws a random sample of a cadre's paired households and
asks each, by phone or in person, whether they know the cadre (知名度); it
asks the cadre about each household and checks the answers against the
register (知民度). Households rate station members, and the township holds
periodic votes on what the masses were most and least satisfied with. The
most and least seen members of a period are computed from these alone, never
from how much anyone used the app (the 2026 rules forbid ranking by usage).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from villages.scoping import PlaceQuerySet

# Never more households in one draw than a clerk can call in an afternoon.
MAX_SAMPLE = 50


class SpotCheckQuerySet(PlaceQuerySet):
    prefecture_path = "township__county__prefecture"
    county_path = "township__county"
    township_path = "township"


class SpotCheck(models.Model):
    """One draw of a cadre's paired households, kept so it can be reproduced.

    The same seed over the same current pairings (households ordered by pk)
    draws the same households: see ``visits.spotchecks.services.draw_households``.
    """

    township = models.ForeignKey(
        "villages.Township",
        on_delete=models.PROTECT,
        related_name="spot_checks",
        verbose_name=_("township"),
    )
    cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.PROTECT,
        related_name="spot_checks",
        verbose_name=_("cadre"),
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("drawn by"),
    )
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)
    sample_size = models.PositiveSmallIntegerField(
        _("sample size"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SAMPLE)]
    )
    seed = models.BigIntegerField(_("seed"))
    # How many current pairings the draw was made from (to reproduce it later).
    pairings_count = models.PositiveIntegerField(_("paired households at the draw"))

    objects = SpotCheckQuerySet.as_manager()

    class Meta:
        # Moved here from the cadres app; the table keeps its name (no copy of the rows).
        db_table = "cadres_spotcheck"
        verbose_name = _("spot check")
        verbose_name_plural = _("spot checks")
        ordering = ["-drawn_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sample_size__gte=1), name="spot_check_draws_someone"
            ),
        ]
        indexes = [
            # The township's list of draws, newest first.
            models.Index(fields=["township", "-drawn_at"], name="spot_check_township_idx"),
            # A cadre's spot-check results.
            models.Index(fields=["cadre", "-drawn_at"], name="spot_check_cadre_idx"),
        ]

    def __str__(self):
        return f"{self.cadre} · {self.drawn_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("spotchecks:spot_check_detail", args=[self.pk])


class SpotCheckAnswerQuerySet(PlaceQuerySet):
    prefecture_path = "spot_check__township__county__prefecture"
    county_path = "spot_check__township__county"
    township_path = "spot_check__township"

    def reached(self):
        return self.filter(contact__in=SpotCheckAnswer.REACHED)

    def cadre_asked(self):
        return self.filter(cadre_asked=True)


class SpotCheckAnswer(models.Model):
    """One drawn household: what it said about the cadre, and what the cadre said about it.

    The ``*_right`` fields are computed against the register when the answer
    is recorded (``visits.spotchecks.services.record_answer``), never typed in.
    """

    class Contact(models.TextChoices):
        PHONE = "phone", _("by phone")
        VISIT = "visit", _("in person")
        UNREACHED = "unreached", _("could not be reached")

    REACHED = (Contact.PHONE, Contact.VISIT)

    spot_check = models.ForeignKey(
        SpotCheck, on_delete=models.CASCADE, related_name="answers", verbose_name=_("spot check")
    )
    household = models.ForeignKey(
        "villages.Household",
        on_delete=models.CASCADE,
        related_name="spot_check_answers",
        verbose_name=_("household"),
    )
    # The order the household was drawn in (1, 2, ...).
    position = models.PositiveSmallIntegerField(_("drawn as number"))

    # Does the household know the cadre? (知名度)
    contact = models.CharField(_("contact"), max_length=20, choices=Contact, blank=True)
    knows_name = models.BooleanField(_("knows the cadre's name"), default=False)
    knows_phone = models.BooleanField(_("knows the cadre's phone"), default=False)
    was_visited = models.BooleanField(_("has been visited by the cadre"), default=False)

    # Does the cadre know the household? (知民度)
    cadre_asked = models.BooleanField(_("cadre asked"), default=False)
    cadre_members = models.PositiveSmallIntegerField(
        _("members, as the cadre said"), null=True, blank=True
    )
    cadre_head_name = models.CharField(
        _("head's name, as the cadre said"), max_length=30, blank=True
    )
    cadre_tags = models.ManyToManyField(
        "villages.HouseholdTag",
        db_table="cadres_spotcheckanswer_cadre_tags",
        related_name="+",
        blank=True,
        verbose_name=_("circumstances, as the cadre said"),
    )
    members_right = models.BooleanField(_("members right"), null=True)
    head_name_right = models.BooleanField(_("head's name right"), null=True)
    tags_right = models.BooleanField(_("circumstances right"), null=True)

    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = SpotCheckAnswerQuerySet.as_manager()

    class Meta:
        # Moved here from the cadres app; the table keeps its name (no copy of the rows).
        db_table = "cadres_spotcheckanswer"
        verbose_name = _("spot-check answer")
        verbose_name_plural = _("spot-check answers")
        ordering = ["spot_check_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["spot_check", "household"], name="one_answer_per_drawn_household"
            ),
            models.UniqueConstraint(
                fields=["spot_check", "position"], name="one_household_per_draw_position"
            ),
        ]
        indexes = [
            # The period summary: answers recorded in a month.
            models.Index(fields=["recorded_at"], name="spot_answer_recorded_idx"),
        ]

    def __str__(self):
        return f"{self.spot_check} · {self.household_id}"

    @property
    def is_recorded(self):
        return self.recorded_at is not None

    @property
    def is_reached(self):
        return self.contact in self.REACHED


class RatingQuerySet(PlaceQuerySet):
    prefecture_path = "station__village__township__county__prefecture"
    county_path = "station__village__township__county"
    township_path = "station__village__township"
    village_path = "station__village"
    station_path = "station"


class Rating(models.Model):
    """A household's rating of one station member (群众测评), on the day it was given.

    The scale is the one households already use for concerns: satisfied,
    basically satisfied, not satisfied.
    """

    class Value(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        BASICALLY = "basically", _("basically satisfied")
        NOT_SATISFIED = "not_satisfied", _("not satisfied")

    station = models.ForeignKey(
        "stations.WorkStation",
        on_delete=models.PROTECT,
        related_name="ratings",
        verbose_name=_("station"),
    )
    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.PROTECT, related_name="ratings", verbose_name=_("cadre")
    )
    # Blank for a rating sheet handed in without a name (匿名测评).
    household = models.ForeignKey(
        "villages.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("household"),
    )
    value = models.CharField(_("rating"), max_length=20, choices=Value)
    rated_on = models.DateField(_("rated on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        # Moved here from the cadres app; the table keeps its name (no copy of the rows).
        db_table = "cadres_rating"
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-rated_on", "-pk"]
        indexes = [
            # The period summary and the ratings list of a station.
            models.Index(fields=["station", "rated_on"], name="rating_station_day_idx"),
        ]

    def __str__(self):
        return f"{self.cadre} · {self.get_value_display()}"


class VoteRoundQuerySet(PlaceQuerySet):
    prefecture_path = "township__county__prefecture"
    county_path = "township__county"
    township_path = "township"


class VoteRound(models.Model):
    """A periodic vote of the masses on what they were most and least satisfied with."""

    township = models.ForeignKey(
        "villages.Township",
        on_delete=models.PROTECT,
        related_name="vote_rounds",
        verbose_name=_("township"),
    )
    title = models.CharField(_("title"), max_length=100)
    held_on = models.DateField(_("held on"))
    voters = models.PositiveIntegerField(_("people who voted"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    objects = VoteRoundQuerySet.as_manager()

    class Meta:
        # Moved here from the cadres app; the table keeps its name (no copy of the rows).
        db_table = "cadres_voteround"
        verbose_name = _("vote round")
        verbose_name_plural = _("vote rounds")
        ordering = ["-held_on", "-pk"]
        indexes = [
            # The township's rounds, newest first.
            models.Index(fields=["township", "-held_on"], name="vote_round_township_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("spotchecks:vote_round_detail", args=[self.pk])


class VoteItemQuerySet(PlaceQuerySet):
    prefecture_path = "round__township__county__prefecture"
    county_path = "round__township__county"
    township_path = "round__township"


class VoteItem(models.Model):
    """One thing the masses named in a vote round, and how many named it."""

    class Kind(models.TextChoices):
        MOST = "most", _("most satisfied with")
        LEAST = "least", _("least satisfied with")

    round = models.ForeignKey(
        VoteRound, on_delete=models.CASCADE, related_name="items", verbose_name=_("vote round")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    text = models.CharField(_("what"), max_length=200)
    votes = models.PositiveIntegerField(_("votes"))

    objects = VoteItemQuerySet.as_manager()

    class Meta:
        # Moved here from the cadres app; the table keeps its name (no copy of the rows).
        db_table = "cadres_voteitem"
        verbose_name = _("vote item")
        verbose_name_plural = _("vote items")
        ordering = ["round_id", "kind", "-votes", "pk"]

    def __str__(self):
        return self.text
