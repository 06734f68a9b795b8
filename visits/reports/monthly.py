"""The monthly report (月报) of a township or the county: what the booklet and the files hold.

Every figure comes from the selectors the supervision pages use (the page's
own context, ``visits.supervision.pages``), so a figure is the same on
screen, in the xlsx, in each CSV and in the PDF booklet. Nothing is typed in
for the report.

The tables and figures it is made of are in ``visits.reports.blocks``.
"""

import contextlib
import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stations.models import WorkStation
from villages.models import Standard, Township
from visits import glossary
from visits.reports import lists, tables
from visits.reports.blocks import Figure
from visits.supervision import activity, pages, read_once
from visits.supervision.charts import Chart
from visits.supervision.meetings import KIND_LABELS as MEETING_KIND_LABELS
from visits.supervision.meetings import meetings_of
from visits.supervision.period import Period


@dataclass
class MonthlyReport:
    title: str
    place: Any  # the County or the Township
    period: Period
    generated_at: datetime.datetime
    summary: list  # [Figure]: (label, value) pairs
    tables: list  # [Table], in the order of the workbook's sheets
    major_events: list  # the period's major-event concerns, each with ``photos``
    charts: list = field(default_factory=list)  # [charts.Chart]
    user: Any = None  # whom it was built for (what they may see)

    @property
    def is_county(self):
        return not isinstance(self.place, Township)

    def table(self, key):
        """The table called ``key``; ``KeyError`` if the report has none."""
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)


def report_title(place, period):
    """ "石门乡 2026年11月 群众工作月报", or the range of days for a period that is not a month."""
    if period.is_month:
        when = date_format(period.start, "YEAR_MONTH_FORMAT")
        return _("%(place)s %(month)s mass-work monthly report") % {
            "place": place.name,
            "month": when,
        }
    return _("%(place)s %(start)s to %(end)s mass-work report") % {
        "place": place.name,
        "start": date_format(period.start, "SHORT_DATE_FORMAT"),
        "end": date_format(period.end, "SHORT_DATE_FORMAT"),
    }


def build_report(*, user, period, county=None, township=None, only=None) -> MonthlyReport:
    """The report of ``county`` or ``township`` (exactly one), already scoped by the caller.

    A bounded number of queries whatever the size of the place; the long
    tables run theirs when they are read. What the whole report's tables share is read
    once (``read_once.read_once``). With ``only`` (a table's key: a CSV) the report holds
    that table alone, and neither the summary, the events nor the charts are read
    unless the table is made of them.
    """
    if (county is None) == (township is None):
        raise ValueError("build_report needs exactly one of county and township")
    place = county if county is not None else township
    parts = ReportParts(
        user=user, period=period, county=county, township=township, whole=only is None
    )
    # What several tables ask again is read once. One table alone asks nothing twice, and
    # keeping it would cost: a county's 9,400 pairings read one by one and summed in
    # Python (74 ms of the summary's CSV at city size) instead of summed in SQL (41 ms).
    with read_once.read_once() if only is None else contextlib.nullcontext():
        built = tables.report_tables(
            period=period, user=user, parts=parts, only=only, county=county, township=township
        )
        whole = only is None
        return MonthlyReport(
            title=report_title(place, period),
            place=place,
            period=period,
            generated_at=timezone.now(),
            summary=parts.summary if whole else [],
            tables=built,
            major_events=parts.events if whole else [],
            charts=[c for c in parts.page["charts"] if isinstance(c, Chart)] if whole else [],
            user=user,
        )


class ReportParts:
    """What the report's tables are made of, each read on first use: the supervision
    page of the place, its spot checks, the headline figures, the major events and
    the county's standard."""

    def __init__(self, *, user, period, county, township, whole=True):
        self.user, self.period, self.county, self.township = user, period, county, township
        self.where = {"county": county} if county is not None else {"township": township}
        # The whole report reads the page for its places' tables and charts anyway; a
        # CSV of one table reads only what that table is made of.
        self.whole = whole

    @cached_property
    def page(self):
        if self.county is not None:
            return pages.county_page(
                self.county,
                period=self.period,
                user=self.user,
                townships=Township.objects.visible_to(self.user).in_place(county=self.county),
            )
        return pages.township_page(
            self.township,
            period=self.period,
            user=self.user,
            stations=WorkStation.objects.visible_to(self.user).in_place(township=self.township),
        )

    @cached_property
    def standard(self):
        if "page" in self.__dict__:
            return self.page["standard"]
        county_id = self.county.pk if self.county is not None else self.township.county_id
        return Standard.objects.for_county(county_id)

    @cached_property
    def spot(self):
        if self.county is None and self.whole:
            return self.page["spot_figures"]
        return pages.spot_figures(period=self.period, user=self.user, **self.where)

    @cached_property
    def totals(self):
        """The place's figures and meetings in all: the page's when it is read, else read
        alone (the summary's CSV reads neither the places' rows nor the charts: at city
        size a county's took 0.29 s with them)."""
        if self.whole:
            return self.page["totals"], self.page["meeting_figures"]
        asked = {"period": self.period, "user": self.user, **self.where}
        return (
            activity.activity(standard=self.standard, **asked),
            meetings_of(**asked),
        )

    @cached_property
    def summary(self):
        return summary_figures(*self.totals, self.spot)

    @cached_property
    def events(self):
        return lists.major_events(period=self.period, user=self.user, **self.where)


def defined(key, value):
    """A headline figure labelled and defined as the pages show it (``visits.glossary``)."""
    definition = glossary.definition(key)
    return Figure(str(definition.label), value, str(definition.text))


def summary_figures(totals, meeting_figures, spot):
    """The headline figures, from the page's ``totals``, meetings and spot checks."""
    concerns = totals["concerns"]
    by_kind = glossary.definition("activity.visits_by_kind").text
    figures = [defined("activity.visits", totals["visits"])]
    figures += [
        Figure(_("Visits: %(kind)s") % {"kind": label}, n, str(by_kind))
        for label, n in pages._kinds(totals)
    ]
    figures += [
        defined("activity.receptions", totals["receptions"]),
        defined("activity.households_reached", totals["households_reached"]),
        defined("activity.duty_held", totals["duty_held"]),
        defined("activity.duty_due", totals["duty_due"]),
        defined("activity.paired", totals["paired"]),
        defined("activity.paired_contacted", totals["paired_contacted"]),
        defined("activity.paired_contacts_counted", totals["paired_contacts"]),
        defined("activity.paired_contacts_due", totals["paired_contacts_due"]),
        defined("activity.households", totals["households"] or 0),
        defined("activity.carded", totals["carded"] or 0),
        defined("activity.card_coverage", totals["card_coverage"]),
    ]
    figures += [
        defined(f"concerns.{name}", concerns[name])
        for name in (
            "raised",
            "solved_on_spot",
            "escalated",
            "done",
            "done_on_time",
            "overdue",
            "due",
            "due_closed",
            "done_rate",
            "disputes",
            "disputes_mediated",
            "mediation_rate",
            "satisfaction",
        )
    ]
    figures.append(defined("meetings.meetings", meeting_figures["meetings"]))
    of_kind = glossary.definition("meetings.by_kind").text
    figures += [
        Figure(_("Meetings: %(kind)s") % {"kind": MEETING_KIND_LABELS[kind]}, n, str(of_kind))
        for kind, n in meeting_figures["by_kind"].items()
    ]
    figures += [
        defined(f"meetings.{name}", meeting_figures[name])
        for name in ("villagers", "deeds", "money_raised", "people_helped")
    ]
    figures += [
        defined("spotchecks.spot_checks", spot["spot_checks"]),
        defined("spotchecks.answered", spot["answered"]),
        defined("spotchecks.reached", spot["reached"]),
        defined("spotchecks.known_rate", spot["known_rate"]),
        defined("spotchecks.knows_rate", spot["knows_rate"]),
        defined("spotchecks.ratings", spot["ratings"]),
        defined("spotchecks.satisfaction", spot["satisfaction"]),
    ]
    return figures
