"""Every figure's definition, looked up by "family.name" (``activity.duty_days``,
``concerns.done_rate``, …) for the templates, the workbook and the booklet.

The definitions themselves live with the code that computes each family of
figures; this module only gathers them, so a page names a figure once and
shows the same label and sentence as the report.
"""

from villages.definitions import Definition
from visits.assessment.definitions import DEFINITIONS as ASSESSMENT
from visits.concerns.definitions import DEFINITIONS as CONCERNS
from visits.concerns.definitions import INBOX
from visits.materials.definitions import DEFINITIONS as MATERIALS
from visits.meetings.definitions import DEFINITIONS as MEETINGS
from visits.plans.definitions import DEFINITIONS as PLANS
from visits.spotchecks.definitions import DEFINITIONS as SPOTCHECKS
from visits.supervision.definitions import CITY, COVERAGE, SHORTFALLS, WORKLIST
from visits.supervision.definitions import DEFINITIONS as ACTIVITY
from visits.units.definitions import DEFINITIONS as UNITS

FAMILIES = {
    "activity": ACTIVITY,
    "city": CITY,
    "concerns": CONCERNS,
    "inbox": INBOX,
    "meetings": MEETINGS,
    "spotchecks": SPOTCHECKS,
    "shortfalls": SHORTFALLS,
    "worklist": WORKLIST,
    "coverage": COVERAGE,
    "materials": MATERIALS,
    "plans": PLANS,
    "units": UNITS,
    "assessment": ASSESSMENT,
}


def definition(key: str) -> Definition:
    """The definition of ``key`` ("family.name"); ``KeyError`` for an unknown figure."""
    family, _dot, name = key.partition(".")
    return FAMILIES[family][name]


def definitions(*keys: str) -> list[Definition]:
    return [definition(key) for key in keys]
