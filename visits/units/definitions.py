"""What each figure of a sponsoring unit's page and of the units' ranking counts, in words
(``visits.units.figures`` computes them); shown beside the numbers."""

from django.utils.translation import gettext_lazy as _

from villages.definitions import Definition

DEFINITIONS = {
    "stations": Definition(
        _("Stations sponsored"),
        _("Stations the unit sponsors now, among those you may see."),
    ),
    "sent": Definition(
        _("Cadres sent"),
        _(
            "Cadres the register names as sent by the unit who serve at a station now, in any "
            "role (first secretary, resident team member or other)."
        ),
    ),
    "score": Definition(
        _("Score"),
        _(
            "The mean, over the standards, of the share of what the unit's stations and the "
            "members serving there owed in the period that they did, each counted up to what "
            "it owed (the county's scorecard); none when nothing was owed. Rank 1 is the "
            "furthest behind."
        ),
    ),
    "red": Definition(
        _("Red shortfalls"),
        _("Standards on which a station or member did less than the county's red line."),
    ),
    "amber": Definition(
        _("Amber shortfalls"),
        _("Standards on which a station or member is behind, but at or above the red line."),
    ),
}
