"""The visits app's models: visit logs, the concerns raised in them, meetings and deeds.

Split in modules; everything is importable from ``visits.models``.
"""

from visits.models.concerns import Concern, ConcernEvent, Office
from visits.models.meetings import Deed, Meeting
from visits.models.visits import Visit, VisitPhoto, VisitQuerySet, is_office_staff, photo_path

__all__ = [
    "Concern",
    "ConcernEvent",
    "Deed",
    "Meeting",
    "Office",
    "Visit",
    "VisitPhoto",
    "VisitQuerySet",
    "is_office_staff",
    "photo_path",
]
