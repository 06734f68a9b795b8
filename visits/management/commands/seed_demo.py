"""Build the demo county 隆回县: places, stations, households, cadres and a year of work."""

import datetime
import math
import random
import time
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from cadres.models import Cadre, Office, User
from stations.models import (
    Assignment,
    ContactCard,
    ContactCardLine,
    DutyDay,
    DutyRule,
    Pairing,
    WorkStation,
)
from villages.models import (
    County,
    ErrandGuide,
    Household,
    HouseholdTag,
    Township,
    TownshipContact,
    Village,
    VillageGroup,
)
from villages.pinyin import search_key
from visits.concerns import flow as flow
from visits.concerns import services as services
from visits.demo import data as d
from visits.demo.work import StationWork
from visits.models import Concern, ConcernEvent, Deed, Meeting, Rating, SpotCheck, Visit, VoteRound
from visits.models.concerns import day_start

# Fixed so that every run builds the same county (relative to today's date).
SEED = 20260125
SHANGHAI = ZoneInfo("Asia/Shanghai")
Role = Assignment.Role
Kind = Visit.Kind
Rank = Cadre.RankClass

# Roles in the order a contact card lists them; the duty roster uses the first three.
ROLE_ORDER = [
    Role.CHIEF,
    Role.DEPUTY,
    Role.FIRST_SECRETARY,
    Role.MEMBER,
    Role.RESIDENT,
    Role.LIAISON,
]
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
# Concerns: who makes a move (as in visits.concerns.flow), and when.
S = Concern.State
STATION, TOWNSHIP, OFFICE = flow.STATION_CADRE, flow.TOWNSHIP_STAFF, flow.OFFICE_STAFF
RAISE_MOVES = {m.name for m in flow.RAISE_MOVES}
OFFICE_HOURS = (8 * 60 + 30, 17 * 60 + 30)
CADRE_HOURS = (8 * 60, 20 * 60 + 30)
SEVEN_HAVES_MISSED_FIRST = [
    "has_suggestion_box",
    "has_work_log",
    "has_notice_board",
    "has_contact_cards",
    "has_work_ledger",
    "has_door_plate",
    "has_office",
]


class Command(BaseCommand):
    help = (
        "Seed the demo county 隆回县 (townships 石门乡 and 金石桥镇, 22 villages with their "
        "stations, about 3,000 households, cadres, pairings, contact cards, a year of duty "
        "days and visits, the townships' offices and a year of concerns raised in the visits, "
        "the stations' meetings, practical deeds and ratings, spot checks and a vote round) "
        "and the demo logins admin, county, township, township2, chief, cadre and office, all "
        f"with password {settings.DEMO_PASSWORD}. Does nothing if the county exists, unless "
        "--reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo county with everything in it and the demo logins, then seed "
            "again.",
        )

    def handle(self, *args, reset=False, **options):
        # The demo logins share a published password: never on a real deployment.
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo runs only in demo mode (DEBUG=true or DEMO_MODE=true): "
                f"it creates logins with the published password {settings.DEMO_PASSWORD}."
            )
        started = time.monotonic()
        with transaction.atomic():
            if County.objects.filter(name=d.COUNTY).exists() and not reset:
                self.stdout.write(
                    f"{d.COUNTY} already exists; nothing changed (use --reset to rebuild it)."
                )
                return
            if reset:
                delete_demo_data()
            taken = sorted(
                User.objects.filter(username__in=list(d.DEMO_USERS)).values_list(
                    "username", flat=True
                )
            )
            if taken:
                raise CommandError(
                    f"Users {', '.join(taken)} already exist; run with --reset to replace them."
                )
            counts = DemoSeeder(today=timezone.localdate()).run()
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {d.COUNTY}: {summary} in {time.monotonic() - started:.1f}s."
            )
        )


def delete_demo_data():
    """Delete the demo county, everything in it and its history, and the demo logins."""
    county = County.objects.filter(name=d.COUNTY).first()
    # Deleting rows would otherwise write a "deleted" history row for each of them.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        if county is None:
            User.objects.filter(username__in=list(d.DEMO_USERS)).delete()
        else:
            _delete_county(county)


def _delete_county(county):
    townships = Township.objects.filter(county=county)
    villages = Village.objects.filter(township__county=county)
    stations = WorkStation.objects.filter(village__township__county=county)
    households = Household.objects.filter(village__township__county=county)
    cadres = Cadre.objects.filter(township__county=county)
    offices = Office.objects.filter(township__in=townships)
    # all_objects: hidden concerns and visits go too.
    concerns = Concern.all_objects.filter(Q(township__in=townships) | Q(station__in=stations))

    # History first, chosen by place so rows of objects deleted earlier go too.
    old_households = Household.history.filter(village__in=villages).values("id")
    old_cadres = Cadre.history.filter(township__in=townships).values("id")
    Visit.history.filter(Q(station__in=stations) | Q(village__in=villages)).delete()
    ContactCard.history.filter(county=county).delete()
    Pairing.history.filter(Q(household_id__in=old_households) | Q(cadre_id__in=old_cadres)).delete()
    Assignment.history.filter(station__in=stations).delete()
    Cadre.history.filter(township__in=townships).delete()
    Household.history.filter(village__in=villages).delete()
    Concern.history.filter(Q(township__in=townships) | Q(station__in=stations)).delete()
    Meeting.history.filter(station__in=stations).delete()
    Deed.history.filter(station__in=stations).delete()

    # The stations' meetings and deeds, the spot checks, ratings and votes hold
    # on to stations, cadres and households.
    Meeting.objects.filter(station__in=stations).delete()
    Deed.objects.filter(Q(station__in=stations) | Q(household__in=households)).delete()
    SpotCheck.objects.filter(Q(township__in=townships) | Q(cadre__in=cadres)).delete()
    Rating.objects.filter(Q(station__in=stations) | Q(cadre__in=cadres)).delete()
    VoteRound.objects.filter(township__in=townships).delete()

    # Concerns and their events first: they hold on to visits, households and offices.
    ConcernEvent.objects.filter(Q(concern__in=concerns) | Q(office__in=offices)).delete()
    concerns.delete()
    Visit.all_objects.filter(
        Q(station__in=stations) | Q(village__in=villages) | Q(author__in=cadres)
    ).delete()
    DutyDay.objects.filter(station__in=stations).delete()
    ContactCard.objects.filter(Q(county=county) | Q(station__in=stations)).delete()
    Pairing.objects.filter(Q(household__in=households) | Q(cadre__in=cadres)).delete()
    Assignment.objects.filter(Q(station__in=stations) | Q(cadre__in=cadres)).delete()
    User.objects.filter(
        Q(username__in=list(d.DEMO_USERS))
        | Q(county=county)
        | Q(township__in=townships)
        | Q(office__in=offices)
    ).delete()
    offices.delete()
    cadres.delete()
    households.delete()
    stations.delete()
    VillageGroup.objects.filter(village__in=villages).delete()
    villages.delete()
    townships.delete()
    county.delete()


@dataclass(eq=False)
class Home:
    household: Household
    tags: tuple
    weight: int  # how much more likely cadres pair with and visit this household


@dataclass(eq=False)
class Place:
    """One village while it is being built, with what the later steps need of it."""

    township: Township
    prefix: str  # 乡 or 镇
    village: Village
    groups: list = field(default_factory=list)
    station: WorkStation | None = None
    homes: list = field(default_factory=list)
    crew: list = field(default_factory=list)  # current assignments, in ROLE_ORDER
    history: list = field(default_factory=list)  # every assignment, ended ones included


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


class DemoSeeder:
    def __init__(self, *, today):
        self.today = today
        self.rng = random.Random(SEED)
        self.used_phones = set()
        self.tags = HouseholdTag.objects.in_bulk(field_name="code")
        missing = sorted(set(HouseholdTag.Code.values) - set(self.tags))
        if missing:
            raise CommandError(f"Household tags {', '.join(missing)} are missing; run migrate.")
        self.cadres = []
        self.kind_of = {}  # id(cadre) → "township", "county" or "village"
        self.assignments = []
        self.pairings = []
        self.leaders = {}  # township pk → (party secretary, head of township)
        self.contacts = {}  # township pk → [TownshipContact]
        self.away = set()  # id(cadre) of those away now
        self.staff_user = {}
        self.users = {}
        self.offices = {}  # township pk → {name: Office}
        self.office_user = {}  # office pk → User
        self.concerns = []
        self.events = []

    def run(self):
        self.build_places()
        self.build_households()
        for township_places in self.by_township():
            self.staff_township(township_places)
        self.rotate()
        self.send_away()
        self.create_users()
        Cadre.objects.bulk_create(self.cadres)
        self.list_township_contacts()
        self.pair()
        Assignment.objects.bulk_create(self.assignments)
        Pairing.objects.bulk_create(self.pairings)
        cards, lines = self.issue_cards()
        duties, visits = self.keep_duty_and_visit()
        Concern.objects.bulk_create(self.concerns, batch_size=1000)
        ConcernEvent.objects.bulk_create(self.events, batch_size=2000)
        # Its own random generator: the rows above stay as they were without it.
        work = StationWork(seeder=self, seed=SEED + 1).run()
        return {
            "townships": len(d.TOWNSHIPS),
            "villages": len(self.places),
            "stations": len(self.places),
            "households": sum(len(p.homes) for p in self.places),
            "cadres": len(self.cadres),
            "assignments": len(self.assignments),
            "pairings": len(self.pairings),
            "cards": cards,
            "card lines": lines,
            "duty days": duties,
            "visits": visits,
            "offices": sum(len(offices) for offices in self.offices.values()),
            "concerns": len(self.concerns),
            "concern events": len(self.events),
            **work,
            "users": len(self.users),
        }

    # Small helpers -----------------------------------------------------------

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

    def at(self, day, kind):
        start, end = self.rng.choice(HOURS[kind])
        minute = self.rng.randrange(start, end)
        return datetime.datetime.combine(
            day, datetime.time(minute // 60, minute % 60), tzinfo=SHANGHAI
        )

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

    # Places and households ---------------------------------------------------

    def build_places(self):
        rng = self.rng
        self.county = County.objects.create(name=d.COUNTY)
        self.places = []
        for k, (name, prefix, village_names) in enumerate(d.TOWNSHIPS):
            # The first township shows its public notice (督导公示) to everyone.
            township = Township.objects.create(
                county=self.county, name=name, public_notice_open=k == 0
            )
            self.offices[township.pk] = {
                o.name: o
                for o in Office.objects.bulk_create(
                    Office(township=township, name=office, kind=kind) for office, kind in d.OFFICES
                )
            }
            ErrandGuide.objects.bulk_create(
                ErrandGuide(township=township, kind=kind, text=text)
                for kind, text in d.ERRAND_GUIDES.items()
            )
            villages = Village.objects.bulk_create(
                Village(township=township, name=v) for v in village_names
            )
            self.places += [Place(township, prefix, v) for v in villages]
        groups = []
        for place in self.places:
            place.groups = [
                VillageGroup(village=place.village, name=n)
                for n in d.GROUP_NAMES[: rng.randint(3, 6)]
            ]
            groups += place.groups
        VillageGroup.objects.bulk_create(groups)

        second = [p for p in self.places if p.township.name == d.TOWNSHIPS[1][0]]
        by_month_day = {id(p) for p in rng.sample(second, 2)}
        stations = []
        for place in self.places:
            village, township = place.village, place.township
            sponsor = rng.choice(d.SPONSORING_UNITS) if rng.random() < 0.4 else ""
            behind = rng.random() < 0.15  # on the "seven haves" standard
            missed = rng.randint(2, 4) if behind else int(rng.random() >= 0.6)
            order = sorted(range(len(SEVEN_HAVES_MISSED_FIRST)), key=lambda i: i + rng.random() * 3)
            missing = {SEVEN_HAVES_MISSED_FIRST[i] for i in order[:missed]}
            haves = {name: name not in missing for name, _label in WorkStation.SEVEN_HAVES}
            monthly = id(place) in by_month_day
            place.station = WorkStation(
                village=village,
                name=f"{village.name.removesuffix('村')}群众工作站",
                sponsoring_unit=sponsor,
                office_address=f"{township.name}{village.name}{rng.choice(d.OFFICE_ROOMS)}",
                office_phone=self.landline(),
                duty_rule=DutyRule.MONTH_DAYS if monthly else DutyRule.WEEKDAYS,
                duty_days="5,15,25" if monthly else "2",
                **haves,
            )
            stations.append(place.station)
        WorkStation.objects.bulk_create(stations)

    def build_households(self):
        rng = self.rng
        households, tag_rows = [], []
        surnames = list(d.SURNAMES)
        # 80–200 households a village, about 3,000 in all for the demo's 22 villages (a
        # county grown for a benchmark keeps the same average).
        target = round(3000 * len(self.places) / 22)
        while True:
            sizes = [rng.randint(80, 200) for _place in self.places]
            if abs(sum(sizes) - target) <= 60:
                break
        for place, size in zip(self.places, sizes, strict=True):
            # Villages are often built around two or three clans.
            clans = rng.sample(surnames[:20], rng.randint(2, 3))
            for _ in range(size):
                tags = [code for code, rate in d.TAG_RATES.items() if rng.random() < rate]
                if "well_off" in tags and any(t in d.NEEDY_TAGS for t in tags):
                    tags.remove("well_off")
                if "five_guarantees" in tags:
                    members = 1
                else:
                    members = rng.choices(range(1, 8), weights=[8, 18, 20, 24, 17, 9, 4])[0]
                no_phone = 0.4 if "five_guarantees" in tags else 0.04
                group = rng.choice(place.groups)
                female = rng.random() < (0.35 if "left_behind" in tags else 0.12)
                surname = rng.choice(clans) if rng.random() < 0.55 else None
                head_name = self.person_name(young=False, female=female, surname=surname)
                household = Household(
                    village=place.village,
                    group=group,
                    head_name=head_name,
                    name_pinyin=search_key(head_name),
                    phone="" if rng.random() < no_phone else self.mobile(),
                    members=members,
                    address=f"{place.township.name}{place.village.name}{group.name}",
                )
                weight = 4 if any(t in d.PRIORITY_TAGS for t in tags) else 1
                place.homes.append(Home(household, tuple(tags), weight))
                households.append(household)
        Household.objects.bulk_create(households, batch_size=1000)
        through = Household.tags.through
        for place in self.places:
            for home in place.homes:
                tag_rows += [
                    through(household_id=home.household.pk, householdtag_id=self.tags[code].pk)
                    for code in home.tags
                ]
        through.objects.bulk_create(tag_rows, batch_size=1000)

    # Cadres, assignments, rotation ------------------------------------------

    def new_cadre(self, township, *, position, unit, rank, kind):
        rng = self.rng
        female = rng.random() < (0.2 if rank == Rank.LEADERSHIP else 0.35)
        taken = {c.name for c in self.cadres if c.township is township}
        while True:
            name = self.person_name(young=kind != "village", female=female)
            if name not in taken:
                break
        cadre = Cadre(
            township=township,
            name=name,
            name_pinyin=search_key(name),
            phone=self.mobile(),
            work_unit=unit,
            position=position,
            rank_class=rank,
        )
        self.cadres.append(cadre)
        self.kind_of[id(cadre)] = kind
        return cadre

    def staff_township(self, places):
        rng = self.rng
        township, p = places[0].township, places[0].prefix
        short = township.name[:-1]
        unit = f"{township.name}人民政府"
        leaders = [
            self.new_cadre(
                township,
                position=pos.format(p=p),
                unit=unit,
                rank=Rank.LEADERSHIP,
                kind="township",
            )
            for pos in d.LEADER_POSITIONS
        ]
        self.leaders[township.pk] = leaders[:2]
        sections = [
            self.new_cadre(
                township,
                position=pos,
                unit=u.format(t=township.name, short=short),
                rank=Rank.SECTION,
                kind="township",
            )
            for pos, u in rng.sample(d.SECTION_POSITIONS, rng.randint(6, 9))
        ]
        seniors = rng.sample(leaders, len(leaders)) + sections
        n = len(places)
        chiefs, spare = seniors[:n], seniors[n:]
        # The seniors left over serve as deputies or members, at most one per station.
        offset = rng.randrange(n)
        extra = {(offset + k) % n: cadre for k, cadre in enumerate(spare)}

        def ordinary():
            return self.new_cadre(
                township,
                position=rng.choice(d.ORDINARY_POSITIONS).format(p=p),
                unit=unit,
                rank=Rank.ORDINARY,
                kind="township",
            )

        for j, place in enumerate(places):
            crew = [(chiefs[j], Role.CHIEF)]
            senior = extra.get(j)
            if rng.random() < 0.35:
                crew.append((senior or ordinary(), Role.DEPUTY))
                senior = None
            if place.station.sponsoring_unit:
                sponsor = place.station.sponsoring_unit
                county_unit = f"{d.COUNTY}{sponsor.removeprefix('县')}"
                if rng.random() < 0.8:
                    cadre = self.new_cadre(
                        township,
                        position=f"{sponsor}{rng.choice(['副科长', '股长', '副主任科员'])}",
                        unit=county_unit,
                        rank=Rank.SECTION,
                        kind="county",
                    )
                    crew.append((cadre, Role.FIRST_SECRETARY))
                if rng.random() < 0.5:
                    cadre = self.new_cadre(
                        township,
                        position=f"{sponsor}科员",
                        unit=county_unit,
                        rank=Rank.ORDINARY,
                        kind="county",
                    )
                    crew.append((cadre, Role.RESIDENT))
            for _ in range(rng.randint(2, 4)):
                crew.append((senior or ordinary(), Role.MEMBER))
                senior = None
            if rng.random() < 0.3:
                cadre = self.new_cadre(
                    township,
                    position=rng.choice(["村委委员", "村民小组长", "村妇女主任"]),
                    unit=f"{place.village.name}村民委员会",
                    rank=Rank.ORDINARY,
                    kind="village",
                )
                crew.append((cadre, Role.LIAISON))
            crew.sort(key=lambda pair: ROLE_ORDER.index(pair[1]))
            for cadre, role in crew:
                # Chiefs have served longest, so that older cards print them too.
                low = 750 if role == Role.CHIEF else 400
                assignment = Assignment(
                    cadre=cadre,
                    station=place.station,
                    role=role,
                    start_date=self.days_ago(low, 1400),
                )
                place.crew.append(assignment)
                place.history.append(assignment)
                self.assignments.append(assignment)

    def rotate(self):
        """Give some township cadres an earlier, ended assignment at another station."""
        rng = self.rng
        self.earlier = []
        eligible = [
            (place, a)
            for place in self.places
            for a in place.crew
            if a.role != Role.CHIEF and self.kind_of[id(a.cadre)] == "township"
        ]
        target = min(len(eligible), math.ceil(len(self.cadres) * 0.3))
        for place, current in rng.sample(eligible, target):
            current.start_date = self.days_ago(366, 730)
            others = [p for p in self.places if p.township is place.township and p is not place]
            before = rng.choice(others)
            senior = current.cadre.rank_class != Rank.ORDINARY
            end = current.start_date - datetime.timedelta(days=1)
            earlier = Assignment(
                cadre=current.cadre,
                station=before.station,
                role=Role.DEPUTY if senior and rng.random() < 0.5 else Role.MEMBER,
                start_date=end - datetime.timedelta(days=rng.randint(365, 900)),
                end_date=end,
            )
            before.history.append(earlier)
            self.assignments.append(earlier)
            self.earlier.append((before, earlier))

    def create_users(self):
        gaoshi = self.places[0]
        chief = gaoshi.crew[0].cadre
        member = next(a.cadre for a in gaoshi.crew if a.role == Role.MEMBER)
        first, second = self.by_township()[0][0].township, self.by_township()[1][0].township
        specs = {
            "admin": {"is_superuser": True, "is_staff": True},
            "county": {"role": User.Role.COUNTY, "county": self.county},
            "township": {"role": User.Role.TOWNSHIP, "township": first},
            "township2": {"role": User.Role.TOWNSHIP, "township": second},
            "chief": {"role": User.Role.CADRE},
            "cadre": {"role": User.Role.CADRE},
            "office": {"role": User.Role.OFFICE, "office": self.offices[first.pk][d.DEMO_OFFICE]},
        }
        linked = {"chief": chief, "cadre": member}
        for username, extra in specs.items():
            name = d.DEMO_USERS[username] or linked[username].name
            user = User(username=username, first_name=name, **extra)
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
            self.users[username] = user
            if username in linked:
                linked[username].user = user
        self.staff_user = {first.pk: self.users["township"], second.pk: self.users["township2"]}
        # The demo has two townships; a county grown for a benchmark gets a clerk in each other.
        for n, places in enumerate(self.by_township()[2:], start=3):
            township = places[0].township
            clerk = User(username=f"township{n}", role=User.Role.TOWNSHIP, township=township)
            clerk.set_unusable_password()
            clerk.save()
            self.staff_user[township.pk] = clerk
        self.office_user = {self.users["office"].office_id: self.users["office"]}
        self.demo_cadres = [chief, member]

    def send_away(self):
        """A few members are away now (leave, training): off the duty roster, not visiting."""
        members = [a for place in self.places[1:] for a in place.crew if a.role == Role.MEMBER]
        for a in self.rng.sample(members, 3):
            a.away = True
            self.away.add(id(a.cadre))

    def list_township_contacts(self):
        """The township's key contacts every card prints: the two leaders and the police."""
        rows = []
        for township_places in self.by_township():
            township = township_places[0].township
            secretary, head = self.leaders[township.pk]
            contacts = [
                (secretary.name, secretary.position, secretary.phone),
                (head.name, head.position, head.phone),
                (f"{township.name}派出所", "值班电话", self.landline()),
            ]
            self.contacts[township.pk] = [
                TownshipContact(township=township, order=k, name=n, position=pos, phone=ph)
                for k, (n, pos, ph) in enumerate(contacts, start=1)
            ]
            rows += self.contacts[township.pk]
        TownshipContact.objects.bulk_create(rows)

    def pair(self):
        """Pair every serving cadre with households of the village, and end a few old pairs."""
        rng = self.rng
        self.paired = {}  # id(cadre) → [Home]
        for place in self.places:
            free = list(place.homes)
            for a in place.crew:
                n = 5 if a.cadre.rank_class != Rank.ORDINARY else 3
                homes = self.pick_homes(free, n)
                taken = {id(h) for h in homes}
                free = [h for h in free if id(h) not in taken]
                self.paired[id(a.cadre)] = homes
                start = a.start_date + datetime.timedelta(days=rng.randint(0, 60))
                self.pairings += [
                    Pairing(cadre=a.cadre, household=h.household, start_date=start) for h in homes
                ]
        for before, earlier in self.earlier:
            if rng.random() < 0.5:
                start = earlier.start_date + datetime.timedelta(days=rng.randint(10, 60))
                self.pairings += [
                    Pairing(
                        cadre=earlier.cadre,
                        household=h.household,
                        start_date=start,
                        end_date=earlier.end_date,
                    )
                    for h in self.pick_homes(before.homes, rng.randint(1, 2))
                ]

    # Contact cards -----------------------------------------------------------

    def card_lines(self, place, day):
        """What a card issued by the station on that day prints."""
        serving = [
            a
            for a in place.history
            if a.start_date <= day and (a.end_date is None or a.end_date >= day)
        ]
        serving.sort(key=lambda a: (ROLE_ORDER.index(a.role), a.start_date, a.cadre.name))
        lines = [(a.cadre, a.cadre.name, d.CARD_POSITIONS[a.role], a.cadre.phone) for a in serving]
        lines += [(None, c.name, c.position, c.phone) for c in self.contacts[place.township.pk]]
        lines.append((None, place.station.name, "工作站值班电话", place.station.office_phone))
        return lines

    def issue_cards(self):
        rng = self.rng
        issued = []  # (issued_on, place index, home index, place, home, voided_on)
        for i, place in enumerate(self.places):
            coverage = 0.9 if place.station.has_contact_cards else 0.5
            rounds = sorted(rng.sample(range(3, 360), rng.randint(3, 6)))
            for j, home in enumerate(place.homes):
                if rng.random() < coverage:
                    day = self.today - datetime.timedelta(days=rng.choice(rounds))
                    issued.append((day, i, j, place, home, None))
        for new in rng.sample(issued, min(100, len(issued))):
            issued.append((self.days_ago(380, 720), new[1], new[2], new[3], new[4], new[0]))
        issued.sort(key=lambda row: row[:3])

        cards, specs = [], []
        for n, (day, _i, _j, place, home, voided_on) in enumerate(issued, start=1):
            cards.append(
                ContactCard(
                    county=self.county,
                    serial=f"LH{n:06d}",
                    household=home.household,
                    station=place.station,
                    issued_on=day,
                    issued_by=self.staff_user[place.township.pk],
                    voided_on=voided_on,
                )
            )
            specs.append(self.card_lines(place, day))
        ContactCard.objects.bulk_create(cards, batch_size=1000)
        lines = [
            ContactCardLine(
                card=card, order=k, cadre=cadre, name=name, position=position, phone=phone
            )
            for card, spec in zip(cards, specs, strict=True)
            for k, (cadre, name, position, phone) in enumerate(spec, start=1)
        ]
        ContactCardLine.objects.bulk_create(lines, batch_size=2000)
        return len(cards), len(lines)

    # Duty days and visits ----------------------------------------------------

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

    def keep_duty_and_visit(self):
        rng = self.rng
        today = self.today
        year = [today - datetime.timedelta(days=n) for n in range(365, 0, -1)]
        window = [today - datetime.timedelta(days=n) for n in range(364, -29, -1)]
        duties, visits, companions = [], [], []
        on_duty = set()  # (id(cadre), day)

        for place in self.places:
            station = place.station
            roster = [a.cadre for a in place.crew if a.role in DUTY_ROLES]
            # Those away now are left out of the roster from today on.
            ahead = [c for c in roster if id(c) not in self.away]
            turn = rng.randrange(len(roster))
            for day in window:
                if not station.is_duty_day(day):
                    continue
                pool = roster if day < today else ahead
                cadre = pool[turn % len(pool)]
                turn += 1
                on_duty.add((id(cadre), day))
                held = day < today and rng.random() < 0.92
                note = "" if held or day >= today else rng.choice(d.DUTY_MISSED_NOTES)
                duty = DutyDay(station=station, date=day, cadre=cadre, held=held, note=note)
                duties.append(duty)
                if held:
                    visits += self.receptions(place, duty)

        quarters = [year[q * len(year) // 4 : (q + 1) * len(year) // 4] for q in range(4)]
        for place in self.places:
            for a in place.crew:
                self.visit_for_a_year(place, a.cadre, quarters, on_duty, visits, companions)

        visits.sort(key=lambda v: v.occurred_at)
        # Before the visits are written: a visit that raised a concern the
        # station took back keeps its follow-up open until the concern ends.
        self.raise_concerns(visits)
        DutyDay.objects.bulk_create(duties, batch_size=1000)
        Visit.objects.bulk_create(visits, batch_size=1000)
        through = Visit.companions.through
        through.objects.bulk_create(
            [through(visit_id=v.pk, cadre_id=c.pk) for v, c in companions], batch_size=1000
        )
        return len(duties), len(visits)

    def follow_up(self, needed, cadre, day):
        """The follow-up fields: carried by the author; most old ones closed, recent ones open."""
        if not needed:
            return {"follow_up": False}
        age = (self.today - day).days
        chance = 0.9 if age > 45 else 0.6 if age > 14 else 0.25
        closed_on = None
        if self.rng.random() < chance:
            closed_on = day + datetime.timedelta(days=self.rng.randint(0, min(age, 40)))
        return {"follow_up": True, "follow_up_owner": cadre, "follow_up_closed_on": closed_on}

    def receptions(self, place, duty):
        """Who came to the station on a duty day, with what, and how it was handled."""
        rng = self.rng
        visits = []
        for _ in range(rng.choices([1, 2, 3, 4], weights=[45, 30, 17, 8])[0]):
            home = self.pick_homes(place.homes, 1)[0] if rng.random() < 0.7 else None
            if home is None:
                visitor = self.person_name(young=False, female=rng.random() < 0.3)
            elif rng.random() < 0.7:
                visitor = home.household.head_name
            else:  # someone else of the family
                surname = home.household.head_name[:1]
                visitor = self.person_name(young=True, female=rng.random() < 0.5, surname=surname)
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

    def visit_for_a_year(self, place, cadre, quarters, on_duty, visits, companions):
        rng = self.rng
        if id(cadre) in self.away:  # nothing in the last three weeks
            last = self.today - datetime.timedelta(days=21)
            quarters = quarters[:3] + [[day for day in quarters[3] if day < last]]
        # A few cadres fall behind on everything; others on a household now and then.
        lagging = rng.random() < 0.08
        paired = {id(h) for h in self.paired[id(cadre)]}
        others = [h for h in place.homes if id(h) not in paired]
        friends = self.pick_homes(others, rng.randint(12, 20))
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
        for home in self.paired[id(cadre)]:
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
                visits.append(visit)
                if kind != Kind.PHONE and colleagues and rng.random() < 0.2:
                    companions.append((visit, rng.choice(colleagues)))

    # Concerns -----------------------------------------------------------------
    #
    # The concerns are written as rows, not through concern_services: the
    # services check that the acting login serves at the station now, and
    # most cadres in the register have no login (nor did the visits need
    # one). So each concern is walked through the flow table
    # (visits.concerns.flow, asserting that the move is allowed from its state
    # to that kind of actor) and every move applies the services' own field
    # updates (concern_services.APPLY) and writes the event make_move would
    # write, with the same note, value, office, deadline and version. Left out
    # are the claim on the version and the history rows (as for every other
    # bulk-written row of the seed). The actor of a move by a cadre without a
    # login is empty; township staff record what an office without a login
    # did (the flow lets them).

    def raise_concerns(self, visits):
        rng = self.rng
        self.cutoff = day_start(self.today)  # every move happened before today
        self.place_of = {id(place.station): place for place in self.places}
        self.asked_topic = {}  # the phrase as logged → (topic, group or None)
        self.topic_phrases = {}
        for phrase, topic in d.ASKED_TOPICS.items():
            self.topic_phrases.setdefault(topic, []).append(phrase)
            for group in d.GROUP_NAMES:
                grouped = "{group}" in phrase
                self.asked_topic[phrase.format(group=group)] = (topic, group if grouped else None)

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
            concern = self.walk(plan)
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
        return (self.today - visit.occurred_at.date()).days

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
        first, second = (group[0].township for group in self.by_township()[:2])
        chief, member = self.demo_cadres
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
        rng = self.rng
        plans = []
        for places in self.by_township():
            for category, office, text, result, explanation in d.DIRECT_CONCERNS:
                place = rng.choice(places)
                home = rng.choice(place.homes) if rng.random() < 0.6 else None
                group = home.household.group.name if home else rng.choice(place.groups).name
                day = self.days_ago(3, 350)
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

    def later(self, t, low, high, hours=OFFICE_HOURS, weekdays=True):
        """A moment low–high days after t, in working hours, strictly after t."""
        day = t.astimezone(SHANGHAI).date() + datetime.timedelta(days=self.rng.randint(low, high))
        while weekdays and day.isoweekday() > 5:
            day += datetime.timedelta(days=1)
        minute = self.rng.randrange(*hours)
        moment = datetime.datetime.combine(
            day, datetime.time(minute // 60, minute % 60), tzinfo=SHANGHAI
        )
        if moment <= t + datetime.timedelta(minutes=3):
            moment = t + datetime.timedelta(minutes=self.rng.randint(3, 45))
        return moment

    def walk(self, plan):
        """The concern, moved as far as its plan goes or as today allows."""
        place, visit = plan.place, plan.visit
        cadre = visit.author if visit else None
        concern = Concern(
            township=place.township,
            station=place.station,
            village=place.village,
            household=plan.household,
            raised_in=visit,
            raised_by=cadre,
            created_by=cadre.user if cadre else self.staff_user[place.township.pk],
            category=plan.topic["category"],
            description=plan.description,
            urgency=Concern.Urgency.URGENT if plan.urgent else Concern.Urgency.NORMAL,
            major_event=plan.major,
            raised_at=visit.occurred_at if visit else plan.t,
            version=0,
        )
        for move, at, kind, data in self.moves(plan, concern):
            if at >= self.cutoff:
                break
            self.make(concern, move, at, kind, data, cadre)
            plan.t = at
        self.concerns.append(concern)
        return concern

    def make(self, concern, move, at, kind, data, cadre):
        """What concern_services would write for the move, in memory."""
        step = flow.MOVES[move]
        assert kind in step.actors and step.fits(concern), (move, kind, concern.category)
        if kind == STATION:
            actor = cadre.user
        elif kind == OFFICE:
            actor = self.office_user[concern.office_id]
        else:
            actor = self.staff_user[concern.township_id]
        if move in RAISE_MOVES:  # as raise_concern
            assert concern.version == 0
            from_state, concern.state = "", step.target
            if step.target == S.ON_SPOT:
                concern.result = data["result"]
                concern.done_at = concern.closed_at = at
                concern.done_on = timezone.localdate(at, SHANGHAI)
                if concern.is_dispute:
                    concern.mediation, concern.mediation_at = Concern.Mediation.SUCCEEDED, at
            elif step.target == S.ESCALATED:
                concern.escalated_at = at
            note, value = data.get("result", ""), concern.mediation
        else:  # as make_move
            assert concern.state in step.sources, (move, concern.state)
            from_state = concern.state
            to_state = flow.target_of(step, concern)
            services.APPLY[move](concern, data, actor, at)
            concern.state = to_state
            note = data.get(services.EVENT_NOTE.get(move, "note"), "")
            value = data.get(services.EVENT_VALUE.get(move, ""), "")
        concern.version += 1
        assigning = move in ("assign", "reassign")
        self.events.append(
            ConcernEvent(
                concern=concern,
                at=at,
                actor=actor,
                move=move,
                from_state=from_state,
                to_state=concern.state,
                note=note or "",
                office=concern.office if assigning else None,
                deadline=concern.deadline if assigning else None,
                value=value or "",
                version=concern.version,
            )
        )

    def moves(self, plan, concern):
        """The moves of the concern, one at a time: (move, when, by whom, data).

        A generator: each move is made before the next is asked for, so the
        next can depend on the concern's state.
        """
        rng, topic, hold = self.rng, plan.topic, plan.hold
        quick = hold is not None  # a held concern must get there before today
        back = STATION if plan.visit else TOWNSHIP  # who goes back to the household
        if plan.way == "spot":
            yield "solve_on_spot", plan.t, STATION, {"result": plan.fill(rng.choice(topic["spot"]))}
            return
        if plan.way == "station":
            yield "keep_at_station", plan.t, STATION, {}
        else:
            yield "raise_to_township", plan.t, back, {}
        if hold in ("station", "escalated"):
            return
        if concern.is_petition and plan.visit:  # lodged by the station on the household's behalf
            note = rng.choice(d.PETITION_NOTES["lodged"])
            yield "petition_step", self.later(plan.t, 0, 2), back, {"step": "lodged", "note": note}
        reopened = False
        while concern.state in Concern.OPEN_STATES:
            if concern.state == S.STATION:
                yield from self.at_station(plan, concern, reopened)
            elif concern.state == S.ESCALATED:
                yield from self.at_township(plan, concern, reopened)
                if concern.state == S.ASSIGNED and hold in ("assigned", "overdue"):
                    return
            elif concern.state == S.DONE:
                if hold == "done":
                    return
                how = rng.choices(Concern.FeedbackHow.values, weights=[60, 32, 8])[0]
                at = self.later(plan.t, 0, 1 if quick else 4, CADRE_HOURS, weekdays=False)
                note = rng.choice(d.FEEDBACK_NOTES[how])
                data = {"how": how, "on": timezone.localdate(at, SHANGHAI), "note": note}
                yield "feedback", at, back, data
            elif concern.state == S.FED_BACK:
                if hold == "fed_back":
                    return
                weights = [60, 40, 0] if reopened or quick else [68, 23, 9]
                verdict = rng.choices(Concern.Verdict.values, weights=weights)[0]
                if rng.random() < 0.7:  # the household said so when told
                    at = plan.t + datetime.timedelta(minutes=rng.randint(5, 40))
                else:  # or when called back a few days later
                    at = self.later(plan.t, 1, 6, CADRE_HOURS, weekdays=False)
                if verdict == Concern.Verdict.NOT_SATISFIED:
                    notes = d.REOPEN_NOTES["dispute" if concern.is_dispute else "other"]
                    yield "reopen", at, back, {"note": rng.choice(notes)}
                    reopened = True
                else:
                    yield "close", at, back, {"verdict": verdict, "note": ""}
            else:  # assigned and held, or a move did not get made
                return

    def at_station(self, plan, concern, reopened):
        rng, topic = self.rng, plan.topic
        quick = plan.hold is not None
        outcome = None
        if concern.is_dispute and not reopened:
            weights = [1, 0, 0] if quick else [75, 15, 10]
            outcome = plan.mediation or rng.choices(Concern.Mediation.values, weights=weights)[0]
            plan.mediation = None  # the next one is the office's
            at = self.later(plan.t, 1, 8, CADRE_HOURS, weekdays=False)
            note = rng.choice(d.MEDIATION_NOTES[outcome])
            yield "mediation", at, STATION, {"outcome": outcome, "note": note}
        unsettled = outcome in (Concern.Mediation.FAILED, Concern.Mediation.REFERRED)
        escalate = unsettled or rng.random() < 0.12
        if "o" in topic["ways"] and not reopened and not quick and escalate:
            note = rng.choice(d.ESCALATE_NOTES)
            yield "escalate", self.later(plan.t, 0, 2, CADRE_HOURS), STATION, {"note": note}
            return
        at = self.later(plan.t, 1, 3 if quick else 20, CADRE_HOURS, weekdays=False)
        yield "station_done", at, STATION, {"result": plan.fill(rng.choice(topic["station"]))}

    def at_township(self, plan, concern, reopened):
        rng, topic, hold = self.rng, plan.topic, plan.hold
        quick = hold is not None
        explain = rng.choice(topic["explain"]) if topic.get("explain") else None
        if plan.explained and explain and rng.random() < 0.4:
            yield "explain", self.later(plan.t, 1, 6), TOWNSHIP, {"explanation": explain}
            return
        offices = self.offices[concern.township_id]
        office = offices[topic["office"]]
        at = self.later(plan.t, 0, 1 if quick else 4)
        if concern.office_id is None and not quick and rng.random() < 0.05:
            # Sent first to the wrong office, then reassigned to the right one.
            wrong = rng.choice([o for name, o in offices.items() if name != topic["office"]])
            deadline = at.date() + datetime.timedelta(days=rng.choice([7, 10, 15]))
            data = {"office": wrong, "deadline": deadline, "note": rng.choice(d.ASSIGN_NOTES)}
            yield "assign", at, TOWNSHIP, data
            at = self.later(plan.t, 1, 3)
            note = rng.choice(d.REASSIGN_NOTES).format(office=office.name)
            days = rng.choice([7, 10, 15, 20])
            data = {
                "office": office,
                "deadline": at.date() + datetime.timedelta(days),
                "note": note,
            }
            yield "reassign", at, TOWNSHIP, data
        else:
            if concern.office_id is not None:  # reopened: back to the office it was with
                office = concern.office
            if plan.urgent or hold == "overdue":
                days = rng.randint(3, 7) if plan.urgent else rng.randint(5, 12)
            else:
                days = rng.choice([7, 10, 15, 15, 20, 30])
            deadline = at.date() + datetime.timedelta(days=days)
            if hold == "assigned":
                deadline = max(deadline, self.today + datetime.timedelta(days=rng.randint(2, 10)))
            data = {"office": office, "deadline": deadline, "note": rng.choice(d.ASSIGN_NOTES)}
            yield "assign", at, TOWNSHIP, data
        if hold in ("assigned", "overdue"):
            return
        doer = OFFICE if concern.office_id in self.office_user else TOWNSHIP
        span = max(1, (concern.deadline - plan.t.astimezone(SHANGHAI).date()).days)
        if concern.is_petition and not reopened:
            note = rng.choice(d.PETITION_NOTES["accepted"])
            yield (
                "petition_step",
                self.later(plan.t, 0, 2),
                TOWNSHIP,
                {"step": "accepted", "note": note},
            )
        if concern.is_dispute and not reopened:
            weights = [1, 0, 0] if quick or not explain else [80, 8, 12]
            outcome = plan.mediation or rng.choices(Concern.Mediation.values, weights=weights)[0]
            note = rng.choice(d.MEDIATION_NOTES[outcome])
            at = self.later(plan.t, 1, max(1, span - 1))
            yield "mediation", at, doer, {"outcome": outcome, "note": note}
            if outcome != Concern.Mediation.SUCCEEDED:
                yield "explain", self.later(plan.t, 1, 5), TOWNSHIP, {"explanation": explain}
                return
        if plan.explained and explain:
            yield "explain", self.later(plan.t, 2, span + 5), TOWNSHIP, {"explanation": explain}
            return
        if concern.is_petition and not reopened:
            note = rng.choice(d.PETITION_NOTES["answered"])
            at = self.later(plan.t, 1, max(1, span - 1))
            yield (
                "petition_step",
                at,
                STATION if plan.visit else TOWNSHIP,
                {"step": "answered", "note": note},
            )
        if not quick and rng.random() < 0.15:  # late
            at = self.later(plan.t, span + 1, span + 12)
        else:
            at = self.later(plan.t, 1 if span > 1 else 0, 1 if quick else span)
        yield "done", at, doer, {"result": plan.fill(rng.choice(topic["result"]))}
