"""The charts of the supervision pages and the monthly report, built from the same figures.

Each builder returns ``charts.Chart`` objects (drawn by
``visits/supervision/partials/bar_chart.html``, on screen and in the PDF booklet).
Builders that take ``rows`` draw figures the page already computed with
``activity.activity_by`` and cost no query; the others cost one query each,
whatever the size of the place:

- ``visits_chart``: visits per month, the twelve months up to the period's end;
- ``concern_charts``: concerns raised in the period by category and by the
  state they are in now (one query for both);
- ``coverage_chart`` / ``contacts_chart``: card coverage and paired-household
  contacts per row (township, station's village or member);
- ``group_coverage_chart``: card coverage by village group of one station's village.

``county_charts``, ``township_charts`` and ``station_charts`` put together what
each page (and the report for a county or township) shows.
"""

from django.db.models import Count
from django.utils.translation import gettext as _

from villages.models import Household
from visits.models import Concern
from visits.supervision import contacts, upkeep
from visits.supervision.charts import bar_chart


def percent(share):
    return "—" if share is None else f"{share * 100:.1f}%"


def visits_chart(*, period, user, **place):
    months = contacts.visits_per_month(end=period.end, user=user, **place)
    return bar_chart(_("Visits per month"), [(f"{first:%Y-%m}", n, n) for first, n in months])


def concern_counts(*, period, user, county=None, township=None, station=None):
    """Concerns raised in the period: ``{"category": {value: n}, "state": {value: n}}``.

    "Raised" as in ``visits.concerns.figures`` (``raised_at`` within the
    period's local days), so the counts add up to that selector's ``raised``.
    One query.
    """
    concerns = Concern.objects.all() if user is None else Concern.objects.visible_to(user)
    concerns = concerns.filter(raised_at__gte=period.since, raised_at__lt=period.until)
    concerns = concerns.in_place(county=county, township=township, station=station)
    counts = {"category": {}, "state": {}}
    for row in concerns.order_by().values("category", "state").annotate(n=Count("pk")):
        for key in ("category", "state"):
            counts[key][row[key]] = counts[key].get(row[key], 0) + row["n"]
    return counts


def concern_charts(*, period, user, **place):
    """Two charts: the categories raised (those with any), and every state in workflow order."""
    counts = concern_counts(period=period, user=user, **place)
    by_category = [
        (label, counts["category"][value], counts["category"][value])
        for value, label in Concern.Category.choices
        if counts["category"].get(value)
    ]
    # Every state, zeros included, shows where concerns stand; none raised draws nothing.
    by_state = [
        (label, counts["state"].get(value, 0), counts["state"].get(value, 0))
        for value, label in Concern.State.choices
        if counts["state"]
    ]
    return [
        bar_chart(_("Concerns raised, by category"), by_category),
        bar_chart(_("Concerns raised, by state now"), by_state),
    ]


def coverage_chart(*, title, rows, label):
    """Card coverage of each row (``card_coverage`` 0–1 or None), bars out of 100%."""
    return bar_chart(
        title,
        [(label(row), row["card_coverage"] or 0, percent(row["card_coverage"])) for row in rows],
        maximum=1,
    )


def contacts_chart(*, title, rows, label):
    """Paired-household contacts of each row, written as "contacts / quota so far"."""
    rows = list(rows)
    top = max(
        (max(row["paired_contacts"], row["paired_contacts_expected"]) for row in rows), default=0
    )
    return bar_chart(
        title,
        [
            (
                label(row),
                row["paired_contacts"],
                f"{row['paired_contacts']} / {row['paired_contacts_expected']:.1f}",
            )
            for row in rows
        ],
        maximum=top,
    )


def group_coverage(*, station, period, user):
    """``[(group name, households, carded, share)]`` for the station's village; one query.

    Households with no group come last, under "no group".
    """
    households = Household.objects.all() if user is None else Household.objects.visible_to(user)
    households = households.in_place(village=station.village_id)
    rows = (
        households.order_by()
        .values("group__name")
        .annotate(
            households=Count("pk"),
            carded=Count("pk", filter=upkeep.holds_valid_card(period.as_of())),
        )
    )
    found = sorted(rows, key=lambda row: (row["group__name"] is None, row["group__name"] or ""))
    return [
        (
            row["group__name"] or _("no group"),
            row["households"],
            row["carded"],
            row["carded"] / row["households"] if row["households"] else None,
        )
        for row in found
    ]


def group_coverage_chart(*, station, period, user):
    return bar_chart(
        _("Card coverage by village group"),
        [
            (name, share or 0, f"{percent(share)} ({carded}/{households})")
            for name, households, carded, share in group_coverage(
                station=station, period=period, user=user
            )
        ],
        maximum=1,
    )


def county_charts(county, *, period, user, rows):
    """``rows``: the county page's townships, ``{"township": Township, **figures}``."""

    def name(row):
        return row["township"].name

    return [
        visits_chart(period=period, user=user, county=county),
        *concern_charts(period=period, user=user, county=county),
        coverage_chart(title=_("Card coverage by township"), rows=rows, label=name),
        contacts_chart(title=_("Paired contacts by township"), rows=rows, label=name),
    ]


def township_charts(township, *, period, user, rows):
    """``rows``: the township page's stations, ``{"station": WorkStation, **figures}``
    with the station's village selected."""

    def village(row):
        return row["station"].village.name

    return [
        visits_chart(period=period, user=user, township=township),
        *concern_charts(period=period, user=user, township=township),
        coverage_chart(title=_("Card coverage by village"), rows=rows, label=village),
        contacts_chart(title=_("Paired contacts by village"), rows=rows, label=village),
    ]


def station_charts(station, *, period, user, members):
    """``members``: the station page's rows, ``{"cadre": Cadre, **figures}``."""
    return [
        visits_chart(period=period, user=user, station=station),
        *concern_charts(period=period, user=user, station=station),
        group_coverage_chart(station=station, period=period, user=user),
        contacts_chart(
            title=_("Paired contacts by member"), rows=members, label=lambda row: row["cadre"].name
        ),
    ]
