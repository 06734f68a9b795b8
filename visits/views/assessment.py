"""Assessment rounds (考核): the county's list of rounds, a round's results, its forms, the
assessor's notes, the workbook and the public page.

The county supervisor runs the rounds of their county (``COUNTY_KEEPERS``); the city's
supervisor reads them (``SUPERVISORS``). The city supervisor runs the city's rounds
(``CITY_SUPERVISORS``), over all its counties; the supervisors of the city's counties read
them. Another county's or city's round is a 404; a round one reads but does not run is a
403 to its forms. The public page opens by the round's random key while the county or
city publishes it, and names no one.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from cadres.access import CITY_SUPERVISORS, COUNTY_KEEPERS, SUPERVISORS, role_required
from cadres.models import Cadre, SponsoringUnit
from stations.models import AssessmentNote, AssessmentRound, WorkStation
from villages import registers
from villages.exports import export_response
from villages.models import County, Prefecture
from visits import glossary
from visits.assessment import under_way
from visits.assessment.columns import result_columns
from visits.assessment.forms import NoteForm, RoundForm
from visits.assessment.frozen import shown_results
from visits.assessment.results import KINDS

FORM_METHODS = ["GET", "HEAD", "POST"]
SUBJECTS = {"station": WorkStation, "unit": SponsoringUnit, "cadre": Cadre}
TABLES = (
    ("station", gettext_lazy("Stations"), gettext_lazy("Station")),
    ("unit", gettext_lazy("Sponsoring units"), gettext_lazy("Department")),
    ("cadre", gettext_lazy("First secretaries"), gettext_lazy("Cadre")),
)
SHOWN = 50  # the best ranked of each kind on the round's page
LISTED_PER_PAGE = 100  # a kind's whole list (``?list=``), a page at a time
PARTS = ("assessment.records", "assessment.households", "assessment.assessor", "assessment.total")


def _county(request, pk):
    return get_object_or_404(County.objects.visible_to(request.user), pk=pk)


def _city(request, pk):
    return get_object_or_404(Prefecture.objects.visible_to(request.user), pk=pk)


def _round(request, pk):
    rounds = AssessmentRound.objects.visible_to(request.user).select_related("county", "prefecture")
    return get_object_or_404(rounds, pk=pk)


def _runs(user, assessment):
    """Whether the user runs the round (else reads it): the county's supervisor a
    county's round, the city's supervisor a city's."""
    if user.is_superuser:
        return True
    keepers = COUNTY_KEEPERS if assessment.county_id else CITY_SUPERVISORS
    return user.role in keepers


def _run_round(request, pk):
    """The round the user runs, else a 404 (not theirs to see) or a 403 (only to read)."""
    assessment = _round(request, pk)
    if not _runs(request.user, assessment):
        raise PermissionDenied
    return assessment


def _place(assessment):
    """The template's place: ``county`` for a county's round, ``prefecture`` for a city's."""
    return {"county": assessment.county, "prefecture": assessment.prefecture}


@require_safe
@role_required(*SUPERVISORS)
def round_list(request, pk):
    county = _county(request, pk)
    # The city's rounds cover this county too: its supervisor reads them (one query).
    found = list(AssessmentRound.objects.visible_to(request.user).covering(county))
    rounds = [r for r in found if r.county_id]
    city_rounds = [r for r in found if r.prefecture_id]
    may_run = request.user.is_superuser or request.user.role in COUNTY_KEEPERS
    return render(
        request,
        "visits/assessment/round_list.html",
        {
            "county": county,
            "prefecture": None,
            "rounds": rounds,
            "may_run": may_run,
            "city_rounds": city_rounds,
        },
    )


@require_safe
@role_required(*CITY_SUPERVISORS)
def city_round_list(request, pk):
    prefecture = _city(request, pk)
    rounds = AssessmentRound.objects.visible_to(request.user).run_by_city(prefecture)
    return render(
        request,
        "visits/assessment/round_list.html",
        {
            "county": None,
            "prefecture": prefecture,
            "rounds": rounds,
            "may_run": True,
            "city_rounds": [],
        },
    )


@require_http_methods(FORM_METHODS)
@role_required(*CITY_SUPERVISORS)
def city_round_create(request, pk):
    return _round_form(request, {"county": None, "prefecture": _city(request, pk)}, None)


def _round_form(request, place, assessment):
    form = RoundForm(registers.post_data(request), instance=assessment, **place)
    if request.method == "POST" and form.is_valid():
        if assessment is None:
            form.instance.created_by = request.user
        saved = registers.save_form(form)
        if saved is not None:
            messages.success(request, _("Round %(title)s saved.") % {"title": saved.title})
            return redirect(saved)
    context = {"form": form, "assessment": assessment, **place}
    return render(request, "visits/assessment/round_form.html", context)


@require_http_methods(FORM_METHODS)
@role_required(*COUNTY_KEEPERS)
def round_create(request, pk):
    return _round_form(request, {"county": _county(request, pk), "prefecture": None}, None)


@require_http_methods(FORM_METHODS)
@role_required(*SUPERVISORS)
def round_edit(request, pk):
    assessment = _run_round(request, pk)
    return _round_form(request, _place(assessment), assessment)


@require_safe
@role_required(*SUPERVISORS)
def round_detail(request, pk):
    assessment = _round(request, pk)
    # Under way: the worker's last computation (None before the first), asked anew when
    # it is old; the page says which.
    results = shown_results(assessment, compute=_computed_here(assessment), paged=True)
    listed = _listed(request, KINDS)
    context = {
        "assessment": assessment,
        **_place(assessment),
        "results": results,
        "tables": _tables(results, listed, request.GET.get("page")),
        "listed": listed,
        "computing": under_way.ask(assessment),
        "round_minutes": under_way.FRESH_MINUTES,
        # After the ask: a new ask is no longer the failed one.
        **_failure(assessment),
        "may_run": _runs(request.user, assessment),
        # A published result is frozen: its marks and notes wait until it is withdrawn.
        "may_note": _runs(request.user, assessment) and not assessment.frozen_at,
    }
    return render(request, "visits/assessment/round_detail.html", context)


def _failure(assessment):
    """When the worker's last computation raised, and from when it is asked again."""
    if not under_way.failed(assessment):
        return {"failed_at": None, "retry_at": None}
    failed_at = assessment.compute_failed_at
    return {"failed_at": failed_at, "retry_at": failed_at + under_way.RETRY}


def _listed(request, kinds):
    """The kind listed whole (``?list=``), else None: the best of each kind."""
    return request.GET.get("list") if request.GET.get("list") in kinds else None


def _tables(results, listed, number, kinds=KINDS):
    """Each kind's table (one kind's, a page of it, with ``listed``): a city's round ranks
    6,000 stations, more than a page can show (2.9 MB); the first ``SHOWN`` of each, and
    every row a page at a time, are. A published round's rows are read a page at a time
    too (``paged``)."""
    if results is None:  # under way, not read yet
        return []
    tables = []
    for kind, heading, name_header in TABLES:
        if kind not in kinds or listed not in (None, kind):
            continue
        pages = Paginator(results[kind], LISTED_PER_PAGE if listed else SHOWN)
        page = pages.get_page(number if listed else 1)
        tables.append(
            {
                "kind": kind,
                "heading": heading,
                "name_header": name_header,
                "rows": page.object_list,
                "count": pages.count,
                "page": page,
            }
        )
    return tables


def _computed_here(assessment):
    """Whether the request may read the records itself: only for a round published
    without stored rows (marked by hand); a round under way is the worker's to read."""
    return assessment.published


def _not_yet_computed(request, assessment):
    """A round under way the worker has not read yet: its page (which asks for it) with
    a word, rather than the reading in the request (14 s for a city's round)."""
    under_way.ask(assessment)
    messages.info(
        request, _("The results are being worked out from the records: try again in a minute.")
    )
    return redirect(assessment)


def _subject(results, kind, subject_pk):
    """The station, unit or first secretary of the round's results, else a 404."""
    for result in results[kind]:
        if result.subject_id == subject_pk:
            if not hasattr(result, "subject"):  # a stored row names its subject by id
                result.subject = SUBJECTS[kind].objects.get(pk=subject_pk)
            return result
    raise Http404


@require_http_methods(FORM_METHODS)
@role_required(*SUPERVISORS)
def note_edit(request, pk, kind, subject):
    assessment = _run_round(request, pk)
    if kind not in KINDS:
        raise Http404
    results = shown_results(assessment, compute=_computed_here(assessment))
    if results is None:
        return _not_yet_computed(request, assessment)
    result = _subject(results, kind, subject)
    if assessment.frozen_at:
        messages.error(
            request,
            _("The result is published: withdraw it first (with a reason) to change a mark."),
        )
        return redirect(assessment)
    note = AssessmentNote.objects.filter(round=assessment, **{kind: result.subject}).first()
    note = note or AssessmentNote(round=assessment, **{kind: result.subject})
    form = NoteForm(registers.post_data(request), instance=note)
    if request.method == "POST" and form.is_valid():
        form.instance.written_by = request.user
        if registers.save_form(form) is not None:
            messages.success(request, _("Note on %(name)s saved.") % {"name": result.name})
            return redirect(assessment)
    context = {"form": form, "assessment": assessment, **_place(assessment)}
    return render(request, "visits/assessment/note_form.html", {**context, "result": result})


@require_safe
@role_required(*SUPERVISORS)
def round_export(request, pk, fmt):
    assessment = _round(request, pk)
    results = shown_results(assessment, compute=_computed_here(assessment))
    if results is None:
        return _not_yet_computed(request, assessment)
    rows = [result for kind in KINDS for result in results[kind]]
    return export_response(
        fmt,
        name=assessment.title,
        columns=result_columns(),
        objects=rows,
        request=request,
        model=AssessmentRound,
        notes=[(d.label, d.text) for d in glossary.definitions(*PARTS)],
    )


@require_safe
def round_public(request, key):
    assessment = get_object_or_404(
        AssessmentRound.objects.filter(published=True).select_related("county", "prefecture"),
        public_key=key,
    )
    # Stations and units only: the public page names no one.
    kinds = ("station", "unit")
    listed = _listed(request, kinds)
    results = shown_results(assessment, paged=True)
    context = {
        "assessment": assessment,
        "tables": _tables(results, listed, request.GET.get("page"), kinds),
        "listed": listed,
    }
    return render(request, "visits/assessment/public.html", context)
