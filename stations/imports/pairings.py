"""Paired households (结对联系户): 干部姓名, 干部电话, 村 (or 村代码), 户主姓名, 户主电话,
开始日期, 结束日期.

Natural key: the cadre, the household and the start date. Cadres and
households must already be in the register (import them first); the phones
tell namesakes apart. A blank end date never reopens an ended pairing.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.imports import CadreNames, find_cadre
from cadres.models import Cadre
from stations.models import Pairing
from villages.imports.base import FirstSeen, ImportKind, PlaceIndex, Plan, by_name, pick, write_rows
from villages.imports.cells import Column
from villages.imports.places import find_village, village_code_column
from villages.models import Household, Village
from villages.wording import bracketed, listing

COLUMNS = (
    Column("cadre", "干部姓名", "Cadre", required=True, aliases=("联系干部", "结对干部")),
    Column(
        "cadre_phone",
        "干部电话",
        "Cadre's phone",
        aliases=("干部联系电话", "干部手机", "cadre phone"),
        help=gettext_lazy("Needed when two cadres share a name."),
    ),
    Column(
        "village",
        "村",
        "Village",
        required=True,
        aliases=("村名", "社区", "村/社区"),
        help=gettext_lazy("The village's name as in the register (or give its code instead)."),
        instead=("village_code",),
    ),
    village_code_column(),
    Column("household", "户主姓名", "Head of household", required=True, aliases=("户主",)),
    Column(
        "household_phone",
        "户主电话",
        "Household's phone",
        aliases=("户主联系电话", "户主手机", "household phone"),
        help=gettext_lazy("Needed when two heads of household in the village share a name."),
    ),
    Column(
        "start",
        "开始日期",
        "Start date",
        required=True,
        aliases=("结对日期", "起始日期", "开始时间", "start"),
        help=gettext_lazy("A date such as 2026-03-01."),
    ),
    Column(
        "end",
        "结束日期",
        "End date",
        aliases=("结束时间", "end"),
        help=gettext_lazy("Blank while the pairing lasts; a blank never reopens an ended one."),
    ),
)


class Lookups(CadreNames):
    def __init__(self, township):
        self.township = township
        self.cadres = {c.pk: c for c in Cadre.objects.in_place(township=township)}
        self.cadres_by_name = by_name(self.cadres.values(), attr="name")
        self.villages = PlaceIndex(
            list(Village.objects.in_place(township=township)), lambda v: v.name, lambda v: v.code
        )
        households = Household.objects.in_place(township=township).only(
            "pk", "village_id", "head_name", "phone"
        )
        self.households = {h.pk: h for h in households}
        self.households_by_name = by_name(
            self.households.values(), attr="head_name", within="village_id"
        )
        self.pairings = list(Pairing.objects.in_place(township=township))


class Item:
    __slots__ = ("row", "cadre", "household", "start", "end")

    def __init__(self, **values):
        for name, value in values.items():
            setattr(self, name, value)


class PairingImport(ImportKind):
    slug = "pairings"
    label = gettext_lazy("pairings")
    order = 40
    columns = COLUMNS

    def load(self, township):
        return Lookups(township)

    def clean(self, row, lookups):
        cadre = find_cadre(row, lookups, name_key="cadre", phone_key="cadre_phone")
        household = self._household(row, lookups)
        start, end = row.date("start", required=True), row.date("end")
        if start and end and end < start:
            row.error("end", _("The end date is before the start date."))
        if row.failed:
            return None
        return Item(row=row, cadre=cadre, household=household, start=start, end=end)

    def _household(self, row, lookups):
        village = find_village(row, lookups.villages, lookups.township)
        name = row.text("household", required=True, name=True)
        phone = row.phone("household_phone")
        if village is None or not name or row.bad("household", "household_phone"):
            return None
        household, problem = pick(lookups.households_by_name.get((village.pk, name), []), phone)
        if problem == "unknown":
            row.error(
                "household",
                _("%(village)s has no household headed by “%(name)s”: import the households first.")
                % {"village": village.name, "name": bracketed(name, phone) if phone else name},
            )
        elif problem == "ambiguous":
            row.error(
                "household",
                _(
                    "%(village)s has several households headed by “%(name)s”: "
                    "fill in the household's phone to tell them apart."
                )
                % {"village": village.name, "name": name},
            )
        if household is not None:
            household.village = village  # for labels, without a query per row
        return household

    def plan(self, items, lookups):
        plan = Plan()
        seen = FirstSeen()
        existing = {(p.cadre_id, p.household_id, p.start_date): p for p in lookups.pairings}
        current = {p.pk: (p, None) for p in lookups.pairings if p.end_date is None}
        for item in items:
            row = item.row
            key = (item.cadre.pk, item.household.pk, item.start)
            if seen.repeat(key, row, "start"):
                continue
            household = bracketed(item.household.head_name, item.household.village.name)
            label = f"{item.cadre.name} ↔ {household}"
            match = existing.get(key)
            if match is None:
                pairing = Pairing(
                    cadre=item.cadre,
                    household=item.household,
                    village_id=item.household.village_id,  # written in bulk, past save
                    start_date=item.start,
                    end_date=item.end,
                )
                plan.create(row, label, pairing, self.written(start=item.start, end=item.end))
                source = ("row", row.number)
            elif item.end and match.end_date != item.end:
                match.end_date = item.end
                plan.update(
                    row, label, match, [self.column("end").title], self.written(end=item.end)
                )
                pairing, source = match, match.pk
            else:
                plan.unchanged += 1
                pairing, source = match, match.pk
            if pairing.end_date is None:
                current[source] = (pairing, row)
            else:
                current.pop(source, None)
        self._check_current(current.values(), lookups)
        return plan

    def _check_current(self, current, lookups):
        pairs = {}
        for pairing, row in current:
            pairs.setdefault((pairing.cadre_id, pairing.household_id), []).append((pairing, row))
        for lasting in pairs.values():
            if len(lasting) < 2:
                continue
            since = listing(sorted(p.start_date.isoformat() for p, _row in lasting))
            for pairing, row in lasting:
                if row is not None:
                    row.error(
                        "end",
                        _(
                            "%(cadre)s would be paired with this household twice at once "
                            "(since %(since)s): give the earlier pairing an end date."
                        )
                        % {"cadre": lookups.cadre_name(pairing.cadre_id), "since": since},
                    )

    def write(self, plan, *, lookups, user):
        write_rows(Pairing, plan, user=user, fields=["end_date"])


KIND = PairingImport()
