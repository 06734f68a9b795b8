"""Activity figures for a place and period, computed in the database.

These are the selectors the supervision pages and the monthly report share,
so a figure is the same wherever it appears. Every function takes the period
(``visits.supervision.period.Period``: local Asia/Shanghai days, both ends
included) and a place as keyword arguments — ``county``, ``township``,
``station``, ``cadre`` (any combination narrows further) and ``user`` (what
the user may see) — and costs a fixed number of queries, whatever the size
of the place. ``by`` ("township", "station", "village" or "cadre") groups the
figures in the same query and returns ``{key id: figures}``.

``activity`` and ``activity_by`` put together every figure of a place; each
comes from its own selector: visits, contacts and days in a village from
``visits.supervision.contacts``, duty days and card coverage from
``visits.supervision.upkeep``, concerns from ``visits.concerns.figures``. The
rows they count are narrowed to the place by the models' own querysets
(``in_place``; see ``visits.supervision.sources``).

Where each thing counts
-----------------------
- A visit counts at the station it was logged at (``Visit.station``), so a
  cadre who rotated mid-month has the first half of the month at the old
  station and the second half at the new one. For a cadre, "visits" are the
  ones they wrote (``author``).
- Receptions are the visits of kind "reception"; "visits" are all the other
  kinds (a phone call included: it is a contact, though not a day in a village).
- Duty days count at their station, and for a cadre the days they were on duty.
- Households and card coverage belong to the households' villages (a station
  is its village's); a card counts when it was issued by the period's measured
  last day and not voided by then.
- A cadre's days in a village are the distinct local dates on which they
  wrote or accompanied a visit that was not a phone call.
- Paired contacts: see ``contacts.paired_contacts``.
"""

from cadres.models import Cadre
from visits.concerns.figures import COUNTS, RATES, concern_figures, concern_figures_by
from visits.supervision.contacts import (
    empty_visits,
    farmer_friends,
    paired_contacts,
    village_days,
    visit_counts,
)
from visits.supervision.period import Period
from visits.supervision.upkeep import card_coverage, duty_days

GROUPS = ("township", "station", "village", "cadre")
CONCERN_GROUPS = {"township": "township", "station": "station", "cadre": "raised_by"}


def concerns(
    *, period, by=None, today=None, county=None, township=None, station=None, cadre=None, user=None
):
    """The concerns issue's figures (``visits.concerns.figures``), for the same place;
    ``by`` one of ``CONCERN_GROUPS`` (the villages have none: ``_figures`` asks none)."""
    place = {"county": county, "township": township, "station": station, "cadre": cadre}
    if by is None:
        return {
            None: concern_figures(
                user=user, start=period.start, end=period.end, today=today, **place
            )
        }
    return concern_figures_by(
        CONCERN_GROUPS[by], user=user, start=period.start, end=period.end, today=today, **place
    )


def _merge(keys, *parts):
    """One figures dict per key, from the per-source dicts (missing ones zero-filled)."""
    empty = {
        **empty_visits(),
        "duty_scheduled": 0,
        "duty_due": 0,
        "duty_held": 0,
        "duty_missed": 0,
        "paired": 0,
        "paired_contacted": 0,
        "paired_contacts": 0,
        "paired_contacts_expected": 0.0,
        "paired_contacts_due": 0,
    }
    merged = {}
    for key in keys:
        figures = {**empty, "by_kind": dict(empty["by_kind"])}
        for part in parts:
            figures.update(part.get(key, {}))
        merged[key] = figures
    return merged


def _figures(keys, *, period, by, standard, today, user, place):
    args = {"period": period, "by": by, "user": user, **place}
    dated = {**args, "today": today}
    visits = visit_counts(**args)
    duties = duty_days(**dated)
    cards = card_coverage(**dated)
    pairs = paired_contacts(quota=standard.contacts_per_paired_household, **dated)
    merged = _merge(keys, visits, duties, cards, pairs)
    if by != "village":
        figures_of_concerns = concerns(**dated)
        for key, figures in merged.items():
            figures["concerns"] = figures_of_concerns.get(key) or concern_figures_none()
    if by is None or by == "cadre":
        # A member's friends are their own, wherever they live: per member, only what
        # the user may see narrows them; a place's total is its villages' friends.
        scope = dated if by is None else {"period": period, "today": today, "user": user}
        if by == "cadre":
            scope["cadre"] = list(keys)
        friends = farmer_friends(**{**scope, "by": "cadre"})
        for key, figures in merged.items():
            figures["farmer_friends"] = (
                sum(friends.values()) if key is None else friends.get(key, 0)
            )
    for figures in merged.values():
        figures.setdefault("households", None)
        figures.setdefault("carded", None)
        figures.setdefault("card_coverage", None)
    return merged


def concern_figures_none():
    """Concern figures of a place with no concerns at all (every count 0, rates None)."""
    return {**dict.fromkeys(COUNTS, 0), **dict.fromkeys(RATES)}


def activity(
    *,
    period: Period,
    standard,
    county=None,
    township=None,
    station=None,
    cadre=None,
    user=None,
    today=None,
):
    """Every activity figure for one place and period (about eight queries).

    Keys: ``by_kind`` ({kind: n}), ``visits``, ``receptions``, ``logged``,
    ``households_reached``, ``duty_scheduled``, ``duty_due``, ``duty_held``,
    ``duty_missed``, ``paired``, ``paired_contacted``, ``paired_contacts``,
    ``paired_contacts_expected``, ``paired_contacts_due``, ``households``,
    ``carded``, ``card_coverage`` (0–1 or None), ``concerns`` (the concern
    figures); for a cadre also ``village_days`` and ``farmer_friends``.
    ``standard`` is the county's ``Standard`` (``standards.standard_for``).
    """
    place = {"county": county, "township": township, "station": station, "cadre": cadre}
    figures = _figures(
        [None], period=period, by=None, standard=standard, today=today, user=user, place=place
    )[None]
    if cadre is not None:
        cadres = Cadre.objects.filter(pk=cadre.pk)
        figures["village_days"] = village_days(period=period, cadres=cadres, station=station).get(
            cadre.pk, 0
        )
    return figures


def activity_by(
    by,
    *,
    period: Period,
    standard,
    keys,
    county=None,
    township=None,
    station=None,
    cadre=None,
    user=None,
    today=None,
):
    """The same figures per township, station, village or cadre: ``{key id: figures}``.

    ``keys`` are the ids to report (every one gets a row, zero-filled), e.g.
    the stations of a township. Five or six queries whatever their number.
    With ``by="cadre"`` each row also has ``village_days`` (restricted to
    ``station`` when given) and ``farmer_friends``.
    """
    if by not in GROUPS:
        raise ValueError(by)
    keys = list(keys)
    place = {"county": county, "township": township, "station": station, "cadre": cadre}
    merged = _figures(
        keys, period=period, by=by, standard=standard, today=today, user=user, place=place
    )
    if by == "cadre":
        cadres = Cadre.objects.filter(pk__in=keys)
        days = village_days(period=period, cadres=cadres, station=station)
        for key, figures in merged.items():
            figures["village_days"] = days.get(key, 0)
    return merged
