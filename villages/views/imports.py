"""Importing the registers from Excel: upload → preview every problem → confirm.

The uploaded file waits in the default storage under a random name in the
user's own folder; the session holds the token that names it. Confirm hands
the stored file (never anything the form sends back) to the background
worker, which checks it again and writes all or nothing; the job's page says
what was imported.
"""

import csv
import io
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cadres.access import role_required
from cadres.models import User
from villages.exports import FORMULA_STARTS
from villages.imports import jobs, service
from villages.imports.forms import UploadForm
from villages.jobs.services import request_job

SESSION_KEY = "imports"
# The preview lists this many problems; the download lists them all.
PROBLEMS_SHOWN = 1000
CHANGES_SHOWN = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def township_staff(view):
    """Township staff of a township (a superuser too, once given a township)."""

    @role_required(User.Role.TOWNSHIP)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.township_id is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _kind(slug):
    kind = service.KINDS.get(slug)
    if kind is None:
        raise Http404
    return kind


def _pending(request, kind, token):
    """The upload this user's session is previewing under ``token``, or 404."""
    entry = request.session.get(SESSION_KEY, {}).get(token.hex)
    if (
        not entry
        or entry.get("kind") != kind.slug
        or not service.owns_upload(request.user, entry.get("path"))
    ):
        raise Http404
    data = service.read_upload(entry["path"])
    if data is None:
        _forget(request, token.hex)
        raise Http404
    return entry, data


def _keep(request, kind, upload):
    """Store the upload and remember its token in the session; one waiting file per kind."""
    for token, entry in list(request.session.get(SESSION_KEY, {}).items()):
        if entry.get("kind") == kind.slug:
            _forget(request, token)
    token, path = service.store_upload(user=request.user, upload=upload)
    pending = request.session.get(SESSION_KEY, {})
    pending[token.hex] = {"kind": kind.slug, "path": path, "name": upload.name[:100]}
    request.session[SESSION_KEY] = pending
    return token


def _forget(request, token):
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(token, None)
    if entry and service.owns_upload(request.user, entry.get("path")):
        service.discard_upload(entry["path"])
    request.session[SESSION_KEY] = pending


def _context(request, kind):
    return {"kind": kind, "kinds": service.KINDS.values(), "township": request.user.township}


@require_safe
@township_staff
def import_index(request):
    return render(request, "villages/imports/index.html", _context(request, None))


@require_http_methods(["GET", "HEAD", "POST"])
@township_staff
def import_upload(request, kind):
    kind = _kind(kind)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        token = _keep(request, kind, form.cleaned_data["file"])
        return redirect("villages:import_preview", kind=kind.slug, token=token)
    context = _context(request, kind) | {
        "form": form,
        "columns": kind.columns,
        "notes": service.notes(kind),
        "max_mb": f"{service.max_bytes() / (1024 * 1024):g}",
        "max_rows": service.max_rows(),
    }
    return render(request, "villages/imports/upload.html", context)


@require_safe
@township_staff
def import_template(request, kind):
    kind = _kind(kind)
    name = _("%(kind)s import template") % {"kind": kind.label}
    return FileResponse(
        io.BytesIO(service.template_workbook(kind)),
        as_attachment=True,
        filename=f"{name}.xlsx",
        content_type=XLSX,
    )


@require_safe
@township_staff
def import_preview(request, kind, token):
    kind = _kind(kind)
    entry, data = _pending(request, kind, token)
    result = service.preview(
        kind=kind, township=request.user.township, data=data, filename=entry["path"]
    )
    return _render_preview(request, kind, token, entry, result)


def _render_preview(request, kind, token, entry, result):
    context = _context(request, kind) | {
        "token": token,
        "filename": entry["name"],
        "result": result,
        "problems": result.problems[:PROBLEMS_SHOWN],
        "problems_hidden": max(0, len(result.problems) - PROBLEMS_SHOWN),
        "changes": result.changes[:CHANGES_SHOWN],
        "changes_hidden": max(0, len(result.changes) - CHANGES_SHOWN),
    }
    return render(request, "villages/imports/preview.html", context)


@require_POST
@township_staff
def import_confirm(request, kind, token):
    """The worker applies the file (``villages.imports.jobs``); the job's page says how it went."""
    kind = _kind(kind)
    entry, _data = _pending(request, kind, token)
    asked = request_job(
        user=request.user,
        key=jobs.key(token),
        title=_("Import of %(kind)s: %(name)s") % {"kind": kind.label, "name": entry["name"]},
        builder=jobs.BUILDER,
        params={
            "kind": kind.slug,
            "township": request.user.township_id,
            "user": request.user.pk,
            "path": entry["path"],
            "name": entry["name"],
            "language": translation.get_language(),
        },
        back_url=reverse("villages:import_upload", kwargs={"kind": kind.slug}),
        # A refusal sends the clerk back to the preview, which checks the file again.
        again_url=reverse("villages:import_preview", kwargs={"kind": kind.slug, "token": token}),
        # A confirm is an act: after a refusal, confirming again tries again
        # (a confirm under way is still shared by a double click).
        again=True,
    )
    return redirect("villages:job_status", asked.pk)


@require_POST
@township_staff
def import_cancel(request, kind, token):
    kind = _kind(kind)
    _pending(request, kind, token)
    _forget(request, token.hex)
    messages.info(request, _("The uploaded file was discarded; nothing was imported."))
    return redirect("villages:import_upload", kind=kind.slug)


@require_safe
@township_staff
def import_problems(request, kind, token):
    """Every problem of the waiting file, as a CSV Excel opens (UTF-8 with BOM)."""
    kind = _kind(kind)
    entry, data = _pending(request, kind, token)
    result = service.preview(
        kind=kind, township=request.user.township, data=data, filename=entry["path"]
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Row"), _("Column"), _("Problem")])
    for problem in result.problems:
        writer.writerow([problem.row or "", _csv_safe(problem.column), _csv_safe(problem.message)])
    response = HttpResponse(("\ufeff" + out.getvalue()).encode(), content_type="text/csv")
    response.headers["Content-Disposition"] = content_disposition_header(
        True, _("problems") + ".csv"
    )
    return response


def _csv_safe(text):
    # A message quotes the cell; a quoted "=..." must not turn into a formula in Excel.
    # The empty string is in every string: test the first character as a prefix instead.
    return "'" + text if text.startswith(FORMULA_STARTS) else text
