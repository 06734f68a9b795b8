"""What each meeting and deed figure counts, in words (``visits.meetings.figures``
computes them); shown beside the numbers, in the workbook and in the booklet."""

from django.utils.translation import gettext_lazy as _

from villages.definitions import Definition

DEFINITIONS = {
    "meetings": Definition(
        _("Meetings"),
        _("Meetings and night activities held in the period, of every kind."),
    ),
    "by_kind": Definition(
        _("Meetings by kind"),
        _("Meetings of the kind named, held in the period."),
    ),
    "four_meetings": Definition(
        _("The four meetings"),
        _("Education, review, fellowship and heart-to-heart meetings held in the period."),
    ),
    "night_activities": Definition(
        _("Night activities"),
        _("Night study, night patrols and night talks held in the period."),
    ),
    "analysis_meetings": Definition(
        _("Concern-analysis meetings"),
        _("Concern-analysis meetings held in the period."),
    ),
    "villagers": Definition(
        _("Villagers attending"),
        _("Villagers at the meetings held in the period, summed over the meetings."),
    ),
    "deeds": Definition(
        _("Practical deeds"),
        _("Practical deeds finished in the period."),
    ),
    "money_raised": Definition(
        _("Money raised (yuan)"),
        _("Money the deeds finished in the period raised for the village, in yuan."),
    ),
    "people_helped": Definition(
        _("People helped"),
        _("People the deeds finished in the period helped, summed over the deeds."),
    ),
}
