"""The monthly report (月报) of a township or the county: what the booklet and the files hold.

Every figure comes from the selectors the supervision pages use (the page's
own context, ``visits.supervision.pages``), so a figure is the same on
screen, in the xlsx, in each CSV and in the PDF booklet. Nothing is typed in
for the report.

The tables and figures it is made of are in ``visits.reports.blocks``.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stations.models import WorkStation
from villages.models import Township
from visits.reports import lists, tables
from visits.reports.blocks import Figure, quota
from visits.supervision import pages
from visits.supervision.charts import Chart
from visits.supervision.meetings import KIND_LABELS as MEETING_KIND_LABELS
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


def build_report(*, user, period, county=None, township=None) -> MonthlyReport:
    """The report of ``county`` or ``township`` (exactly one), already scoped by the caller.

    A bounded number of queries whatever the size of the place; the long
    tables run theirs when they are read.
    """
    if (county is None) == (township is None):
        raise ValueError("build_report needs exactly one of county and township")
    if county is not None:
        place, where = county, {"county": county}
        page = pages.county_page(
            county,
            period=period,
            user=user,
            townships=Township.objects.visible_to(user).in_place(county=county),
        )
        spot = pages.spot_figures(period=period, user=user, county=county)
    else:
        place, where = township, {"township": township}
        page = pages.township_page(
            township,
            period=period,
            user=user,
            stations=WorkStation.objects.visible_to(user).in_place(township=township),
        )
        spot = page["spot_figures"]
    summary = summary_figures(page["totals"], page["meeting_figures"], spot)
    events = lists.major_events(period=period, user=user, **where)
    return MonthlyReport(
        title=report_title(place, period),
        place=place,
        period=period,
        generated_at=timezone.now(),
        summary=summary,
        tables=tables.report_tables(
            period=period,
            user=user,
            page=page,
            spot=spot,
            summary=summary,
            events=events,
            **where,
        ),
        major_events=events,
        charts=[chart for chart in page["charts"] if isinstance(chart, Chart)],
        user=user,
    )


def summary_figures(totals, meeting_figures, spot):
    """The headline figures, from the page's ``totals``, meetings and spot checks."""
    concerns = totals["concerns"]
    figures = [Figure(_("Visits"), totals["visits"])]
    figures += [
        Figure(_("Visits: %(kind)s") % {"kind": label}, n) for label, n in pages._kinds(totals)
    ]
    figures += [
        Figure(_("Receptions"), totals["receptions"]),
        Figure(_("Households reached"), totals["households_reached"]),
        Figure(_("Duty days held"), totals["duty_held"]),
        Figure(_("Duty days scheduled"), totals["duty_scheduled"]),
        Figure(_("Paired households"), totals["paired"]),
        Figure(_("Paired households contacted"), totals["paired_contacted"]),
        Figure(_("Paired contacts"), totals["paired_contacts"]),
        Figure(_("Quota so far"), quota(totals["paired_contacts_expected"])),
        Figure(_("Households"), totals["households"] or 0),
        Figure(_("Households holding a valid card"), totals["carded"] or 0),
        Figure(_("Card coverage"), totals["card_coverage"]),
        Figure(_("Concerns raised"), concerns["raised"]),
        Figure(_("Solved on the spot"), concerns["solved_on_spot"]),
        Figure(_("Escalated"), concerns["escalated"]),
        Figure(_("Done"), concerns["done"]),
        Figure(_("Done on time"), concerns["done_on_time"]),
        Figure(_("Overdue"), concerns["overdue"]),
        Figure(_("Done rate"), concerns["done_rate"]),
        Figure(_("Mediation rate"), concerns["mediation_rate"]),
        Figure(_("Satisfaction"), concerns["satisfaction"]),
        Figure(_("Meetings"), meeting_figures["meetings"]),
    ]
    figures += [
        Figure(_("Meetings: %(kind)s") % {"kind": MEETING_KIND_LABELS[kind]}, n)
        for kind, n in meeting_figures["by_kind"].items()
    ]
    figures += [
        Figure(_("Villagers attending"), meeting_figures["villagers"]),
        Figure(_("Practical deeds"), meeting_figures["deeds"]),
        Figure(_("Money raised (yuan)"), meeting_figures["money_raised"]),
        Figure(_("People helped"), meeting_figures["people_helped"]),
        Figure(_("Spot checks drawn"), spot["spot_checks"]),
        Figure(_("Spot-check households answered"), spot["answered"]),
        Figure(_("Spot-check households reached"), spot["reached"]),
        Figure(_("Known-by-the-people rate"), spot["known_rate"]),
        Figure(_("Knows-the-people rate"), spot["knows_rate"]),
        Figure(_("Ratings of members"), spot["ratings"]),
        Figure(_("Satisfaction in the ratings"), spot["satisfaction"]),
    ]
    return figures
