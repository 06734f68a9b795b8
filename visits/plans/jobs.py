"""A township's annual plans as one workbook, built by the background worker: a row per
station and item (target, done so far, share, expected, standing), stations without a plan
named, and the definitions sheet. The view checks who may have it; the worker builds it
with the asker's own scope, so the file holds what that login may see.
"""

import hashlib

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _

from villages import exports
from villages.jobs.built import Built
from villages.models import Township
from visits.plans import selectors
from visits.plans.definitions import DEFINITIONS, MEASURES
from visits.plans.exports import LOGGED_AS

BUILDER = "visits.plans.jobs.build"


def key(*, user, township, year):
    scope = user.place_scope()
    ids = sorted((level, sorted(pks)) for level, pks in scope.ids.items())
    reach = "all" if scope.everything else str(ids)
    who = f"{user.role}:{user.is_superuser}:{reach}:{translation.get_language()}"
    return "plans:" + hashlib.sha256(f"{township.pk}:{year}|{who}".encode()).hexdigest()


def title(*, township, year):
    return _("%(township)s: annual work plans %(year)s (Excel)") % {
        "township": township.name,
        "year": year,
    }


def params(*, user, township, year):
    return {
        "user": user.pk,
        "township": township.pk,
        "year": year,
        "language": translation.get_language(),
    }


def _rows(context):
    for station, progress in context["rows"]:
        if progress is None:
            yield [station.name, _("no plan"), "", "", "", "", "", "", ""]
            continue
        state = progress.plan.get_state_display()
        for i in progress.items:
            yield [
                station.name,
                state,
                str(i.label),
                i.item.note,
                i.target,
                i.done,
                i.share,
                i.expected,
                str(i.verdict_label),
            ]


def sheets(context):
    heads = ("target", "done", "share", "expected", "verdict")
    plans = exports.Sheet(
        title=str(context["year"]),
        headers=[
            _("Station"),
            _("State"),
            _("Measure"),
            _("In words"),
            *(str(DEFINITIONS[h].label) for h in heads),
        ],
        rows=_rows(context),
        widths=(20, 14, 24, 24, 12, 12, 10, 12, 12),
        formats=(None, None, None, None, None, None, exports.PERCENT, None, None),
    )
    words = [[str(d.label), str(d.text)] for d in DEFINITIONS.values()]
    words += [[str(m.label), str(MEASURES[m])] for m in MEASURES]
    definitions = exports.Sheet(
        title=_("Definitions"), headers=[_("Figure"), _("Definition")], rows=words, widths=(24, 90)
    )
    return [plans, definitions]


def build(*, progress, user, township, year, language):
    with translation.override(language):
        asker = get_user_model().objects.get(pk=user)
        place = Township.objects.get(pk=township)
        progress(10, _("Counting the year's work"))
        context = selectors.township_plans(place, year=year, user=asker)
        progress(50, _("Writing the workbook"))
        file, rows = exports.workbook_file(sheets(context))
        name = f"{place.name} {year} {_('annual work plans')}.xlsx"
        return Built(name, file, exports.XLSX, LOGGED_AS, rows)
