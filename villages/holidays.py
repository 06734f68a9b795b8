"""The State Council's holiday schedule, read from the ``chinesecalendar`` package.

The package is kept up to date by its maintainers each year once the schedule
is published (in November or December for the following year); it raises on a
date past its data, so only the years it lists are read. A year already in
the table is the county's, corrected by hand maybe: it is never reloaded.
"""

from collections import defaultdict

from chinese_calendar import constants

# The package's names of the holidays → ours (CalendarDay.Festival).
FESTIVALS = {
    "New Year's Day": "new_year",
    "Spring Festival": "spring_festival",
    "Tomb-sweeping Day": "tomb_sweeping",
    "Labour Day": "labour_day",
    "Dragon Boat Festival": "dragon_boat",
    "Mid-autumn Festival": "mid_autumn",
    "National Day": "national_day",
}
# Years before this are history no duty rule or deadline reads.
FIRST_YEAR = 2025


def available_years():
    """The years the package's schedule covers, from ``FIRST_YEAR`` on."""
    return sorted({d.year for d in constants.holidays} - set(range(FIRST_YEAR)))


def schedule(year):
    """[(date, kind, festival, counts_as)] of the year's holidays and make-up workdays.

    A make-up workday pays back a weekday taken off in lieu (调休) around the same
    holiday; the n-th make-up day of a holiday is taken to do the work of its n-th
    day in lieu, so a Saturday worked for the Wednesday off counts as a Wednesday. The
    county corrects it where the published notice says otherwise.
    """
    festival = {}
    in_lieu = defaultdict(list)
    rows = []
    for day, name in sorted(constants.holidays.items()):
        if day.year == year:
            festival[day] = FESTIVALS.get(_name(name), "other")
            rows.append((day, "holiday", festival[day], None))
            if day in constants.in_lieu_days:
                in_lieu[festival[day]].append(day)
    paid_back = defaultdict(int)
    for day, name in sorted(constants.workdays.items()):
        if day.year == year:
            key = FESTIVALS.get(_name(name), "other")
            lieu = in_lieu[key]
            n = paid_back[key]
            paid_back[key] += 1
            counts_as = lieu[n].isoweekday() if n < len(lieu) else None
            rows.append((day, "makeup", key, counts_as))
    return sorted(rows)


def _name(holiday):
    return getattr(holiday, "value", holiday)


def load(model, *, years=None, dry_run=False):
    """Add the schedule of each year the table does not hold yet; returns {year: rows added}.

    ``model`` is ``CalendarDay`` (or the migration's historical model).
    """
    years = available_years() if years is None else years
    held = {d.year for d in model.objects.dates("date", "year")}
    added = {}
    for year in years:
        if year in held or year not in available_years():
            continue
        rows = [
            model(date=day, kind=kind, festival=festival, counts_as=counts_as)
            for day, kind, festival, counts_as in schedule(year)
        ]
        if not dry_run:
            model.objects.bulk_create(rows)
        added[year] = len(rows)
    return added
