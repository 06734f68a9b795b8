"""The stations app's models: work stations, who staffs them, paired households, farmer
friends, contact cards, duty days, monthly materials and annual work plans.

Split in modules; everything is importable from ``stations.models``.
"""

from stations.models.assessment import (
    AssessmentNote,
    AssessmentNoteQuerySet,
    AssessmentResult,
    AssessmentRound,
    AssessmentRoundQuerySet,
)
from stations.models.assignments import Assignment, AssignmentQuerySet, Pairing, PairingQuerySet
from stations.models.cards import (
    CardSerialCounter,
    ContactCard,
    ContactCardLine,
    ContactCardQuerySet,
)
from stations.models.duty import DutyDay, DutyDayQuerySet
from stations.models.friends import FarmerFriend, FarmerFriendQuerySet
from stations.models.months import (
    LOCKED_STATES,
    MaterialsStandard,
    MonthState,
    StationMonth,
    StationMonthEvent,
    StationMonthQuerySet,
)
from stations.models.plans import (
    AnnualPlan,
    AnnualPlanQuerySet,
    Measure,
    PlanItem,
    PlanState,
)
from stations.models.stations import DutyRule, StationQuerySet, WorkStation, parse_duty_days

__all__ = [
    "AnnualPlan",
    "AnnualPlanQuerySet",
    "Measure",
    "PlanItem",
    "PlanState",
    "AssessmentNote",
    "AssessmentResult",
    "AssessmentNoteQuerySet",
    "AssessmentRound",
    "AssessmentRoundQuerySet",
    "LOCKED_STATES",
    "MaterialsStandard",
    "MonthState",
    "StationMonth",
    "StationMonthEvent",
    "StationMonthQuerySet",
    "Assignment",
    "AssignmentQuerySet",
    "CardSerialCounter",
    "ContactCard",
    "ContactCardLine",
    "ContactCardQuerySet",
    "DutyDay",
    "DutyDayQuerySet",
    "DutyRule",
    "FarmerFriend",
    "FarmerFriendQuerySet",
    "Pairing",
    "PairingQuerySet",
    "StationQuerySet",
    "WorkStation",
    "parse_duty_days",
]
