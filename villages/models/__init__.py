"""The villages app's models: places, households, the county's standards, the working
calendar, the access log and background jobs.

Split in modules; everything is importable from ``villages.models``.
"""

from villages.models.access_log import AccessLog
from villages.models.calendar import CalendarDay, CalendarDayQuerySet
from villages.models.households import Household, HouseholdQuerySet, HouseholdTag
from villages.models.jobs import Job, JobRequest, WorkerHeartbeat
from villages.models.places import (
    County,
    CountyQuerySet,
    ErrandGuide,
    Prefecture,
    PrefectureQuerySet,
    Township,
    TownshipContact,
    TownshipOwnedQuerySet,
    TownshipQuerySet,
    Village,
    VillageGroup,
    VillageGroupQuerySet,
    VillageQuerySet,
)
from villages.models.standards import Standard, StandardQuerySet

__all__ = [
    "AccessLog",
    "CalendarDay",
    "CalendarDayQuerySet",
    "County",
    "Prefecture",
    "PrefectureQuerySet",
    "CountyQuerySet",
    "ErrandGuide",
    "Household",
    "HouseholdQuerySet",
    "HouseholdTag",
    "Job",
    "JobRequest",
    "Standard",
    "StandardQuerySet",
    "Township",
    "TownshipContact",
    "TownshipOwnedQuerySet",
    "TownshipQuerySet",
    "Village",
    "VillageGroup",
    "VillageGroupQuerySet",
    "VillageQuerySet",
    "WorkerHeartbeat",
]
