"""The visits app's models: visit logs, and the concerns raised in them.

Split in two modules; everything is importable from ``visits.models``.
"""

from visits.models.concerns import Concern, ConcernEvent, Office
from visits.models.visits import Visit, VisitPhoto, VisitQuerySet, is_office_staff, photo_path

__all__ = [
    "Concern",
    "ConcernEvent",
    "Office",
    "Visit",
    "VisitPhoto",
    "VisitQuerySet",
    "is_office_staff",
    "photo_path",
]
