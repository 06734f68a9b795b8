"""Which concerns the demo raises: from the visits whose "asked" names a topic, from a few
village meetings, and straight at the townships; with the open ones the demo logins
must find, whatever the day it is seeded.

Each concern is planned here (``Plan``), then walked through its moves by
``concern_walks.ConcernWalk``; a visit that raised concerns is followed up
until they end.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from villages.models import Household
from visits.demo import data as d
from visits.demo.concern_walks import OFFICE_HOURS, ConcernWalk
from visits.demo.places import Place
from visits.models import Visit

SHANGHAI = ZoneInfo("Asia/Shanghai")
Kind = Visit.Kind


@dataclass(eq=False)
class Plan:
    """One concern to raise, and how far its handling is to go."""

    place: Place
    topic: dict  # an entry of demo_data.CONCERN_TOPICS
    way: str  # "spot", "station", "township" (raised in a visit) or "direct" (township staff)
    t: datetime.datetime  # when it was raised; then the time of its latest move
    description: str
    group: str
    visit: Visit | None = None
    household: Household | None = None
    urgent: bool = False
    major: bool = False
    explained: bool = False  # ends "closed as explained"
    mediation: str | None = None  # the outcome of its first mediation, if it must be this one
    hold: str | None = None  # stop there (an open concern the demo needs), whatever the date

    def fill(self, text):
        return text.format(group=self.group)


class ConcernPlans:
    """Plans and raises the concerns; ``seeder`` is the DemoSeeder that logged the visits."""

    def __init__(self, seeder):
        self.s = seeder
        self.rng = seeder.rng
        self.walker = ConcernWalk(seeder)
        self.place_of = {id(place.station): place for place in seeder.places}
        self.asked_topic = {}  # the phrase as logged → (topic, group or None)
        self.topic_phrases = {}
        for phrase, topic in d.ASKED_TOPICS.items():
            self.topic_phrases.setdefault(topic, []).append(phrase)
            for group in d.GROUP_NAMES:
                grouped = "{group}" in phrase
                self.asked_topic[phrase.format(group=group)] = (topic, group if grouped else None)

    def raise_concerns(self, visits):
        rng = self.rng
        spot, taken, flippable = [], [], []
        for visit in visits:
            if visit.asked not in self.asked_topic:
                continue
            ways = self.topic_for(visit)["ways"]
            if visit.follow_up and ("t" in ways or "o" in ways):
                taken.append(visit)
            elif not visit.follow_up and "s" in ways:
                spot.append(visit)
            if visit.follow_up or visit.kind != Kind.RECEPTION:
                flippable.append(visit)  # a reception's follow-up says in its "handled"

        used = set()
        plans = self.demo_holds(flippable, used)
        plans += [self.plan_from(v, "spot") for v in self.sample(spot, 110, used)]
        for visit in self.sample(taken, 210, used):
            ways = self.topic_for(visit)["ways"]
            station = "t" in ways and ("o" not in ways or rng.random() < 0.45)
            plans.append(self.plan_from(visit, "station" if station else "township"))
        # One visit can raise several: a few village meetings raised a second one.
        meetings = [p for p in plans if p.visit.kind == Kind.MEETING and p.way != "spot"]
        village_topics = sorted(
            name
            for name, topic in d.CONCERN_TOPICS.items()
            if name in self.topic_phrases
            and topic["category"].startswith(("infra_", "suggestion"))
            and "o" in topic["ways"]
        )
        for plan in meetings[:6]:
            name = rng.choice(village_topics)
            if d.CONCERN_TOPICS[name] is not plan.topic:
                plans.append(self.plan_from(plan.visit, "township", topic=name))
        plans += self.direct_plans()

        majors = [p for p in plans if p.topic.get("major") and p.way != "spot" and not p.hold]
        for plan in rng.sample(majors, min(6, len(majors))):
            plan.major = plan.urgent = True
        for plan in plans:
            if not plan.hold and plan.topic.get("explain") and plan.way != "spot":
                plan.explained = plan.explained or rng.random() < 0.07
        # Every mediation outcome shows: a dispute the station could not settle
        # (escalated), and one referred on by the office (closed as explained).
        disputes = sorted(
            (
                p
                for p in plans
                if p.visit and not p.hold and p.topic["category"].startswith("dispute_")
            ),
            key=lambda p: p.visit.occurred_at,
        )[:40]  # old enough to have got there
        for way, outcome in (("station", "failed"), ("township", "referred")):
            fits = [
                p for p in disputes if p.way == way and p.topic.get("explain") and not p.mediation
            ]
            if fits:
                plan = rng.choice(fits)
                plan.mediation, plan.explained = outcome, False
        by_visit = {}
        for plan in plans:
            concern = self.walker.walk(plan)
            if plan.visit is not None and plan.visit.kind == Kind.RECEPTION:
                plan.visit.handled = self.handled(plan, concern)
            if plan.visit is not None and plan.way != "spot":
                by_visit.setdefault(id(plan.visit), (plan.visit, []))[1].append(concern)
        for visit, concerns in by_visit.values():
            # Taken back: the cadre follows it up until the concern ends.
            ends = [c.closed_at for c in concerns]
            visit.follow_up, visit.follow_up_owner = True, visit.author
            closed = None if None in ends else timezone.localdate(max(ends), SHANGHAI)
            visit.follow_up_closed_on = closed

    def handled(self, plan, concern):
        """How the reception says it was handled, as the concern went."""
        if plan.way == "spot":
            return concern.result
        if plan.way == "station":
            way = "dispute" if concern.is_dispute else "station"
        else:
            way = "township"
        office = plan.topic["office"] or ""
        return self.rng.choice(d.HANDLED_BY_WAY[way]).format(office=office)

    def topic_for(self, visit):
        return d.CONCERN_TOPICS[self.asked_topic[visit.asked][0]]

    def age(self, visit):
        return (self.s.today - visit.occurred_at.date()).days

    def sample(self, visits, n, used):
        free = [v for v in visits if id(v) not in used]
        chosen = self.rng.sample(free, min(n, len(free)))
        used.update(id(v) for v in chosen)
        return chosen

    def pick(self, visits, used, *, ages, way, township=None, author=None, office=None, hold=None):
        """A visit not used yet that fits, or None."""
        options = []
        for visit in visits:
            topic = self.topic_for(visit)
            if (
                id(visit) in used
                or (hold == "explained" and not topic.get("explain"))
                or not ages[0] <= self.age(visit) <= ages[1]
                or way not in topic["ways"]
                or (
                    township is not None
                    and self.place_of[id(visit.station)].township is not township
                )
                or (author is not None and visit.author is not author)
                or (office is not None and topic["office"] != office)
            ):
                continue
            options.append(visit)
        if not options:
            return None
        visit = self.rng.choice(options)
        used.add(id(visit))
        return visit

    def demo_holds(self, visits, used):
        """Open concerns the demo logins should find, whatever the day it is seeded."""
        first, second = (group[0].township for group in self.s.by_township()[:2])
        chief, member = self.s.demo_cadres
        wants = [
            # (hold, way, ages in days, township, author, office)
            ("assigned", "o", (3, 20), None, chief, None),
            ("fed_back", "o", (8, 40), None, chief, None),
            ("station", "t", (2, 30), None, chief, None),
            ("overdue", "o", (25, 75), None, member, None),
            ("done", "t", (8, 40), None, member, None),
            ("station", "t", (2, 30), None, member, None),
            ("escalated", "o", (1, 4), first, None, None),
            ("escalated", "o", (1, 6), first, None, None),
            ("escalated", "o", (2, 8), first, None, None),
            ("overdue", "o", (25, 80), first, None, d.DEMO_OFFICE),
            ("overdue", "o", (25, 80), first, None, d.DEMO_OFFICE),
            ("overdue", "o", (25, 80), first, None, None),
            ("overdue", "o", (25, 80), first, None, None),
            ("assigned", "o", (3, 15), first, None, d.DEMO_OFFICE),
            ("assigned", "o", (3, 15), first, None, d.DEMO_OFFICE),
            ("done", "o", (8, 30), first, None, d.DEMO_OFFICE),
            ("fed_back", "o", (8, 30), first, None, None),
            ("explained", "o", (30, 200), first, None, None),
            ("escalated", "o", (1, 6), second, None, None),
            ("overdue", "o", (25, 80), second, None, None),
            ("overdue", "o", (25, 80), second, None, None),
            ("explained", "o", (30, 200), second, None, None),
        ]
        plans = []
        for hold, way, ages, township, author, office in wants:
            where = {"way": way, "township": township, "author": author, "hold": hold}
            visit = self.pick(visits, used, ages=ages, office=office, **where)
            if visit is None:  # a wider window, any office
                wider = (ages[0], ages[1] + 90)
                visit = self.pick(visits, used, ages=wider, **where)
            if visit is None:
                continue
            plan = self.plan_from(visit, "township" if way == "o" else "station")
            if hold == "explained":
                plan.explained = True
            else:
                plan.hold = hold
            plans.append(plan)
        return plans

    def plan_from(self, visit, way, topic=None):
        rng = self.rng
        place = self.place_of[id(visit.station)]
        name, group = self.asked_topic[visit.asked]
        asked = visit.asked
        if topic is not None:  # a second concern raised at a meeting
            name, group = topic, None
            asked = rng.choice(self.topic_phrases[name])
        household = visit.household
        group = group or (household.group.name if household else rng.choice(place.groups).name)
        asked = asked.format(group=group)
        topic = d.CONCERN_TOPICS[name]
        description = asked
        if visit.kind == Kind.MEETING:
            description = f"会上有村民{asked}"
        if topic["details"] and (way != "spot" or rng.random() < 0.5):
            description += "。" + rng.choice(topic["details"])
        return Plan(
            place=place,
            topic=topic,
            way=way,
            # Logged a little after the visit; the concern is raised at the visit's time.
            t=visit.occurred_at + datetime.timedelta(minutes=rng.randint(5, 60)),
            description=(description + "。").format(group=group),
            group=group,
            visit=visit,
            household=household,
            urgent=rng.random() < 0.08,
        )

    def direct_plans(self):
        """Concerns that reached the township directly, entered by its staff."""
        rng, s = self.rng, self.s
        plans = []
        for places in s.by_township():
            for category, office, text, result, explanation in d.DIRECT_CONCERNS:
                place = rng.choice(places)
                home = rng.choice(place.homes) if rng.random() < 0.6 else None
                group = home.household.group.name if home else rng.choice(place.groups).name
                day = s.days_ago(3, 350)
                while day.isoweekday() > 5:
                    day -= datetime.timedelta(days=1)
                minute = rng.randrange(*OFFICE_HOURS)
                topic = {
                    "category": category,
                    "office": office,
                    "ways": "o",
                    "details": [],
                    "result": [result] if result else [],
                    "explain": [explanation] if explanation else [],
                }
                plan = Plan(
                    place=place,
                    topic=topic,
                    way="direct",
                    t=datetime.datetime.combine(
                        day, datetime.time(minute // 60, minute % 60), tzinfo=SHANGHAI
                    ),
                    description=text.format(group=group) + "。",
                    group=group,
                    household=home.household if home else None,
                    urgent=rng.random() < 0.15,
                    explained=result is None,
                )
                plans.append(plan)
        return plans
