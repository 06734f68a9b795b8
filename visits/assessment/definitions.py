"""What each part of an assessment result counts, in words (``visits.assessment.results``
computes them); shown beside the numbers, on the public page and in the workbook."""

from django.utils.translation import gettext_lazy as _

from villages.definitions import Definition

DEFINITIONS = {
    "records": Definition(
        _("Recorded work"),
        _(
            "The county scorecard over the round's period: the mean, over the standards, of "
            "the share of what was owed that was done (duty days, analysis meetings, seven "
            "haves, logs, monthly materials submitted by the due day, the items of the approved "
            "annual plan met or on track by the round's last day; the members' days in a "
            "village, paired contacts, farmer friends). "
            "A unit: over the stations it sponsors; a first secretary: their own standards and "
            "the annual plan of the station they serve."
        ),
    ),
    "households": Definition(
        _("What households say"),
        _(
            "Points from spot checks and ratings in the period ÷ the points there were: each "
            'answer of "known by the people" and check of "knows the people" (1 if yes or '
            "right), each rating (1 satisfied, ½ basically). A station: its members in the "
            "period pooled; a unit: its stations'."
        ),
    ),
    "assessor": Definition(
        _("Assessor's mark"),
        _("The mark out of 100 the assessor gave, with their note."),
    ),
    "total": Definition(
        _("Total score"),
        _(
            "The parts weighed by the round's weights; a part a subject lacks is left out and "
            "the others weigh in proportion. Rank 1 is the highest. Log-ins, time online and "
            "points are never counted."
        ),
    ),
}
