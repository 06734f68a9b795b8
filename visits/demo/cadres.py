"""The demo's cadres: who serves at which station (and where before), who is away now,
the demo logins, and the households each cadre is paired with.

The cadres, assignments and pairings are collected on the seeder, which
writes them in bulk; the logins are saved one by one (each hashes its password).
"""

import datetime
import math

from django.conf import settings

from cadres.models import Cadre, User
from stations.models import Assignment, Pairing
from villages.pinyin import search_key
from visits.demo import data as d

Role = Assignment.Role
Rank = Cadre.RankClass

# Roles in the order a contact card lists them, and a station's crew is kept in.
ROLE_ORDER = [
    Role.CHIEF,
    Role.DEPUTY,
    Role.FIRST_SECRETARY,
    Role.MEMBER,
    Role.RESIDENT,
    Role.LIAISON,
]


class Cadres:
    """Staffs the stations; ``seeder`` is the DemoSeeder that keeps the rows."""

    def __init__(self, seeder):
        self.s = seeder
        self.rng = seeder.rng

    def new_cadre(self, township, *, position, unit, rank, kind, sent_by=None):
        rng, s = self.rng, self.s
        female = rng.random() < (0.2 if rank == Rank.LEADERSHIP else 0.35)
        taken = {c.name for c in s.cadres if c.township is township}
        while True:
            name = s.person_name(young=kind != "village", female=female)
            if name not in taken:
                break
        cadre = Cadre(
            township=township,
            name=name,
            name_pinyin=search_key(name),
            phone=s.mobile(),
            work_unit=unit,
            sponsoring_unit=sent_by,
            position=position,
            rank_class=rank,
            # Most cadres agreed to have their number on the cards; one in nine
            # did not (their lines give the duty phone). Drawn without the rng,
            # so the rest of the demo stays as it was.
            phone_public_since=None if len(s.cadres) % 9 == 4 else s.today.replace(month=1, day=1),
        )
        s.cadres.append(cadre)
        s.kind_of[id(cadre)] = kind
        return cadre

    def staff_township(self, places):
        rng, s = self.rng, self.s
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
        s.leaders[township.pk] = leaders[:2]
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
                # The sponsor sends its own staff, who name it as their work unit.
                sponsor = place.station.sponsoring_unit
                if rng.random() < 0.8:
                    cadre = self.new_cadre(
                        township,
                        position=f"{sponsor.name}{rng.choice(['副科长', '股长', '副主任科员'])}",
                        unit=sponsor.name,
                        rank=Rank.SECTION,
                        kind="county",
                        sent_by=sponsor,
                    )
                    crew.append((cadre, Role.FIRST_SECRETARY))
                if rng.random() < 0.5:
                    cadre = self.new_cadre(
                        township,
                        position=f"{sponsor.name}科员",
                        unit=sponsor.name,
                        rank=Rank.ORDINARY,
                        kind="county",
                        sent_by=sponsor,
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
                    start_date=s.days_ago(low, 1400),
                )
                place.crew.append(assignment)
                place.history.append(assignment)
                s.assignments.append(assignment)

    def rotate(self):
        """Give some township cadres an earlier, ended assignment at another station."""
        rng, s = self.rng, self.s
        eligible = [
            (place, a)
            for place in s.places
            for a in place.crew
            if a.role != Role.CHIEF and s.kind_of[id(a.cadre)] == "township"
        ]
        target = min(len(eligible), math.ceil(len(s.cadres) * 0.3))
        for place, current in rng.sample(eligible, target):
            current.start_date = s.days_ago(366, 730)
            others = [p for p in s.places if p.township is place.township and p is not place]
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
            s.assignments.append(earlier)
            s.earlier.append((before, earlier))

    def create_users(self):
        s = self.s
        gaoshi = s.places[0]
        chief = gaoshi.crew[0].cadre
        member = next(a.cadre for a in gaoshi.crew if a.role == Role.MEMBER)
        first, second = s.by_township()[0][0].township, s.by_township()[1][0].township
        specs = {
            "admin": {"is_superuser": True, "is_staff": True},
            "city": {"role": User.Role.PREFECTURE, "prefecture": s.prefecture},
            "county": {"role": User.Role.COUNTY, "county": s.county},
            "township": {"role": User.Role.TOWNSHIP, "township": first},
            "township2": {"role": User.Role.TOWNSHIP, "township": second},
            "chief": {"role": User.Role.CADRE},
            "cadre": {"role": User.Role.CADRE},
            "office": {"role": User.Role.OFFICE, "office": s.offices[first.pk][d.DEMO_OFFICE]},
        }
        linked = {"chief": chief, "cadre": member}
        for username, extra in specs.items():
            name = d.DEMO_USERS[username] or linked[username].name
            user = User(username=username, first_name=name, **extra)
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
            s.users[username] = user
            if username in linked:
                linked[username].user = user
        s.staff_user = {first.pk: s.users["township"], second.pk: s.users["township2"]}
        # The demo has two townships; a county grown for a benchmark gets a clerk in each other.
        for n, places in enumerate(s.by_township()[2:], start=3):
            township = places[0].township
            clerk = User(username=f"township{n}", role=User.Role.TOWNSHIP, township=township)
            clerk.set_unusable_password()
            clerk.save()
            s.staff_user[township.pk] = clerk
        s.office_user = {s.users["office"].office_id: s.users["office"]}
        s.demo_cadres = [chief, member]

    def send_away(self):
        """A few members are away now (leave, training): off the duty roster, not visiting."""
        s = self.s
        members = [a for place in s.places[1:] for a in place.crew if a.role == Role.MEMBER]
        for a in self.rng.sample(members, 3):
            a.away = True
            s.away.add(id(a.cadre))

    def pair(self):
        """Pair every serving cadre with households of the village, and end a few old pairs."""
        rng, s = self.rng, self.s
        for place in s.places:
            free = list(place.homes)
            for a in place.crew:
                n = 5 if a.cadre.rank_class != Rank.ORDINARY else 3
                homes = s.pick_homes(free, n)
                taken = {id(h) for h in homes}
                free = [h for h in free if id(h) not in taken]
                s.paired[id(a.cadre)] = homes
                start = a.start_date + datetime.timedelta(days=rng.randint(0, 60))
                s.pairings += [
                    Pairing(
                        cadre=a.cadre,
                        household=h.household,
                        village_id=h.household.village_id,
                        start_date=start,
                    )
                    for h in homes
                ]
        for before, earlier in s.earlier:
            if rng.random() < 0.5:
                start = earlier.start_date + datetime.timedelta(days=rng.randint(10, 60))
                s.pairings += [
                    Pairing(
                        cadre=earlier.cadre,
                        household=h.household,
                        village_id=h.household.village_id,
                        start_date=start,
                        end_date=earlier.end_date,
                    )
                    for h in s.pick_homes(before.homes, rng.randint(1, 2))
                ]
