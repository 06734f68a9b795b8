"""The demo's year of duty days and visits: every station's duty roster from a year ago to
four weeks ahead, the receptions on the days that were held, and each cadre's visits
to paired households and to others.

Built in memory first: the concerns are raised from the visits (and change
their follow-up) before ``write`` saves them.
"""

import datetime
from zoneinfo import ZoneInfo

from stations.models import Assignment, DutyDay
from villages.workdays import Workdays
from visits.demo import data as d
from visits.models import Visit

SHANGHAI = ZoneInfo("Asia/Shanghai")
Role = Assignment.Role
Kind = Visit.Kind

# The roles that take turns on duty.
DUTY_ROLES = (Role.CHIEF, Role.DEPUTY, Role.MEMBER)
# Kinds of visit, with weights, for paired households and for everyone else.
PAIRED_KINDS = {Kind.HOME: 50, Kind.PHONE: 25, Kind.NIGHT: 15, Kind.FIELD: 10}
OTHER_KINDS = {Kind.HOME: 40, Kind.FIELD: 22, Kind.PHONE: 14, Kind.NIGHT: 14, Kind.MEETING: 10}
# Local time windows (minutes after midnight) by kind.
HOURS = {
    Kind.HOME: [(8 * 60 + 30, 18 * 60)],
    Kind.FIELD: [(7 * 60, 17 * 60 + 30)],
    Kind.NIGHT: [(19 * 60, 21 * 60 + 45)],
    Kind.PHONE: [(8 * 60, 21 * 60)],
    Kind.MEETING: [(9 * 60, 11 * 60), (14 * 60 + 30, 16 * 60), (19 * 60 + 30, 20 * 60 + 30)],
    Kind.RECEPTION: [(8 * 60 + 30, 17 * 60)],
}
# (ate, lived, worked together) chances by kind.
TOGETHER = {
    Kind.HOME: (0.12, 0.03, 0.10),
    Kind.FIELD: (0.10, 0.0, 0.45),
    Kind.NIGHT: (0.20, 0.10, 0.0),
}


class VisitLog:
    """The duty days and visits; ``seeder`` is the DemoSeeder that staffed the stations."""

    def __init__(self, seeder):
        self.s = seeder
        self.rng = seeder.rng
        self.duties, self.visits, self.companions = [], [], []

    def write(self):
        DutyDay.objects.bulk_create(self.duties, batch_size=1000)
        Visit.objects.bulk_create(self.visits, batch_size=1000)
        through = Visit.companions.through
        through.objects.bulk_create(
            [through(visit_id=v.pk, cadre_id=c.pk) for v, c in self.companions], batch_size=1000
        )
        return len(self.duties), len(self.visits)

    # Small helpers -----------------------------------------------------------

    def at(self, day, kind):
        start, end = self.rng.choice(HOURS[kind])
        minute = self.rng.randrange(start, end)
        return datetime.datetime.combine(
            day, datetime.time(minute // 60, minute % 60), tzinfo=SHANGHAI
        )

    def text(self, phrases, home, place):
        group = home.household.group if home else self.rng.choice(place.groups)
        return phrases.format(group=group.name)

    def seen(self, kind, home, place):
        phrases = d.SEEN[kind]
        count = 2 if kind in (Kind.HOME, Kind.FIELD) and self.rng.random() < 0.5 else 1
        parts = self.rng.sample(phrases, count)
        return "，".join(self.text(p, home, place) for p in parts) + "。"

    def asked(self, home, place):
        rng = self.rng
        if home and home.tags and rng.random() < 0.6:
            phrase = rng.choice(d.ASKED_BY_TAG[rng.choice(home.tags)])
        else:
            phrase = rng.choice(d.ASKED_COMMON)
        return self.text(phrase, home, place)

    def follow_up(self, needed, cadre, day):
        """The follow-up fields: carried by the author; most old ones closed, recent ones open."""
        if not needed:
            return {"follow_up": False}
        age = (self.s.today - day).days
        chance = 0.9 if age > 45 else 0.6 if age > 14 else 0.25
        closed_on = None
        if self.rng.random() < chance:
            closed_on = day + datetime.timedelta(days=self.rng.randint(0, min(age, 40)))
        return {"follow_up": True, "follow_up_owner": cadre, "follow_up_closed_on": closed_on}

    # The year ----------------------------------------------------------------

    def keep_duty_and_visit(self):
        rng, s = self.rng, self.s
        today = s.today
        year = [today - datetime.timedelta(days=n) for n in range(365, 0, -1)]
        window = [today - datetime.timedelta(days=n) for n in range(364, -29, -1)]
        on_duty = set()  # (id(cadre), day)
        workdays = Workdays.between(window[0], window[-1])

        for place in s.places:
            station = place.station
            roster = [a.cadre for a in place.crew if a.role in DUTY_ROLES]
            # Those away now are left out of the roster from today on.
            ahead = [c for c in roster if id(c) not in s.away]
            turn = rng.randrange(len(roster))
            for day in window:
                if not station.is_duty_day(day, workdays):
                    continue
                pool = roster if day < today else ahead
                cadre = pool[turn % len(pool)]
                turn += 1
                on_duty.add((id(cadre), day))
                held = day < today and rng.random() < 0.92
                note = "" if held or day >= today else rng.choice(d.DUTY_MISSED_NOTES)
                duty = DutyDay(station=station, date=day, cadre=cadre, held=held, note=note)
                self.duties.append(duty)
                if held:
                    self.visits += self.receptions(place, duty)

        quarters = [year[q * len(year) // 4 : (q + 1) * len(year) // 4] for q in range(4)]
        for place in s.places:
            for a in place.crew:
                self.visit_for_a_year(place, a.cadre, quarters, on_duty)

        self.visits.sort(key=lambda v: v.occurred_at)

    def receptions(self, place, duty):
        """Who came to the station on a duty day, with what, and how it was handled."""
        rng, s = self.rng, self.s
        visits = []
        for _ in range(rng.choices([1, 2, 3, 4], weights=[45, 30, 17, 8])[0]):
            home = s.pick_homes(place.homes, 1)[0] if rng.random() < 0.7 else None
            if home is None:
                visitor = s.person_name(young=False, female=rng.random() < 0.3)
            elif rng.random() < 0.7:
                visitor = home.household.head_name
            else:  # someone else of the family
                surname = home.household.head_name[:1]
                visitor = s.person_name(young=True, female=rng.random() < 0.5, surname=surname)
            follow_up = rng.random() < 0.2
            handled = d.HANDLED_TAKEN_BACK if follow_up else d.HANDLED_ON_THE_SPOT
            visits.append(
                Visit(
                    station=place.station,
                    author=duty.cadre,
                    household=home.household if home else None,
                    village=place.village,
                    occurred_at=self.at(duty.date, Kind.RECEPTION),
                    kind=Kind.RECEPTION,
                    duty_day=duty,
                    visitor_name=visitor,
                    seen=self.seen(Kind.RECEPTION, home, place),
                    asked=self.asked(home, place),
                    handled=rng.choice(handled),
                    **self.follow_up(follow_up, duty.cadre, duty.date),
                )
            )
        return visits

    def visit_for_a_year(self, place, cadre, quarters, on_duty):
        rng, s = self.rng, self.s
        if id(cadre) in s.away:  # nothing in the last three weeks
            last = s.today - datetime.timedelta(days=21)
            quarters = quarters[:3] + [[day for day in quarters[3] if day < last]]
        # A few cadres fall behind on everything; others on a household now and then.
        lagging = rng.random() < 0.08
        paired = {id(h) for h in s.paired[id(cadre)]}
        others = [h for h in place.homes if id(h) not in paired]
        friends = s.pick_homes(others, rng.randint(12, 20))
        colleagues = [a.cadre for a in place.crew if a.cadre is not cadre]

        def pick_day(days):
            for _ in range(20):
                day = rng.choice(days)
                if (id(cadre), day) in on_duty:
                    continue
                if day.isoweekday() > 5 and rng.random() < 0.65:
                    continue
                return day
            return day

        planned = [[] for _ in quarters]  # per quarter: (day, kind, home)
        all_days = [day for q in quarters for day in q]
        for home in s.paired[id(cadre)]:
            behind = lagging or rng.random() < 0.12
            times = rng.randint(0, 2) if behind else rng.randint(3, 5)
            for _ in range(times):
                day = pick_day(all_days)
                kind = rng.choices(list(PAIRED_KINDS), weights=list(PAIRED_KINDS.values()))[0]
                q = next(i for i, days in enumerate(quarters) if day in days)
                planned[q].append((day, kind, home))
        for q, days in enumerate(quarters):
            target = rng.randint(5, 8) if lagging else rng.randint(10, 14)
            for _ in range(target - len(planned[q])):
                kind = rng.choices(list(OTHER_KINDS), weights=list(OTHER_KINDS.values()))[0]
                home = None if kind == Kind.MEETING else rng.choice(friends)
                planned[q].append((pick_day(days), kind, home))

        for plan in planned:
            for day, kind, home in plan:
                ate, lived, worked = (rng.random() < p for p in TOGETHER.get(kind, (0, 0, 0)))
                asked = ""
                if kind == Kind.MEETING or rng.random() < 0.7:
                    asked = self.asked(home, place)
                visit = Visit(
                    station=place.station,
                    author=cadre,
                    household=home.household if home else None,
                    village=place.village,
                    occurred_at=self.at(day, kind),
                    kind=kind,
                    ate_together=ate,
                    lived_together=lived,
                    worked_together=worked,
                    seen=self.seen(kind, home, place),
                    asked=asked,
                    **self.follow_up(bool(asked) and rng.random() < 0.2, cadre, day),
                )
                self.visits.append(visit)
                if kind != Kind.PHONE and colleagues and rng.random() < 0.2:
                    self.companions.append((visit, rng.choice(colleagues)))
