"""The columns of an assessment round's workbook: one row per station, unit and first
secretary, in the order of the results (each kind ranked best first)."""

from django.utils.translation import gettext_lazy as _

from villages.exports import Column

KIND_NAMES = {
    "station": _("station"),
    "unit": _("sponsoring unit"),
    "cadre": _("first secretary"),
}


def _percent(share):
    return None if share is None else round(share * 100, 1)


def result_columns():
    return [
        Column(_("kind"), lambda r: str(KIND_NAMES[r.kind]), 10),
        Column(_("rank"), lambda r: r.rank, 6),
        Column(_("name"), lambda r: r.name, 24),
        Column(_("recorded work (%)"), lambda r: _percent(r.records), 12),
        Column(_("what households say (%)"), lambda r: _percent(r.households), 12),
        Column(_("assessor's mark"), lambda r: r.mark, 10),
        Column(_("total (%)"), lambda r: _percent(r.total), 10),
        Column(_("assessor's note"), lambda r: r.note, 40),
    ]
