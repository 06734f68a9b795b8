"""What each concern figure counts, in words (``visits.concerns.figures`` computes them).

The sentence goes beside the number on every page that shows it, into the
monthly report's definitions sheet and into the booklet's notes. Days are
Beijing days; "the period's last day (or today)" is the period's last day, or
today while the period is not over.
"""

from django.utils.translation import gettext_lazy as _

from villages.definitions import Definition

DEFINITIONS = {
    "raised": Definition(
        _("Concerns raised"),
        _("Concerns raised in the period, counted on the day of the visit they were raised in."),
    ),
    "solved_on_spot": Definition(
        _("Solved on the spot"),
        _("Of the concerns raised in the period, those solved there and then."),
    ),
    "escalated": Definition(
        _("Escalated"),
        _("Concerns escalated to the township in the period, whenever they were raised."),
    ),
    "done": Definition(
        _("Done in the period"),
        _(
            "Concerns an office or the station finished in the period, whenever they were "
            "due; those solved on the spot are counted apart."
        ),
    ),
    "done_on_time": Definition(
        _("Done on time"),
        _("Of the concerns done in the period, those finished on or before their deadline."),
    ),
    "overdue": Definition(
        _("Overdue"),
        _(
            "Assigned concerns past their deadline and neither done nor closed on the "
            "period's last day (or today)."
        ),
    ),
    "due": Definition(
        _("Due in the period"),
        _("Assigned concerns whose deadline fell in the period, up to its last day (or today)."),
    ),
    "due_closed": Definition(
        _("Due and done"),
        _(
            "Of the concerns due in the period, those done or closed (also closed as "
            "explained) by its last day (or today)."
        ),
    ),
    "done_rate": Definition(
        _("Completion rate"),
        _("Concerns due in the period and done or closed by its last day ÷ concerns due in it."),
    ),
    "disputes": Definition(
        _("Disputes found"),
        _("Disputes (land, forest, neighbours, family, other) raised in the period."),
    ),
    "disputes_mediated": Definition(
        _("Disputes mediated"),
        _(
            "Of the disputes found in the period, those mediated successfully by its last "
            "day (or today)."
        ),
    ),
    "mediation_rate": Definition(
        _("Mediation rate"),
        _("Disputes mediated successfully ÷ disputes found in the period."),
    ),
    "verdicts": Definition(
        _("Verdicts"),
        _("Households' verdicts on how their concern was handled, given in the period."),
    ),
    "satisfied": Definition(
        _("Satisfied"),
        _("Of the verdicts given in the period, those satisfied or basically satisfied."),
    ),
    "satisfaction": Definition(
        _("Satisfaction"),
        _("Verdicts satisfied or basically satisfied ÷ verdicts given in the period."),
    ),
    "reminders": Definition(
        _("Reminders sent"),
        _(
            "Reminders township staff sent in the period to the office an overdue concern "
            "is assigned to, at most one a day per concern; reminders on concerns since "
            "hidden are not counted."
        ),
    ),
}

# The office's inbox: what each list holds (the counts beside the list names).
INBOX = {
    "assigned": Definition(
        _("All open"),
        _("Concerns assigned to this office and not yet done."),
    ),
    "new": Definition(
        _("To acknowledge"),
        _("Open concerns assigned to this office that it has not acknowledged since."),
    ),
    "overdue": Definition(
        _("Overdue"),
        _("Open concerns whose deadline was before today."),
    ),
    "week": Definition(
        _("Due this week"),
        _("Open concerns due from today to this Sunday, today included."),
    ),
    "done": Definition(
        _("Done"),
        _("Concerns this office has done, newest first."),
    ),
    "due_tomorrow": Definition(
        _("Due tomorrow"),
        _(
            "Open concerns of this office due the next day, listed by the nightly job "
            "shortly after midnight (Beijing time)."
        ),
    ),
}
