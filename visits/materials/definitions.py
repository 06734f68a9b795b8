"""What each figure of the monthly materials counts, in words (``visits.materials.figures``
computes them); shown under the lists, on the station's month and in the notice."""

from django.utils.translation import gettext_lazy as _

from villages.definitions import Definition

DEFINITIONS = {
    "due": Definition(
        _("Due date"),
        _(
            "A month's materials are due by the county's due day of the following month "
            "(the 5th unless the county sets another)."
        ),
    ),
    "timeliness": Definition(
        _("On time"),
        _(
            "On time: first submitted by the due date; late: first submitted after it; "
            "overdue: not submitted and the due date has passed. A month sent back and "
            "submitted again keeps the verdict of its first submission."
        ),
    ),
    "missed_duty": Definition(
        _("Duty days without a record"),
        _(
            "Duty days on the station's roster in the month, up to yesterday, not marked "
            "held: the supervision pages' missed duty days."
        ),
    ),
    "late_logs": Definition(
        _("Visits logged late"),
        _(
            "Visits and receptions of the month written more than the county's number of "
            "days (3 unless the county sets another; counted in 24-hour days) after they "
            "took place."
        ),
    ),
    "silent_members": Definition(
        _("Members without a visit"),
        _(
            "The station's chief, deputies and members who served there in the month (not "
            "marked away) and wrote no visit or reception at the station that month."
        ),
    ),
    "incomplete": Definition(
        _("Incomplete"),
        _(
            "A month with a duty day without a record, a visit logged late or a member "
            "without a visit."
        ),
    ),
}
