"""Meetings and deeds on the supervision pages, from ``visits.meetings.figures``.

The monthly report reads the same selector, so the pages and the report say
the same. This module only labels the figures for display, zero-fills the
rows of the grouped selector and sums up the concern-analysis meetings
(民情分析会) per quarter for a county or township, where one row per station
and quarter would be too long to read.
"""

from decimal import Decimal

from visits.meetings.figures import meeting_figures, meeting_figures_by
from visits.models import Deed, Meeting

KIND_LABELS = dict(Meeting.Kind.choices)
CATEGORY_LABELS = dict(Deed.Category.choices)


def meetings_of(*, period, user, today=None, **place):
    """The place's meeting and deed figures in the period (three queries).

    ``meeting_figures``' keys, plus ``kinds`` and ``categories`` (labelled
    ``(label, n)`` pairs) and ``quarters`` (see ``quarters_summary``).
    """
    figures = meeting_figures(user=user, start=period.start, end=period.end, today=today, **place)
    figures["kinds"] = [(KIND_LABELS[kind], n) for kind, n in figures["by_kind"].items()]
    figures["categories"] = [(CATEGORY_LABELS[c], n) for c, n in figures["by_category"].items()]
    figures["quarters"] = quarters_summary(figures["analysis"])
    return figures


def quarters_summary(analysis):
    """Per quarter the period touches: the stations that held a concern-analysis
    meeting in it so far (``held``) out of all (``stations``), the meetings, and
    whether the quarter is over (only then is a missing meeting a shortfall)."""
    summary = {}
    for row in analysis:
        quarter = summary.setdefault(
            (row["year"], row["quarter"]),
            {
                "year": row["year"],
                "quarter": row["quarter"],
                "first": row["first"],
                "through": row["through"],
                "complete": row["complete"],
                "stations": 0,
                "held": 0,
                "meetings": 0,
            },
        )
        quarter["stations"] += 1
        quarter["held"] += row["count"] > 0
        quarter["meetings"] += row["count"]
    return list(summary.values())


def meetings_by(group, *, keys, period, user, **place):
    """``{key: figures}`` per township or station for every key given, zeros for
    those with no meeting and no deed (two queries)."""
    found = meeting_figures_by(group, user=user, start=period.start, end=period.end, **place)
    return {key: found.get(key) or none() for key in keys}


def none():
    """The figures of a place with no meeting and no deed."""
    return {
        "meetings": 0,
        "by_kind": dict.fromkeys(Meeting.Kind.values, 0),
        "four_meetings": 0,
        "night_activities": 0,
        "villagers": 0,
        "deeds": 0,
        "by_category": dict.fromkeys(Deed.Category.values, 0),
        "money_raised": Decimal("0.00"),
        "people_helped": 0,
    }
