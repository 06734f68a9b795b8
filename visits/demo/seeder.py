"""Build the demo county 隆回县: places, stations, households, cadres and a year of work.

``DemoSeeder`` keeps what the parts share — the rows built so far and one
random generator — and runs the parts in order: places and households
(``places``), cadres, their stations and logins (``cadres``), contact cards
(``cards``), duty days and visits (``visiting``), the concerns raised in them
(``concern_plans``, ``concern_walks``), then the stations' other work
(``work``) and the members' farmer friends (``friends``), each with a
generator of its own. Every part but the last draws from
the shared generator, so the order of the steps in ``run`` is the order of the
draws: moving a step changes the whole county.
"""

import datetime
import random

from django.core.management.base import CommandError

from cadres.models import Cadre, SponsoringUnit
from stations.models import Assignment, Pairing
from villages.models import HouseholdTag
from visits.demo import data as d
from visits.demo.assessment import seed_assessment, seed_city_round
from visits.demo.cadres import Cadres
from visits.demo.cards import Cards
from visits.demo.concern_plans import ConcernPlans
from visits.demo.friends import Friends
from visits.demo.materials import Materials
from visits.demo.places import Places
from visits.demo.plans import Plans
from visits.demo.visiting import VisitLog
from visits.demo.work import StationWork
from visits.models import Concern, ConcernEvent

# Fixed so that every run builds the same county (relative to today's date).
SEED = 20260125


class DemoSeeder:
    """Writes the demo county as it stands on ``today``; ``run`` returns how many rows of each."""

    def __init__(self, *, today):
        self.today = today
        self.rng = random.Random(SEED)
        self.used_phones = set()
        self.tags = HouseholdTag.objects.in_bulk(field_name="code")
        missing = sorted(set(HouseholdTag.Code.values) - set(self.tags))
        if missing:
            raise CommandError(f"Household tags {', '.join(missing)} are missing; run migrate.")
        # Filled by the parts, read by the ones after them.
        self.prefecture = None
        self.county = None
        self.places = []  # [places.Place], township by township
        self.offices = {}  # township pk → {name: Office}
        self.cadres = []
        self.kind_of = {}  # id(cadre) → "township", "county" or "village"
        self.assignments = []
        self.earlier = []  # (Place, Assignment): the ended assignments of rotated cadres
        self.pairings = []
        self.paired = {}  # id(cadre) → [Home] paired now
        self.leaders = {}  # township pk → (party secretary, head of township)
        self.contacts = {}  # township pk → [TownshipContact]
        self.away = set()  # id(cadre) of those away now
        self.staff_user = {}  # township pk → the township's login
        self.users = {}  # username → the demo login
        self.office_user = {}  # office pk → User
        self.demo_cadres = []  # the cadres of the logins chief and cadre
        self.concerns = []
        self.events = []

    def run(self):
        places, cadres, cards = Places(self), Cadres(self), Cards(self)
        places.build_places()
        places.build_households()
        for township_places in self.by_township():
            cadres.staff_township(township_places)
        cadres.rotate()
        cadres.send_away()
        cadres.create_users()
        Cadre.objects.bulk_create(self.cadres)
        cards.list_township_contacts()
        cadres.pair()
        Assignment.objects.bulk_create(self.assignments)
        Pairing.objects.bulk_create(self.pairings)
        card_count, line_count = cards.issue_cards()
        log = VisitLog(self)
        log.keep_duty_and_visit()
        # Before the visits are written: a visit that raised a concern the
        # station took back keeps its follow-up open until the concern ends.
        ConcernPlans(self).raise_concerns(log.visits)
        duties, visits = log.write()
        Concern.objects.bulk_create(self.concerns, batch_size=1000)
        ConcernEvent.objects.bulk_create(self.events, batch_size=2000)
        # Their own random generators: the rows above stay as they were without them.
        work = StationWork(seeder=self, seed=SEED + 1).run()
        friends = Friends(seeder=self, seed=SEED + 2).run()
        # Last: the approved months lock what was recorded in them.
        materials = Materials(seeder=self, seed=SEED + 3).run()
        # Sized on the year's recorded work, so after it.
        plans = Plans(seeder=self, seed=SEED + 4).run()
        sponsored = [p.station.sponsoring_unit for p in self.places if p.station.sponsoring_unit]
        seed_assessment(
            county=self.county,
            stations=[p.station for p in self.places],
            units=sponsored,
            today=self.today,
        )
        seed_city_round(
            prefecture=self.prefecture,
            units=list(SponsoringUnit.objects.of_city(self.prefecture).order_by("name", "pk")),
            today=self.today,
        )
        return {
            "townships": len(d.TOWNSHIPS),
            "villages": len(self.places),
            "stations": len(self.places),
            "households": sum(len(p.homes) for p in self.places),
            "cadres": len(self.cadres),
            "assignments": len(self.assignments),
            "pairings": len(self.pairings),
            "cards": card_count,
            "card lines": line_count,
            "duty days": duties,
            "visits": visits,
            "offices": sum(len(offices) for offices in self.offices.values()),
            "concerns": len(self.concerns),
            "concern events": len(self.events),
            **work,
            **friends,
            **materials,
            **plans,
            "users": len(self.users),
        }

    # Small helpers every part draws with -------------------------------------

    def mobile(self):
        while True:
            number = self.rng.choice(d.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def landline(self):
        while True:
            number = f"0739-8{self.rng.randrange(10**6):06d}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def person_name(self, *, young, female, surname=None):
        rng = self.rng
        if surname is None:
            surname = rng.choices(list(d.SURNAMES), weights=list(d.SURNAMES.values()))[0]
        if young:
            first, second = (
                (d.YOUNG_FEMALE_FIRST, d.YOUNG_FEMALE_SECOND)
                if female
                else (d.YOUNG_MALE_FIRST, d.YOUNG_MALE_SECOND)
            )
        else:
            first, second = (
                (d.ELDER_FEMALE_FIRST, d.ELDER_FEMALE_SECOND)
                if female
                else (d.ELDER_MALE_FIRST, d.ELDER_MALE_SECOND)
            )
            if not female and rng.random() < 0.08:
                return surname + rng.choice(d.ELDER_MALE_SINGLE)
        a = rng.choice(first)
        b = rng.choice(second.replace(a, ""))
        return surname + a + b

    def days_ago(self, low, high):
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    def pick_homes(self, homes, n):
        """n different households, the weighted ones likelier (Efraimidis–Spirakis)."""
        keyed = [(self.rng.random() ** (1 / home.weight), i) for i, home in enumerate(homes)]
        keyed.sort(reverse=True)
        return [homes[i] for _key, i in keyed[:n]]

    def by_township(self):
        groups = {}
        for place in self.places:
            groups.setdefault(place.township.pk, []).append(place)
        return list(groups.values())
