"""The monthly report's files built by the background worker: the PDF booklet, the workbook.

The view checks who may have the report and asks for a job
(``villages.jobs.services.request_job``); the worker calls ``build`` with the
asker's id, so the file holds what that login may see. The key says for whom
the file would look the same: same place, period and format, same role and
reach (``place_scope``).
"""

import datetime
import hashlib

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _

from villages.jobs.built import Built
from villages.models import County, Township
from visits.reports import files
from visits.reports.monthly import build_report, report_title
from visits.supervision.period import Period

BUILDER = "visits.reports.jobs.build"
PDF = "application/pdf"


def key(*, user, fmt, period, county=None, township=None):
    place = f"county:{county.pk}" if county is not None else f"township:{township.pk}"
    scope = user.place_scope()
    ids = sorted((level, sorted(pks)) for level, pks in scope.ids.items())
    reach = "all" if scope.everything else str(ids)
    who = f"{user.role}:{user.is_superuser}:{reach}:{translation.get_language()}"
    what = f"{fmt}:{place}:{period.start}:{period.end}"
    # Hashed: a scope of many places would not fit the column, and cut it would collide.
    return "report:" + hashlib.sha256(f"{what}|{who}".encode()).hexdigest()


def title(*, fmt, period, county=None, township=None):
    """What the job's page calls the file: the report's title and its kind."""
    name = report_title(county or township, period)
    if fmt == "pdf":
        return _("%(title)s: booklet (PDF)") % {"title": name}
    return _("%(title)s: workbook (Excel)") % {"title": name}


def params(*, user, fmt, period, county=None, township=None):
    return {
        "user": user.pk,
        "fmt": fmt,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "county": county.pk if county is not None else None,
        "township": township.pk if township is not None else None,
        "language": translation.get_language(),
    }


def build(*, progress, user, fmt, start, end, county, township, language):
    """The report's file as the asker would have had it in the request."""
    with translation.override(language):
        asker = get_user_model().objects.get(pk=user)
        period = Period(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))
        place = (
            {"county": County.objects.get(pk=county)}
            if county is not None
            else {"township": Township.objects.select_related("county").get(pk=township)}
        )
        progress(5, _("Counting the month's figures"))
        report = build_report(user=asker, period=period, **place)
        if fmt == "xlsx":
            progress(30, _("Writing the workbook"))
            file, rows = files.workbook_file(report)
            name = files.file_name(report, "xlsx")
            return Built(name, file, files.XLSX, files.LOGGED_AS, rows)
        # WeasyPrint is heavy: only the worker building a booklet imports it.
        from visits.reports.booklet import booklet_pdf

        progress(20, _("Laying out the booklet"))
        pdf = booklet_pdf(report, progress=progress)
        return Built(files.file_name(report, "pdf"), pdf, PDF, files.LOGGED_AS)
