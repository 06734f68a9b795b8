"""The demo's monthly materials: when the visits were written, and each station's months
in the approval.

- Visits were written the same day, about an hour and a half after; one in thirty was
  written four to nine days late (the late logs the materials pages list).
- Every month of the year before last month is approved; most came in by the 5th, a few
  stations were late by some days.
- Last month: about half of the stations have submitted (some already reviewed by their
  township, a few approved); the others, the demo chief's 高石 among them, are still
  open — overdue once the county's due day has passed.
- This month is open everywhere (no row).
"""

import datetime
import random

from django.db.models import F
from django.utils import timezone

from stations.models import MonthState, StationMonth, StationMonthEvent
from visits.models import Visit

S = MonthState
LATE_SHARE = 1 / 30


def _months_back(today, n):
    """(year, month) of the n-th month before ``today``'s (1 = last month)."""
    year, month = today.year, today.month - n
    while month < 1:
        year, month = year - 1, month + 12
    return year, month


def _moment(day, rng):
    time = datetime.time(rng.randint(8, 17), rng.randint(0, 59))
    return timezone.make_aware(datetime.datetime.combine(day, time))


class Materials:
    def __init__(self, *, seeder, seed):
        self.s = seeder
        self.rng = random.Random(seed)
        self.rows, self.events = [], []

    def run(self):
        late = self.write_times()
        chief = self.s.demo_cadres[0] if self.s.demo_cadres else None
        county_user = self.s.users.get("county")
        for place in self.s.places:
            own = chief is not None and any(a.cadre is chief for a in place.crew)
            staff = self.s.staff_user.get(place.township.pk)
            for back in range(12, 1, -1):
                self.month(place, _months_back(self.s.today, back), staff, county_user, S.APPROVED)
            if not own:
                last = self.rng.choices(
                    [None, S.SUBMITTED, S.REVIEWED, S.APPROVED], weights=[45, 25, 20, 10]
                )[0]
                if last is not None:
                    self.month(place, _months_back(self.s.today, 1), staff, county_user, last)
        StationMonth.objects.bulk_create(self.rows, batch_size=1000)
        for event in self.events:
            event.station_month_id = event.station_month.pk
        StationMonthEvent.objects.bulk_create(self.events, batch_size=2000)
        return {"station months": len(self.rows), "late logs": late}

    def write_times(self):
        """Visits written the same day; a few days late now and then."""
        Visit.objects.update(created_at=F("occurred_at") + datetime.timedelta(minutes=90))
        now = timezone.now()
        old = list(
            Visit.objects.filter(occurred_at__lt=now - datetime.timedelta(days=10))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        chosen = self.rng.sample(old, int(len(old) * LATE_SHARE))
        by_days = {}
        for pk in chosen:
            by_days.setdefault(self.rng.randint(4, 9), []).append(pk)
        for days, pks in by_days.items():
            Visit.objects.filter(pk__in=pks).update(
                created_at=F("occurred_at") + datetime.timedelta(days=days)
            )
        return len(chosen)

    def month(self, place, year_month, staff, county_user, state):
        """A row for the station's month in ``state``, with the moves that led there."""
        year, month = year_month
        first_of_next = datetime.date(year + month // 12, month % 12 + 1, 1)
        late = self.rng.random() < 0.12
        offset = self.rng.randint(6, 12) if late else self.rng.randint(0, 4)
        submitted_day = first_of_next + datetime.timedelta(days=offset)
        today = self.s.today
        if submitted_day >= today:
            if state != S.APPROVED:
                submitted_day = max(first_of_next, today - datetime.timedelta(days=1))
                if submitted_day >= today:
                    return
            else:
                return
        submitter = place.crew[0].cadre.user if place.crew else None
        row = StationMonth(station=place.station, year=year, month=month, state=state)
        at = _moment(submitted_day, self.rng)
        row.first_submitted_at = row.submitted_at = at
        row.submitted_by = submitter
        self.move(row, "submit", S.OPEN, S.SUBMITTED, submitter, at)
        if state in (S.REVIEWED, S.APPROVED):
            at = self.later(at, 1, 3)
            row.reviewed_at, row.reviewed_by = at, staff
            self.move(row, "review", S.SUBMITTED, S.REVIEWED, staff, at)
        if state == S.APPROVED:
            at = self.later(at, 1, 5)
            row.approved_at, row.approved_by = at, county_user
            self.move(row, "approve", S.REVIEWED, S.APPROVED, county_user, at)
        self.rows.append(row)

    def later(self, at, low, high):
        later = at + datetime.timedelta(days=self.rng.randint(low, high), hours=1)
        return min(later, timezone.now() - datetime.timedelta(minutes=5))

    def move(self, row, name, source, target, by, at):
        self.events.append(
            StationMonthEvent(
                station_month=row, move=name, from_state=source, to_state=target, by=by, at=at
            )
        )
