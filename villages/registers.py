"""What the register pages share: who reads and who writes, a filtered page, a safe save.

Township staff keep the registers (villages, households, cadres, stations,
assignments, pairings); county supervisors read and export them; cadres do
not use these pages. Rows always come from ``visible_to(user)``.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from villages import access_log
from villages.exports import FORMATS, export_response
from villages.jobs.services import request_job
from villages.pagination import BadCursor, keyset_page

PER_PAGE = 50


# Who reads and writes is the user model's to say (``cadres.access.READERS`` and
# ``WRITERS`` gate the views); these read it for the page.


def can_write(user):
    return user.keeps_registers


def own_township(user):
    """The township a staff member works for (None for supervisors and superusers)."""
    return user.own_township


def nav_township(user, filterset=None):
    """The township whose section navigation heads a page: the staff member's
    own, or for a supervisor the township the list is filtered on."""
    township = own_township(user)
    if township is None and filterset is not None and filterset.is_valid():
        township = filterset.form.cleaned_data.get("township")
    return township


def filtered(filterset):
    """The filtered rows; none at all when the filter input is invalid (the form says why)."""
    if filterset.is_valid():
        return filterset.qs
    return filterset.queryset.none()


def list_page(request, filterset, *, ordering, per_page=PER_PAGE):
    """One keyset page of the filtered rows; a forged cursor is a 404."""
    after, before = request.GET.get("after"), request.GET.get("before")
    try:
        return keyset_page(
            filtered(filterset), ordering=ordering, after=after, before=before, per_page=per_page
        )
    except BadCursor as error:
        raise Http404 from error
    except (ValueError, TypeError) as error:
        # A cursor that decodes but holds values the database cannot compare
        # (a null, a list) is a tampered link too.
        if after or before:
            raise Http404 from error
        raise


def save_form(form, *, formsets=()):
    """Save ``form`` and its formsets in one transaction.

    The forms have checked the model's constraints already; should the
    database still refuse (another clerk saved the same thing a moment ago),
    the refusal becomes the constraint's message on the form, never a 500.
    Returns the saved object, or None with the form carrying the error.
    """
    try:
        with transaction.atomic():
            obj = form.save()
            for formset in formsets:
                formset.instance = obj
                formset.save()
    except IntegrityError:
        if form.instance._state.adding:
            form.instance.pk = None
        form.add_error(None, _constraint_messages(form.instance))
        return None
    return obj


def _constraint_messages(instance):
    try:
        instance.validate_constraints()
        instance.validate_unique()
    except ValidationError as error:
        return error.messages
    return [_("Someone else changed the register at the same moment. Check it and save again.")]


def post_data(request):
    """The form data of a POST (even an empty one), None on GET."""
    return request.POST if request.method == "POST" else None


def initial_from(request, *keys):
    """Initial choices passed in the address (``?village=3`` from a village's page)."""
    return {key: request.GET[key] for key in keys if request.GET.get(key)}


def render_list(request, template, *, filterset, ordering, **context):
    """A register's list page: the filter form, one page of rows, the section navigation."""
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page": list_page(request, filterset, ordering=ordering),
            "township": nav_township(request.user, filterset),
            "can_write": can_write(request.user),
            **context,
        },
    )


@dataclass(frozen=True)
class Export:
    """What a register's export holds: the filtered rows, their order, the file's
    name and its columns. A view's ``spec(request)`` returns one; the background
    worker calls the same spec with the asker and the query (``villages.jobs.registers``)."""

    filterset: Any
    ordering: tuple
    name: Any
    columns: list

    def rows(self):
        return filtered(self.filterset).order_by(*self.ordering)


def export(request, fmt, spec):
    """The filtered register as a download (xlsx or csv), rows streamed from the database.

    One of more than ``EXPORT_INLINE_ROWS`` rows (a county's households: 41,000
    rows take 40 s as a CSV, 50 s as a workbook) is built by the worker and the
    asker is sent to the job's page: a request holds a server thread for the
    whole of a streamed file, and a workbook is zipped whole before its first byte.
    """
    what = spec(request)
    queryset = what.rows()
    if fmt in FORMATS and queryset.count() > settings.EXPORT_INLINE_ROWS:
        return _export_job(request, spec, what, fmt)
    rows = queryset.iterator(chunk_size=1000)
    return export_response(
        fmt,
        name=what.name,
        columns=what.columns,
        objects=rows,
        request=request,
        model=queryset.model,
    )


def _export_job(request, spec, what, fmt):
    query = request.GET.copy()
    query.pop("again", None)
    path = f"{spec.__module__}.{spec.__qualname__}"
    language = translation.get_language()
    who = f"{request.user.pk}:{language}"
    key = hashlib.sha256(f"{path}:{fmt}:{sorted(query.lists())}|{who}".encode()).hexdigest()
    # The register's list page, filtered the same way (every export address ends in export.<fmt>).
    listing = request.path.rsplit("export.", 1)[0]
    asked = request_job(
        user=request.user,
        key=f"register:{key}",
        title=(_("%(register)s (Excel)") if fmt == "xlsx" else _("%(register)s (CSV)"))
        % {"register": capfirst(str(what.name))},
        builder="villages.jobs.registers.build",
        params={
            "spec": path,
            "user": request.user.pk,
            "query": query.urlencode(),
            "language": language,
            "fmt": fmt,
        },
        back_url=f"{listing}?{query.urlencode()}",
        again_url=f"{request.path}?{query.urlencode()}&again=1".replace("?&", "?"),
        filters={k: v for k, v in access_log.filters_of(request).items() if k != "again"},
        again=request.GET.get("again") == "1",
    )
    return redirect("villages:job_status", asked.pk)
