"""Cadres (干部): 姓名, 联系电话, 工作单位, 职务, 职级类别.

Natural key: the township and the cadre's name, told apart by the phone. A
blank phone or rank class never clears what the register holds; a blank work
unit or position does (when the file has that column at all).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.models import Cadre
from villages.imports.base import (
    FirstSeen,
    ImportKind,
    Plan,
    by_name,
    labels,
    match_person,
    pick,
    write_rows,
)
from villages.imports.cells import Column, listing
from villages.pinyin import search_key
from villages.wording import bracketed

NAME_MAX = Cadre._meta.get_field("name").max_length
WORK_UNIT_MAX = Cadre._meta.get_field("work_unit").max_length
POSITION_MAX = Cadre._meta.get_field("position").max_length

COLUMNS = (
    Column("name", "姓名", "Name", required=True, aliases=("干部姓名", "full name")),
    Column(
        "phone",
        "联系电话",
        "Phone",
        aliases=("电话", "手机", "手机号", "手机号码", "干部电话"),
        help=gettext_lazy("Tells apart cadres who share a name; assignments and pairings use it."),
    ),
    Column("work_unit", "工作单位", "Work unit", aliases=("单位", "所在单位")),
    Column(
        "position",
        "职务",
        "Position",
        aliases=("职位",),
        help=gettext_lazy("The post in their own unit, e.g. deputy township head."),
    ),
    Column(
        "rank_class",
        "职级类别",
        "Rank class",
        aliases=("职级", "干部类别"),
        help=gettext_lazy("Optional; sets the quotas. Ordinary when left blank."),
    ),
)


def rank_classes():
    return labels(
        Cadre.RankClass,
        (("领导", "领导班子"), Cadre.RankClass.LEADERSHIP),
        (("科级", "科级干部"), Cadre.RankClass.SECTION),
        (("一般", "普通", "普通干部"), Cadre.RankClass.ORDINARY),
    )


class Lookups:
    def __init__(self, township):
        self.township = township
        self.cadres = list(Cadre.objects.in_place(township=township))
        self.by_name = by_name(self.cadres, attr="name")
        self.rank_classes = rank_classes()


def find_cadre(row, lookups, *, name_key, phone_key):
    """The township's cadre a row of assignments or pairings names (problems on the row)."""
    name = row.text(name_key, required=True, name=True)
    phone = row.phone(phone_key)
    if not name or row.bad(name_key, phone_key):
        return None
    cadre, problem = pick(lookups.cadres_by_name.get((None, name), []), phone)
    if problem == "unknown":
        what = bracketed(name, phone) if phone else name
        row.error(
            name_key,
            _("There is no cadre “%(name)s” in %(township)s: import the cadres first.")
            % {"name": what, "township": lookups.township.name},
        )
    elif problem == "ambiguous":
        row.error(
            name_key,
            _("Several cadres are named “%(name)s”: fill in the phone to tell them apart.")
            % {"name": name},
        )
    return cadre


class CadreNames:
    """Names of the township's cadres, and of any other cadre a record points to."""

    def cadre_name(self, pk):
        if pk not in self.cadres:
            self.cadres[pk] = Cadre.objects.get(pk=pk)  # only on the way to a problem
        return self.cadres[pk].name


class Item:
    __slots__ = ("row", "name", "phone", "work_unit", "position", "rank_class")

    def __init__(self, **values):
        for name, value in values.items():
            setattr(self, name, value)


class CadreImport(ImportKind):
    slug = "cadres"
    label = gettext_lazy("cadres")
    order = 20
    columns = COLUMNS
    dropdowns = {"rank_class": Cadre.RankClass}

    def notes(self):
        return [_("Rank classes: %(values)s.") % {"values": listing(Cadre.RankClass)}]

    def load(self, township):
        return Lookups(township)

    def clean(self, row, lookups):
        item = Item(
            row=row,
            name=row.text("name", required=True, max_length=NAME_MAX, name=True),
            phone=row.phone("phone"),
            work_unit=row.text("work_unit", max_length=WORK_UNIT_MAX),
            position=row.text("position", max_length=POSITION_MAX),
            rank_class=row.choice("rank_class", lookups.rank_classes, allowed=Cadre.RankClass),
        )
        return None if row.failed else item

    def plan(self, items, lookups):
        plan = Plan()
        seen, claimed = FirstSeen(), {}
        for item in items:
            row = item.row
            if seen.repeat((item.name, item.phone), row, "name"):
                continue
            match, ambiguous = match_person(
                lookups.by_name.get((None, item.name), []), item.phone, claimed=claimed
            )
            if ambiguous:
                row.error(
                    "name",
                    _("Several cadres are named “%(name)s”: fill in the phone to tell them apart.")
                    % {"name": item.name},
                )
            elif match is not None and match.pk in claimed:
                row.error(
                    "name",
                    _("This is the same cadre as row %(row)s.") % {"row": claimed[match.pk]},
                )
            elif match is None:
                cadre = Cadre(
                    township=lookups.township,
                    name=item.name,
                    phone=item.phone,
                    work_unit=item.work_unit,
                    position=item.position,
                    rank_class=item.rank_class or Cadre.RankClass.ORDINARY,
                )
                written = self.written(
                    phone=cadre.phone,
                    work_unit=cadre.work_unit,
                    position=cadre.position,
                    rank_class=cadre.get_rank_class_display(),
                )
                plan.create(row, item.name, cadre, written)
            else:
                claimed[match.pk] = row.number
                self._plan_existing(plan, item, match)
        return plan

    def _plan_existing(self, plan, item, cadre):
        row, changed = item.row, []
        if item.phone and cadre.phone != item.phone:
            cadre.phone = item.phone
            changed.append("phone")
        for key in ("work_unit", "position"):
            if row.has(key) and getattr(cadre, key) != getattr(item, key):
                setattr(cadre, key, getattr(item, key))
                changed.append(key)
        if item.rank_class and cadre.rank_class != item.rank_class:
            cadre.rank_class = item.rank_class
            changed.append("rank_class")
        if changed:
            plan.update(row, cadre.name, cadre, [self.column(k).title for k in changed])
        else:
            plan.unchanged += 1

    def write(self, plan, *, lookups, user):
        for cadre in plan.created:  # bulk_create skips save(), which sets it
            cadre.name_pinyin = search_key(cadre.name)
        write_rows(Cadre, plan, user=user, fields=["phone", "work_unit", "position", "rank_class"])


KIND = CadreImport()
