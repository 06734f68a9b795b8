"""Writes of spot checks and ratings: the draw, the answers, rating sheets and vote rounds.

A draw is reproducible: ``random.Random(seed)`` samples the households of the
cadre's current pairings ordered by pk, so the same seed over the same
pairings always gives the same households, and the seed is stored with the
draw. An answer's 知民度 part is checked against the register here, when it is
recorded, so nobody types whether the cadre was right.
"""

import random
import secrets

from django.db import transaction
from django.utils import timezone

from stations.models import Pairing
from visits.models import Rating, SpotCheck, SpotCheckAnswer, VoteItem

# Seeds fit a signed 64-bit column on every database.
SEED_LIMIT = 2**63


def new_seed():
    return secrets.randbelow(SEED_LIMIT)


def paired_households(cadre, *, user=None):
    """Ids of the households the cadre is paired with now, ordered by pk."""
    pairings = Pairing.objects.current().filter(cadre=cadre)
    if user is not None:
        pairings = pairings.visible_to(user)
    return list(pairings.order_by("household_id").values_list("household_id", flat=True))


def draw_households(household_ids, *, seed, size):
    """``size`` of ``household_ids`` (ordered by pk) drawn with ``seed``, in drawing order."""
    return random.Random(seed).sample(sorted(household_ids), size)


@transaction.atomic
def draw(*, cadre, size, seed, by):
    """Record a draw of ``size`` of the cadre's current paired households.

    The caller has checked that the cadre has at least ``size`` of them (the
    draw form says so in words); a shortfall here is a programming error.
    """
    households = paired_households(cadre, user=by)
    drawn = draw_households(households, seed=seed, size=size)
    check = SpotCheck.objects.create(
        township=cadre.township,
        cadre=cadre,
        drawn_by=by,
        sample_size=size,
        seed=seed,
        pairings_count=len(households),
    )
    SpotCheckAnswer.objects.bulk_create(
        SpotCheckAnswer(spot_check=check, household_id=household, position=number)
        for number, household in enumerate(drawn, start=1)
    )
    return check


def same_name(said, register):
    """Names compare without the spaces people type between characters."""
    return "".join(said.split()) == "".join(register.split())


@transaction.atomic
def record_answer(*, answer, data, by):
    """Record what the household and the cadre said, and check the cadre against the register.

    ``data`` is the answer form's cleaned data. A household that could not be
    reached says nothing about the cadre; a cadre not asked gets no 知民度.
    """
    household = answer.household
    answer.contact = data["contact"]
    reached = answer.contact in SpotCheckAnswer.REACHED
    for name in ("knows_name", "knows_phone", "was_visited"):
        setattr(answer, name, reached and bool(data.get(name)))

    answer.cadre_asked = bool(data.get("cadre_asked"))
    said_tags = set(data.get("cadre_tags") or ()) if answer.cadre_asked else set()
    if answer.cadre_asked:
        answer.cadre_members = data["cadre_members"]
        answer.cadre_head_name = data.get("cadre_head_name") or ""
        register_tags = {tag.pk for tag in household.tags.all()}
        answer.members_right = answer.cadre_members == household.members
        answer.head_name_right = same_name(answer.cadre_head_name, household.head_name)
        answer.tags_right = {tag.pk for tag in said_tags} == register_tags
    else:
        answer.cadre_members = None
        answer.cadre_head_name = ""
        answer.members_right = answer.head_name_right = answer.tags_right = None

    answer.recorded_at = timezone.now()
    answer.recorded_by = by
    answer.save()
    answer.cadre_tags.set(said_tags)
    return answer


@transaction.atomic
def save_ratings(*, station, household, rated_on, values, by):
    """One rating sheet: a household's ratings of station members, ``{cadre: value}``."""
    return Rating.objects.bulk_create(
        Rating(
            station=station,
            cadre=cadre,
            household=household,
            value=value,
            rated_on=rated_on,
            entered_by=by,
        )
        for cadre, value in values.items()
    )


@transaction.atomic
def save_vote_round(*, form, items, by):
    """A vote round and its items (``[(kind, text, votes)]``), all or nothing."""
    vote_round = form.save(commit=False)
    vote_round.entered_by = by
    vote_round.save()
    VoteItem.objects.bulk_create(
        VoteItem(round=vote_round, kind=kind, text=text, votes=votes) for kind, text, votes in items
    )
    return vote_round
