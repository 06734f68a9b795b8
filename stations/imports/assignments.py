"""Assignments (任职): 干部姓名, 联系电话, 工作站 (or 村), 职务, 开始日期, 结束日期.

Natural key: the cadre, the station and the start date. A row may give an end
date to an assignment already in the register (the cadre left); a blank end
date never reopens one. After the file, every station may have at most one
current chief and a cadre at most one current assignment per station.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.imports import CadreNames, find_cadre
from cadres.models import Cadre
from stations.models import Assignment, WorkStation
from villages.imports.base import (
    FirstSeen,
    ImportKind,
    PlaceIndex,
    Plan,
    by_name,
    labels,
    write_rows,
)
from villages.imports.cells import Column, listing
from villages.imports.places import by_code, disagrees, village_code_column

COLUMNS = (
    Column("cadre", "干部姓名", "Cadre", required=True, aliases=("姓名", "name")),
    Column(
        "phone",
        "联系电话",
        "Phone",
        aliases=("干部电话", "电话", "手机", "手机号码"),
        help=gettext_lazy("The cadre's phone; needed when two cadres share a name."),
    ),
    Column(
        "station",
        "工作站",
        "Station",
        required=True,
        aliases=("村", "群众工作站", "工作站/村", "驻站工作站", "所驻工作站", "village"),
        help=gettext_lazy("The station's name, or its village's name."),
        instead=("village_code",),
    ),
    village_code_column(),
    Column(
        "role",
        "职务",
        "Role",
        aliases=("站内职务", "岗位", "角色"),
        help=gettext_lazy("Station member when left blank."),
    ),
    Column(
        "start",
        "开始日期",
        "Start date",
        required=True,
        aliases=("起始日期", "任职日期", "开始时间", "start"),
        help=gettext_lazy("A date such as 2026-03-01."),
    ),
    Column(
        "end",
        "结束日期",
        "End date",
        aliases=("离任日期", "结束时间", "end"),
        help=gettext_lazy(
            "Blank while the cadre still serves; a blank never reopens an ended one."
        ),
    ),
)


class Lookups(CadreNames):
    def __init__(self, township):
        self.township = township
        self.cadres = {c.pk: c for c in Cadre.objects.in_place(township=township)}
        self.cadres_by_name = by_name(self.cadres.values(), attr="name")
        stations = list(WorkStation.objects.in_place(township=township).select_related("village"))
        self.stations = PlaceIndex(stations, lambda s: s.name)
        self.station_villages = PlaceIndex(
            stations, lambda s: s.village.name, lambda s: s.village.code
        )
        self.assignments = list(Assignment.objects.in_place(township=township))
        self.roles = labels(
            Assignment.Role,
            (("组长", "负责人"), Assignment.Role.CHIEF),
            (("成员", "队员", "工作人员"), Assignment.Role.MEMBER),
            (("工作队员", "驻村队员"), Assignment.Role.RESIDENT),
            (("联络员",), Assignment.Role.LIAISON),
        )

    def station(self, name):
        return self.stations.get(name) or self.station_villages.get(name)


class Item:
    __slots__ = ("row", "cadre", "station", "role", "start", "end")

    def __init__(self, **values):
        for name, value in values.items():
            setattr(self, name, value)


class AssignmentImport(ImportKind):
    slug = "assignments"
    label = gettext_lazy("assignments")
    order = 30
    columns = COLUMNS
    dropdowns = {"role": Assignment.Role}

    def notes(self):
        return [_("Roles: %(values)s.") % {"values": listing(Assignment.Role)}]

    def load(self, township):
        return Lookups(township)

    def find_cadre(self, row, lookups):
        return find_cadre(row, lookups, name_key="cadre", phone_key="phone")

    def find_station(self, row, lookups):
        """The station the row names by its name, its village's name or its village's
        code (matched first; a name beside it must be the same station's or village's)."""
        typed = row.text("village_code", required=not row.has("station"))
        name = row.text("station", required=not typed)
        township = lookups.township
        if typed:
            station = by_code(
                row, lookups.station_villages, township, typed, code_key="village_code"
            )
            if station is not None and name and lookups.station(name) is not station:
                return disagrees(row, "village_code", station.village, name)
            return station
        station = lookups.station(name) if name else None
        if name and station is None:
            row.error(
                "station",
                _("There is no station or village “%(name)s” in %(township)s.")
                % {"name": name, "township": township.name},
            )
        return station

    def clean(self, row, lookups):
        cadre = self.find_cadre(row, lookups)
        station = self.find_station(row, lookups)
        role = row.choice("role", lookups.roles, allowed=Assignment.Role)
        start, end = row.date("start", required=True), row.date("end")
        if start and end and end < start:
            row.error("end", _("The end date is before the start date."))
        if row.failed:
            return None
        return Item(row=row, cadre=cadre, station=station, role=role, start=start, end=end)

    def plan(self, items, lookups):
        plan = Plan()
        seen = FirstSeen()
        existing = {(a.cadre_id, a.station_id, a.start_date): a for a in lookups.assignments}
        # Who serves where once the file is applied: {source: (assignment, row or None)}.
        current = {a.pk: (a, None) for a in lookups.assignments if a.end_date is None}
        for item in items:
            row = item.row
            if seen.repeat((item.cadre.pk, item.station.pk, item.start), row, "start"):
                continue
            label = f"{item.cadre.name} · {item.station.name}"
            match = existing.get((item.cadre.pk, item.station.pk, item.start))
            if match is None:
                assignment = Assignment(
                    cadre=item.cadre,
                    station=item.station,
                    role=item.role or Assignment.Role.MEMBER,
                    start_date=item.start,
                    end_date=item.end,
                )
                written = self.written(
                    role=assignment.get_role_display(), start=item.start, end=item.end
                )
                plan.create(row, label, assignment, written)
                source = ("row", row.number)
            else:
                assignment, source = match, match.pk
                changed = []
                if item.role and match.role != item.role:
                    match.role = item.role
                    changed.append("role")
                if item.end and match.end_date != item.end:
                    match.end_date = item.end
                    changed.append("end")
                if changed:
                    titles = [self.column(k).title for k in changed]
                    values = {"role": match.get_role_display(), "end": match.end_date}
                    written = self.written(**{k: values[k] for k in changed})
                    plan.update(row, label, match, titles, written)
                else:
                    plan.unchanged += 1
            if assignment.end_date is None:
                current[source] = (assignment, row)
            else:
                current.pop(source, None)
        self._check_current(current.values(), lookups)
        return plan

    def _check_current(self, current, lookups):
        pairs, chiefs = {}, {}
        for assignment, row in current:
            pairs.setdefault((assignment.cadre_id, assignment.station_id), []).append(
                (assignment, row)
            )
            if assignment.role == Assignment.Role.CHIEF:
                chiefs.setdefault(assignment.station_id, []).append((assignment, row))
        for serving in pairs.values():
            if len(serving) > 1:
                for assignment, row in serving:
                    if row is not None:
                        row.error(
                            "end",
                            _(
                                "%(cadre)s would serve at this station twice at once (%(since)s): "
                                "give the earlier assignment an end date."
                            )
                            % {
                                "cadre": lookups.cadre_name(assignment.cadre_id),
                                "since": self._since(serving, lookups),
                            },
                        )
        for serving in chiefs.values():
            if len(serving) > 1:
                for _assignment, row in serving:
                    if row is not None:
                        row.error(
                            "role",
                            _(
                                "The station would have more than one current chief (%(since)s): "
                                "give the one who left an end date."
                            )
                            % {"since": self._since(serving, lookups)},
                        )

    def _since(self, serving, lookups):
        parts = []
        for assignment, row in sorted(serving, key=lambda s: s[0].start_date):
            where = (
                _("row %(row)s") % {"row": row.number} if row is not None else _("in the register")
            )
            parts.append(
                _("%(cadre)s since %(date)s, %(where)s")
                % {
                    "cadre": lookups.cadre_name(assignment.cadre_id),
                    "date": assignment.start_date.isoformat(),
                    "where": where,
                }
            )
        return "；".join(parts)

    def write(self, plan, *, lookups, user):
        write_rows(Assignment, plan, user=user, fields=["role", "end_date"])


KIND = AssignmentImport()
