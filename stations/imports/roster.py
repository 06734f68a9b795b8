"""Station rosters (驻站干部花名册): cadres and their assignments in one sheet, as townships
keep them — 姓名, 联系电话, 工作单位, 职务 (the post in their own unit), 驻站工作站,
站内职务, 开始日期, 结束日期.

A cadre the township's register lacks is created from the row (listed as a new cadre
on the preview); one already there is matched by name (and phone among namesakes), as
the assignments import does. The assignments then follow the assignments import's rules.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.imports import KIND as CADRES
from cadres.models import Cadre
from stations.imports.assignments import COLUMNS as ASSIGNMENT_COLUMNS
from stations.imports.assignments import AssignmentImport, Lookups
from villages.imports.base import Change, Plan, pick
from villages.imports.cells import Column

_by_key = {c.key: c for c in ASSIGNMENT_COLUMNS}
COLUMNS = (
    Column("cadre", "姓名", "Name", required=True, aliases=("干部姓名", "驻站干部", "name")),
    _by_key["phone"],
    Column("work_unit", "工作单位", "Work unit", aliases=("单位", "所在单位", "派出单位")),
    Column(
        "position",
        "职务",
        "Position",
        aliases=("职位", "现任职务"),
        help=gettext_lazy("The post in their own unit, e.g. deputy township head."),
    ),
    Column(
        "station",
        "驻站工作站",
        "Station",
        required=True,
        aliases=("工作站", "村", "群众工作站", "所驻工作站", "village"),
        help=gettext_lazy("The station's name, or its village's name."),
        instead=("village_code",),
    ),
    _by_key["village_code"],
    Column(
        "role",
        "站内职务",
        "Role at the station",
        aliases=("站内角色", "岗位", "角色"),
        help=gettext_lazy("Station member when left blank."),
    ),
    _by_key["start"],
    _by_key["end"],
)


class RosterLookups(Lookups):
    def __init__(self, township):
        super().__init__(township)
        self.new_cadres = {}  # {(name, phone): unsaved Cadre}
        self.first_row = {}  # {(name, phone): the row that first names the new cadre}

    def new_cadre(self, row, name, phone):
        key = (name, phone)
        if key not in self.new_cadres:
            # A stand-in key until it is saved: negative, so it never meets a real one and
            # the assignments' checks (one chief, one current assignment) can key on it.
            cadre = Cadre(
                pk=-(len(self.new_cadres) + 1),
                township=self.township,
                name=name,
                phone=phone,
                work_unit=row.text("work_unit"),
                position=row.text("position"),
            )
            self.new_cadres[key] = cadre
            self.cadres[cadre.pk] = cadre
            self.first_row[key] = row
        return self.new_cadres[key]


class RosterImport(AssignmentImport):
    slug = "roster"
    label = gettext_lazy("station rosters (cadres and assignments)")
    order = 35
    columns = COLUMNS

    def notes(self):
        return [
            *super().notes(),
            _("A cadre not yet in the register is added from the row."),
        ]

    def load(self, township):
        return RosterLookups(township)

    def find_cadre(self, row, lookups):
        name = row.text("cadre", required=True, name=True)
        phone = row.phone("phone")
        if not name or row.bad("cadre", "phone"):
            return None
        cadre, problem = pick(lookups.cadres_by_name.get((None, name), []), phone)
        if problem == "unknown":
            return lookups.new_cadre(row, name, phone)
        if problem == "ambiguous":
            row.error(
                "cadre",
                _("Several cadres are named “%(name)s”: fill in the phone to tell them apart.")
                % {"name": name},
            )
        return cadre

    def plan(self, items, lookups):
        plan = super().plan(items, lookups)
        new = list(lookups.new_cadres.values())
        plan.extra["cadres"] = new
        for key, cadre in lookups.new_cadres.items():
            written = self.written(phone=cadre.phone, work_unit=cadre.work_unit)
            label = _("new cadre %(name)s") % {"name": cadre.name}
            plan.changes.append(Change(lookups.first_row[key].number, True, label, (), written))
        plan.changes.sort(key=lambda change: change.row)
        return plan

    def write(self, plan, *, lookups, user):
        new = plan.extra.get("cadres", [])
        for cadre in new:
            cadre.pk = None  # the stand-in key goes; the database gives the real one
        CADRES.write(Plan(created=new), lookups=None, user=user)
        for assignment in plan.created:
            assignment.cadre = assignment.cadre  # takes the new cadre's saved key
        super().write(plan, lookups=lookups, user=user)


KIND = RosterImport()
