"""A register's workbook or CSV built by the background worker (one too long for a request).

``villages.registers.export`` asks for the job with the dotted path of the
view's spec (set by code, never from a request) and the request's query; the
worker calls the spec again as the asker, so the file holds what that login's
page would have exported, filtered the same way.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from villages import exports
from villages.jobs.built import Built


@dataclass(frozen=True)
class Asking:
    """What a register's spec reads of a request: who asks, and the query."""

    user: object
    GET: QueryDict


def build(*, progress, spec, user, query, language, fmt="xlsx"):
    with translation.override(language):
        asker = get_user_model().objects.get(pk=user)
        what = import_string(spec)(Asking(asker, QueryDict(query)))
        queryset = what.rows()
        progress(2, _("Counting the rows"))
        total = queryset.count()

        def written(count):
            progress(
                5 + 90 * count / max(total, 1),
                _("%(count)s of %(total)s rows written") % {"count": count, "total": total},
            )

        file, rows, name = exports.export_file(
            name=what.name,
            columns=what.columns,
            objects=queryset.iterator(chunk_size=1000),
            fmt=fmt,
            every=written,
        )
        content_type = exports.XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
        return Built(name, file, content_type, queryset.model._meta.label_lower, rows)
