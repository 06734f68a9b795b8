"""The demo county's places: townships with their offices and errand guides, villages with
their groups and stations, and the households of each village with their tags.

``Place`` and ``Home`` carry a village and a household through the later parts
of the seed, with what those parts need of them.
"""

from dataclasses import dataclass, field

from cadres.models import Office
from stations.models import DutyRule, WorkStation
from villages.models import (
    County,
    ErrandGuide,
    Household,
    Prefecture,
    Township,
    Village,
    VillageGroup,
)
from villages.pinyin import search_key
from visits.demo import data as d
from visits.demo.units import build_units, sponsors_in_turn

# The "seven haves" a station lacks, likeliest first.
SEVEN_HAVES_MISSED_FIRST = [
    "has_suggestion_box",
    "has_work_log",
    "has_notice_board",
    "has_contact_cards",
    "has_work_ledger",
    "has_door_plate",
    "has_office",
]


# Where the numbering of a township's three digits starts (统计用区划代码): 街道 001–099,
# 镇 100–199, 乡 200–399; a village committee's (村委会) own three digits 200–399.
FIRST_TOWNSHIP_NUMBER = {"镇": 101, "乡": 201}
LAST_TOWNSHIP_NUMBER = {"镇": 199, "乡": 399}
FIRST_VILLAGE_NUMBER = 201
# 城乡分类代码: a township's seat is its centre (121 镇中心区, 210 乡中心区); the rest 220 村庄.
SEAT_TYPE = {"镇": "121", "乡": "210"}
VILLAGE_TYPE = "220"


def division_codes(county_code, townships):
    """{township name: (its code, [its villages' codes])} for ``(name, suffix, villages)``
    in order: well-formed, unique, each township numbered after the others of its kind."""
    taken = dict.fromkeys(FIRST_TOWNSHIP_NUMBER, 0)
    codes = {}
    for name, suffix, villages in townships:
        number = FIRST_TOWNSHIP_NUMBER[suffix] + taken[suffix]
        taken[suffix] += 1
        prefix = f"{county_code}{number:03d}"
        if number > LAST_TOWNSHIP_NUMBER[suffix] or len(villages) > 399 - FIRST_VILLAGE_NUMBER:
            raise ValueError(f"{name}: more townships or villages than their codes can number")
        codes[name] = (
            f"{prefix}000",
            [f"{prefix}{FIRST_VILLAGE_NUMBER + k:03d}" for k in range(len(villages))],
        )
    return codes


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


class Places:
    """Writes the places and households; ``seeder`` is the DemoSeeder that keeps them."""

    def __init__(self, seeder):
        self.s = seeder
        self.rng = seeder.rng

    def build_places(self):
        rng, s = self.rng, self.s
        s.prefecture, _created = Prefecture.objects.get_or_create(name=d.PREFECTURE)
        s.county = County.objects.create(prefecture=s.prefecture, name=d.COUNTY, code=d.COUNTY_CODE)
        codes = division_codes(d.COUNTY_CODE, d.TOWNSHIPS)
        for k, (name, prefix, village_names) in enumerate(d.TOWNSHIPS):
            township_code, village_codes = codes[name]
            # The first township shows its public notice (督导公示) to everyone.
            township = Township.objects.create(
                county=s.county, name=name, public_notice_open=k == 0, code=township_code
            )
            s.offices[township.pk] = {
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
                Village(
                    township=township,
                    name=v,
                    code=code,
                    # The first village is the township's seat: its centre (镇/乡中心区).
                    urban_rural_code=SEAT_TYPE[prefix] if j == 0 else VILLAGE_TYPE,
                )
                for j, (v, code) in enumerate(zip(village_names, village_codes, strict=True))
            )
            s.places += [Place(township, prefix, v) for v in villages]
        groups = []
        for place in s.places:
            place.groups = [
                VillageGroup(village=place.village, name=n)
                for n in d.GROUP_NAMES[: rng.randint(3, 6)]
            ]
            groups += place.groups
        VillageGroup.objects.bulk_create(groups)

        second = [p for p in s.places if p.township.name == d.TOWNSHIPS[1][0]]
        by_month_day = {id(p) for p in rng.sample(second, 2)}
        stations, drawn = [], []
        for place in s.places:
            village, township = place.village, place.township
            drawn.append(rng.choice(d.SPONSORING_UNITS) if rng.random() < 0.4 else "")
            behind = rng.random() < 0.15  # on the "seven haves" standard
            missed = rng.randint(2, 4) if behind else int(rng.random() >= 0.6)
            order = sorted(range(len(SEVEN_HAVES_MISSED_FIRST)), key=lambda i: i + rng.random() * 3)
            missing = {SEVEN_HAVES_MISSED_FIRST[i] for i in order[:missed]}
            haves = {name: name not in missing for name, _label in WorkStation.SEVEN_HAVES}
            monthly = id(place) in by_month_day
            place.station = WorkStation(
                village=village,
                name=f"{village.name.removesuffix('村')}群众工作站",
                office_address=f"{township.name}{village.name}{rng.choice(d.OFFICE_ROOMS)}",
                office_phone=s.landline(),
                duty_rule=DutyRule.MONTH_DAYS if monthly else DutyRule.WEEKDAYS,
                duty_days="5,15,25" if monthly else "2",
                **haves,
            )
            stations.append(place.station)
        units = build_units(s.county, s.prefecture)
        for station, unit in zip(stations, sponsors_in_turn(units, drawn), strict=True):
            station.sponsoring_unit = unit
        WorkStation.objects.bulk_create(stations)

    def build_households(self):
        rng, s = self.rng, self.s
        households, tag_rows = [], []
        surnames = list(d.SURNAMES)
        # 80–200 households a village, about 3,000 in all for the demo's 22 villages (a
        # county grown for a benchmark keeps the same average).
        target = round(3000 * len(s.places) / 22)
        while True:
            sizes = [rng.randint(80, 200) for _place in s.places]
            if abs(sum(sizes) - target) <= 60:
                break
        for place, size in zip(s.places, sizes, strict=True):
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
                head_name = s.person_name(young=False, female=female, surname=surname)
                household = Household(
                    village=place.village,
                    group=group,
                    head_name=head_name,
                    name_pinyin=search_key(head_name),
                    phone="" if rng.random() < no_phone else s.mobile(),
                    members=members,
                    address=f"{place.township.name}{place.village.name}{group.name}",
                )
                weight = 4 if any(t in d.PRIORITY_TAGS for t in tags) else 1
                place.homes.append(Home(household, tuple(tags), weight))
                households.append(household)
        Household.objects.bulk_create(households, batch_size=1000)
        through = Household.tags.through
        for place in s.places:
            for home in place.homes:
                tag_rows += [
                    through(household_id=home.household.pk, householdtag_id=s.tags[code].pk)
                    for code in home.tags
                ]
        through.objects.bulk_create(tag_rows, batch_size=1000)
