"""What each figure of an annual plan's progress counts, in words (``visits.plans.progress``
computes them), and what each measure counts; shown beside the numbers on the plan's page,
the township's list, the workbook's definitions sheet and the PDF's notes."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stations.models import Measure
from villages.definitions import Definition

DEFINITIONS = {
    "target": Definition(
        _("Target"),
        _("What the station's plan aims at in the calendar year, as the plan was saved."),
    ),
    "done": Definition(
        _("Done so far"),
        _(
            "Counted from the station's records from 1 January of the plan's year up to "
            "today (or 31 December once the year is over); nobody types it in."
        ),
    ),
    "share": Definition(
        _("Share done"),
        _("Done so far divided by the target; none when the target is 0."),
    ),
    "expected": Definition(
        _("Expected by today"),
        _(
            "The target spread evenly over the year: target × days of the year gone by "
            "(today included) ÷ days in the year. The whole target once the year is over."
        ),
    ),
    "verdict": Definition(
        _("Standing"),
        _(
            "Done: the target is reached. On track: done so far is at least the expected "
            "figure rounded down to a whole unit. Behind: less than that. Once the year is "
            "over: met or not met."
        ),
    ),
    "plans_on_track": Definition(
        _("Plans on track"),
        _(
            "The township's plans of the year with at least one target, every one of them "
            "done or on track as of today."
        ),
    ),
    "plans_behind": Definition(
        _("Plans behind"),
        _("The township's plans of the year with at least one target behind as of today."),
    ),
    "without_plan": Definition(
        _("Stations without a plan"),
        _("The township's stations with no plan for the year, in any state."),
    ),
    "items_on_track": Definition(
        _("Items on track"),
        _("The plan's items done or on track, out of all its items, as of today."),
    ),
}

# What each measure counts, in the year up to today: the same rows the supervision
# pages count, so a plan's "done" agrees with the monthly report.
MEASURES = {
    Measure.VISITS: _(
        "Home, field and night visits and phone calls the station logged; receptions are "
        "not counted."
    ),
    Measure.NIGHT_VISITS: _("Night visits the station logged."),
    Measure.CONCERNS_RESOLVED: _(
        "Concerns raised at the station and solved on the spot, plus its concerns done "
        "(by an office or the station), each on the day it was solved or done."
    ),
    Measure.DEEDS: _("Practical deeds of every category the station finished."),
    Measure.DEEDS_ROAD: _("Practical deeds of the category roads the station finished."),
    Measure.DEEDS_WATER: _("Practical deeds of the category water and wells the station finished."),
    Measure.DEEDS_POWER: _("Practical deeds of the category power supply the station finished."),
    Measure.DEEDS_TRAINING: _("Trainings the station held, logged as practical deeds."),
    Measure.DEEDS_HOUSEHOLD: _(
        "Practical deeds of the category help to a household the station finished."
    ),
    Measure.MONEY_RAISED: _("Money the station's practical deeds raised, in yuan, summed."),
    Measure.PEOPLE_HELPED: _("People the station's practical deeds helped, summed."),
    Measure.FOUR_MEETINGS: _(
        "Education, review, fellowship and heart-to-heart meetings the station held."
    ),
    Measure.ANALYSIS_MEETINGS: _("Concern-analysis meetings the station held."),
    Measure.NIGHT_ACTIVITIES: _("Night study, night patrols and night talks the station held."),
}

# What a deed measure counts when its target is in a unit (``PlanItem.unit``).
IN_UNIT = _(
    "The quantities in this unit of the practical deeds above that the station finished, "
    "summed (400 米 and 350 米 make 750 米); a deed without a quantity, or in another "
    "unit, adds nothing."
)

# The words of each standing (``visits.plans.progress``'s verdicts).
VERDICTS = {
    "done": pgettext_lazy("plan standing", "target reached"),
    "on_track": pgettext_lazy("plan standing", "on track"),
    "behind": pgettext_lazy("plan standing", "behind"),
    "met": pgettext_lazy("plan standing", "met"),
    "not_met": pgettext_lazy("plan standing", "not met"),
}
