"""What each spot-check and rating figure counts, in words (``visits.spotchecks.figures``
computes them); shown beside the numbers, in the workbook and in the booklet."""

from django.utils.translation import gettext_lazy as _

from villages.definitions import Definition

DEFINITIONS = {
    "spot_checks": Definition(
        _("Spot checks drawn"),
        _("Samples of paired households drawn for a spot check in the period."),
    ),
    "answered": Definition(
        _("Spot-check households answered"),
        _("Drawn households whose answers were recorded in the period, reached or not."),
    ),
    "reached": Definition(
        _("Spot-check households reached"),
        _("Of the households answered in the period, those reached by phone or in person."),
    ),
    "known_rate": Definition(
        _("Known by the people"),
        _(
            "Yes answers of reached households (knows the cadre's name, phone, was "
            "visited) ÷ three questions per household."
        ),
    ),
    "knows_rate": Definition(
        _("Knows the people"),
        _(
            "The cadre's answers about the household that match the register (members, "
            "head's name, circumstances) ÷ three checks per household."
        ),
    ),
    "ratings": Definition(
        _("Ratings of members"),
        _("Households' ratings of station members given in the period."),
    ),
    "satisfaction": Definition(
        _("Satisfaction in the ratings"),
        _("Ratings satisfied or basically satisfied ÷ ratings given in the period."),
    ),
}
