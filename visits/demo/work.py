"""The demo county's meetings, practical deeds, spot checks, ratings and vote round.

Run by ``seeder.DemoSeeder`` after the stations, cadres, pairings and visits are
built, with a random generator of its own: adding these rows leaves
everything seeded before them unchanged. Meetings and deeds are written in
bulk (no history rows, as for the seed's other rows); the spot checks go
through ``visits.spotchecks.services`` (draw and record_answer), then their times are
moved back into the past months the supervision pages show.
"""

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from stations.units import Unit
from visits.demo import data as d
from visits.demo import work_data as w
from visits.models import (
    Deed,
    Meeting,
    Rating,
    SpotCheck,
    SpotCheckAnswer,
    VoteItem,
    VoteRound,
)
from visits.spotchecks import services as spotchecks

SHANGHAI = ZoneInfo("Asia/Shanghai")
K = Meeting.Kind
# Local time windows (minutes after midnight): day meetings and night ones.
DAY_HOURS = [(9 * 60, 10 * 60 + 30), (14 * 60 + 30, 16 * 60)]
NIGHT_HOURS = [(19 * 60 + 15, 20 * 60 + 30)]
NIGHT_KINDS = {K.NIGHT_STUDY, K.NIGHT_PATROL, K.NIGHT_TALK}
FOUR_MEETING_WEIGHTS = {K.EDUCATION: 40, K.FELLOWSHIP: 30, K.HEART_TO_HEART: 30}
NIGHT_WEIGHTS = {K.NIGHT_STUDY: 30, K.NIGHT_PATROL: 35, K.NIGHT_TALK: 35}


def quarter_of(day):
    return day.year, (day.month - 1) // 3 + 1


class StationWork:
    """Writes the rows; ``seeder`` is the DemoSeeder that built the county."""

    def __init__(self, *, seeder, seed):
        self.s = seeder
        self.rng = random.Random(seed)
        self.today = seeder.today
        # The year before today, today excluded: nothing is logged ahead of time.
        self.days = [self.today - datetime.timedelta(days=n) for n in range(365, 0, -1)]
        self.meetings, self.attendance = [], []
        self.deeds, self.deed_cadres = [], []
        self.ratings = []
        self.liked = {}  # id(cadre) → how likely a household is satisfied with them

    def run(self):
        behind = self.stations_behind()
        for place in self.s.places:
            self.hold_meetings(place, analysis_skipped=behind.get(id(place), ()))
            self.do_deeds(place)
        self.fill_empty_months()
        Meeting.objects.bulk_create(self.meetings, batch_size=1000)
        through = Meeting.attendees.through
        through.objects.bulk_create(
            [through(meeting_id=m.pk, cadre_id=c.pk) for m, c in self.attendance], batch_size=2000
        )
        Deed.objects.bulk_create(self.deeds, batch_size=1000)
        through = Deed.cadres.through
        through.objects.bulk_create(
            [through(deed_id=deed.pk, cadre_id=c.pk) for deed, c in self.deed_cadres],
            batch_size=2000,
        )
        Rating.objects.bulk_create(self.ratings, batch_size=2000)
        first = self.s.by_township()[0]
        checks, answers = self.spot_check(first)
        items = self.vote(first[0].township)
        return {
            "meetings": len(self.meetings),
            "deeds": len(self.deeds),
            "ratings": len(self.ratings),
            "spot checks": checks,
            "spot-check answers": answers,
            "vote items": items,
        }

    # Small helpers -----------------------------------------------------------

    def at(self, day, hours):
        start, end = self.rng.choice(hours)
        minute = self.rng.randrange(start, end, 5)
        return datetime.datetime.combine(
            day, datetime.time(minute // 60, minute % 60), tzinfo=SHANGHAI
        )

    def spread(self, n, days=None):
        """n days spread over the year (one in each nth of it), weekdays likelier."""
        days = days or self.days
        chosen = []
        for k in range(n):
            part = days[k * len(days) // n : (k + 1) * len(days) // n]
            day = self.rng.choice(part)
            if day.isoweekday() > 5 and self.rng.random() < 0.6:
                day = self.rng.choice(part)
            chosen.append(day)
        return chosen

    def present(self, place, day):
        """The station's members who could attend on the day (those away now are not)."""
        recent = (self.today - day).days <= 21
        return [a.cadre for a in place.crew if not (recent and id(a.cadre) in self.s.away)]

    def login_of(self, cadres):
        return next((c.user for c in cadres if c.user_id), None)

    def text(self, phrase, place, **extra):
        group = self.rng.choice(place.groups).name
        return phrase.format(group=group, **extra)

    # Meetings and ratings ----------------------------------------------------

    def stations_behind(self):
        """One or two stations per township that missed the concern-analysis meeting
        of the last whole quarter (and one of them an earlier one too)."""
        this_quarter = datetime.date(self.today.year, 3 * ((self.today.month - 1) // 3) + 1, 1)
        last_whole = quarter_of(this_quarter - datetime.timedelta(days=1))
        earlier = quarter_of(this_quarter - datetime.timedelta(days=100))
        behind = {}
        for k, places in enumerate(self.s.by_township()):
            chosen = self.rng.sample(places, 2 if k == 0 else 1)
            behind[id(chosen[0])] = (last_whole, earlier)
            for place in chosen[1:]:
                behind[id(place)] = (last_whole,)
        return behind

    def hold_meetings(self, place, *, analysis_skipped):
        rng = self.rng
        plans = []  # (day, kind)
        by_quarter = {}
        for day in self.days:
            by_quarter.setdefault(quarter_of(day), []).append(day)
        current = quarter_of(self.today)
        for quarter, days in by_quarter.items():
            if quarter in analysis_skipped or (quarter == current and rng.random() < 0.35):
                continue
            weekdays = [day for day in days if day.isoweekday() <= 5] or days
            plans.append((rng.choice(weekdays), K.CONCERN_ANALYSIS))
        # Two appraisal meetings a year, where households hand in rating sheets.
        plans += [(day, K.APPRAISAL) for day in self.spread(2)]
        kinds, weights = list(FOUR_MEETING_WEIGHTS), list(FOUR_MEETING_WEIGHTS.values())
        plans += [(day, rng.choices(kinds, weights)[0]) for day in self.spread(rng.randint(7, 12))]
        kinds, weights = list(NIGHT_WEIGHTS), list(NIGHT_WEIGHTS.values())
        plans += [(day, rng.choices(kinds, weights)[0]) for day in self.spread(rng.randint(3, 7))]
        plans.sort()
        for day, kind in plans:
            self.meeting(place, day, kind)

    def meeting(self, place, day, kind):
        rng = self.rng
        spec = w.MEETINGS[kind]
        present = self.present(place, day)
        # The chief chairs the concern-analysis meeting; others come as they can.
        chief, others = present[0], present[1:]
        n = rng.randint(1, min(len(others), 4)) if others else 0
        attendees = [chief, *rng.sample(others, n)] if kind == K.CONCERN_ANALYSIS else None
        if attendees is None:
            attendees = rng.sample(present, rng.randint(min(2, len(present)), min(5, len(present))))
        villagers = rng.randint(*spec["villagers"])
        notes = rng.sample(spec["notes"], 2 if rng.random() < 0.3 else 1)
        where = rng.choice(spec["where"])
        meeting = Meeting(
            station=place.station,
            kind=kind,
            held_at=self.at(day, NIGHT_HOURS if kind in NIGHT_KINDS else DAY_HOURS),
            place=self.text(rng.choice(w.MEETING_PLACES[where]), place),
            villagers=villagers,
            topics=self.text(rng.choice(spec["topics"]), place),
            notes="".join(
                self.text(note, place, n=max(villagers, rng.randint(8, 30))) for note in notes
            ),
            recorded_by=self.login_of(attendees),
        )
        self.meetings.append(meeting)
        self.attendance += [(meeting, cadre) for cadre in attendees]
        if kind == K.APPRAISAL:
            self.rate(place, day, members=present)

    def rate(self, place, day, *, members):
        """The rating sheets households handed in at an appraisal meeting."""
        rng = self.rng
        staff = self.s.staff_user[place.township.pk]
        values = Rating.Value.values  # satisfied, basically, not satisfied
        for home in rng.sample(place.homes, min(len(place.homes), rng.randint(6, 14))):
            household = None if rng.random() < 0.15 else home.household  # 匿名测评
            rated = rng.sample(members, rng.randint(min(2, len(members)), len(members)))
            for cadre in rated:
                # Some members are better known and liked than others.
                if id(cadre) not in self.liked:
                    self.liked[id(cadre)] = rng.uniform(0.55, 0.9)
                liked = self.liked[id(cadre)]
                value = rng.choices(values, weights=[liked, 0.95 - liked, 0.05])[0]
                self.ratings.append(
                    Rating(
                        station=place.station,
                        cadre=cadre,
                        household=household,
                        value=value,
                        rated_on=day,
                        entered_by=staff,
                    )
                )

    # Practical deeds ---------------------------------------------------------

    def do_deeds(self, place, days=None):
        for day in self.spread(self.rng.randint(4, 7), days):
            self.deed(place, day)

    def deed(self, place, day):
        rng = self.rng
        categories = list(w.DEED_WEIGHTS)
        category = rng.choices(categories, weights=list(w.DEED_WEIGHTS.values()))[0]
        what, money, people = rng.choice(w.DEEDS[category])
        household = None
        if category == Deed.Category.HOUSEHOLD:
            needy = [h for h in place.homes if set(h.tags) & set(d.NEEDY_TAGS)]
            household = rng.choice(needy or place.homes).household
            helped = household.members
        else:
            helped = rng.randint(*people)
        raised = rng.randrange(money[0], money[1] + 1, 100) if money[1] else 0
        present = self.present(place, day)
        cadres = rng.sample(present, rng.randint(1, min(3, len(present))))
        meters, pieces = rng.randrange(300, 2500, 50), rng.randint(10, 40)
        deed = Deed(
            station=place.station,
            what=self.text(what, place, m=meters, k=pieces),
            category=category,
            done_on=day,
            money_raised=Decimal(raised).quantize(Decimal("0.01")),
            people_helped=helped,
            **deed_amount(what, category, meters=meters, pieces=pieces, helped=helped),
            household=household,
            recorded_by=self.login_of(cadres),
        )
        self.deeds.append(deed)
        self.deed_cadres += [(deed, cadre) for cadre in cadres]

    def fill_empty_months(self):
        """Every past month of the year shows meetings and deeds in every township:
        a month without a deed gets one at a station picked at random."""
        month_start = self.today.replace(day=1)
        months = {}
        for day in self.days:
            if day < month_start:
                months.setdefault((day.year, day.month), []).append(day)
        for places in self.s.by_township():
            stations = {id(p.station) for p in places}
            have = {
                (deed.done_on.year, deed.done_on.month)
                for deed in self.deeds
                if id(deed.station) in stations
            }
            for month, days in months.items():
                if month not in have:
                    self.deed(self.rng.choice(places), self.rng.choice(days))

    # Spot checks and the vote round (the first township) ----------------------

    def spot_check(self, places):
        """Draws of a few cadres' paired households, with the answers recorded."""
        rng = self.rng
        township = places[0].township
        staff = self.s.staff_user[township.pk]
        serving = [a.cadre for p in places for a in p.crew if len(self.s.paired[id(a.cadre)]) >= 3]
        others = [c for c in serving if c not in self.s.demo_cadres]
        cadres = list(self.s.demo_cadres) + rng.sample(others, min(3, len(others)))
        checks = []
        for k, cadre in enumerate(cadres):
            size = min(len(self.s.paired[id(cadre)]), 5)
            seed = rng.randrange(spotchecks.SEED_LIMIT)
            check = spotchecks.draw(cadre=cadre, size=size, seed=seed, by=staff)
            # Last month's checks and a few of this month's, drawn on weekdays.
            ago = rng.randint(30, 50) if k % 3 != 2 else rng.randint(3, 15)
            day = self.today - datetime.timedelta(days=ago)
            while day.isoweekday() > 5:
                day -= datetime.timedelta(days=1)
            check.drawn_at = self.at(day, DAY_HOURS)
            checks.append(check)
        SpotCheck.objects.bulk_update(checks, ["drawn_at"])
        answers = list(
            SpotCheckAnswer.objects.filter(spot_check__in=checks)
            .select_related("spot_check", "household")
            .prefetch_related("household__tags")
            .order_by("spot_check__cadre__phone", "position")
        )
        for answer in answers:
            spotchecks.record_answer(answer=answer, data=self.answer_data(answer), by=staff)
            drawn = answer.spot_check.drawn_at
            answer.recorded_at = min(
                drawn + datetime.timedelta(days=rng.randint(0, 4), minutes=rng.randint(30, 300)),
                datetime.datetime.combine(self.today, datetime.time(8), tzinfo=SHANGHAI),
            )
        SpotCheckAnswer.objects.bulk_update(answers, ["recorded_at"])
        return len(checks), len(answers)

    def answer_data(self, answer):
        """What the household and the cadre said: mostly right, now and then not."""
        rng = self.rng
        household = answer.household
        contact = rng.choices(SpotCheckAnswer.Contact.values, weights=[60, 30, 10])[0]
        tags = list(household.tags.all())
        if rng.random() < 0.2:  # forgot one, or named one the register does not
            spare = [t for t in self.s.tags.values() if t not in tags]
            tags = tags[1:] if tags and rng.random() < 0.5 else [*tags, rng.choice(spare)]
        members = household.members
        if rng.random() < 0.15:
            members = max(1, members + rng.choice([-1, 1]))
        head = household.head_name
        if rng.random() < 0.1:  # the cadre knew the family by another member
            head = self.s.person_name(young=True, female=rng.random() < 0.5, surname=head[:1])
        return {
            "contact": contact,
            "knows_name": rng.random() < 0.85,
            "knows_phone": rng.random() < 0.7,
            "was_visited": rng.random() < 0.8,
            "cadre_asked": rng.random() < 0.9,
            "cadre_members": members,
            "cadre_head_name": head,
            "cadre_tags": tags,
        }

    def vote(self, township):
        """The township's year-end vote of the masses, a few weeks ago."""
        rng = self.rng
        held_on = self.today - datetime.timedelta(days=rng.randint(20, 40))
        voters = rng.randint(180, 320)
        vote_round = VoteRound.objects.create(
            township=township,
            title=w.VOTE_TITLE.format(year=held_on.year),
            held_on=held_on,
            voters=voters,
            entered_by=self.s.staff_user[township.pk],
        )
        items = [
            VoteItem(
                round=vote_round,
                kind=kind,
                text=text,
                votes=max(1, round(voters * share) + rng.randint(-6, 6)),
            )
            for kind, named in w.VOTE_ITEMS.items()
            for text, share in named
        ]
        VoteItem.objects.bulk_create(items)
        return len(items)


def deed_amount(what, category, *, meters, pieces, helped):
    """The quantity and unit a deed's words state ("管道{m}米" → metres), as a cadre would
    enter them; {} when the words name no quantity (a repaired channel, a power line)."""
    if "{m}米" in what:
        return {"quantity": Decimal(meters), "unit": Unit.METRES}
    if "井一口" in what:
        return {"quantity": Decimal(1), "unit": Unit.WELLS}
    if "{k}盏" in what or "{k}个" in what:
        return {"quantity": Decimal(pieces), "unit": Unit.ITEMS}
    if category == Deed.Category.HOUSEHOLD:
        return {"quantity": Decimal(1), "unit": Unit.HOUSEHOLDS}
    if category == Deed.Category.TRAINING:
        return {"quantity": Decimal(helped), "unit": Unit.PEOPLE}
    return {}
