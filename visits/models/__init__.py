"""The visits app's models: visit logs, the concerns raised in them, meetings and deeds,
spot checks and ratings.

Split in modules; everything is importable from ``visits.models``.
"""

from visits.models.concerns import Concern, ConcernEvent
from visits.models.digests import DueDigest
from visits.models.meetings import Deed, Meeting
from visits.models.rollups import CardMonth, ReachMonth, VillageDay, VisitMonth
from visits.models.spotchecks import Rating, SpotCheck, SpotCheckAnswer, VoteItem, VoteRound
from visits.models.visits import Visit, VisitPhoto, VisitQuerySet, photo_path

__all__ = [
    "CardMonth",
    "Concern",
    "ConcernEvent",
    "Deed",
    "DueDigest",
    "Meeting",
    "Rating",
    "SpotCheck",
    "SpotCheckAnswer",
    "Visit",
    "ReachMonth",
    "VillageDay",
    "VisitMonth",
    "VisitPhoto",
    "VisitQuerySet",
    "VoteItem",
    "VoteRound",
    "photo_path",
]
