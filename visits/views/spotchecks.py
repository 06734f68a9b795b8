"""Spot-check pages: the list of draws, a draw, recording answers, a cadre's results.

Township staff draw and record; county supervisors read; cadres are not let
in (they are the ones being checked). Draws outside the user's place are not
found (404).
"""

import datetime

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cadres.access import READERS, WRITERS, role_required
from cadres.models import Cadre
from villages import registers
from villages.models import HouseholdTag
from villages.pagination import BadCursor, keyset_page
from visits.models import SpotCheck, SpotCheckAnswer
from visits.spotchecks import figures as figures
from visits.spotchecks import services as spotchecks
from visits.spotchecks.filters import SpotCheckFilter
from visits.spotchecks.forms import AnswerForm, DrawForm

# Newest draws first (index spot_check_township_idx).
ORDERING = ("-drawn_at", "-pk")
FORM_METHODS = ["GET", "HEAD", "POST"]
# A cadre's results count every answer ever recorded.
EVER = datetime.date(2000, 1, 1)


def _draws(user):
    rows = SpotCheck.objects.visible_to(user).select_related("cadre", "township", "drawn_by")
    return figures.with_answer_figures(rows)


def _with_rates(page):
    for draw in page:
        draw.rates = figures.draw_rates(draw)
    return page


@require_safe
@role_required(*READERS)
def spot_check_list(request):
    filterset = SpotCheckFilter(request.GET, queryset=_draws(request.user), request=request)
    page = _with_rates(registers.list_page(request, filterset, ordering=ORDERING))
    return render(
        request,
        "visits/spotchecks/spot_check_list.html",
        {
            "filter": filterset,
            "page": page,
            "township": registers.nav_township(request.user, filterset),
            "can_write": registers.can_write(request.user),
        },
    )


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def spot_check_draw(request):
    initial = registers.initial_from(request, "cadre")
    form = DrawForm(registers.post_data(request), initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        seed = data["seed"] if data["seed"] is not None else spotchecks.new_seed()
        check = spotchecks.draw(
            cadre=data["cadre"], size=data["sample_size"], seed=seed, by=request.user
        )
        messages.success(request, _("%(count)s households drawn.") % {"count": check.sample_size})
        return redirect(check)
    return render(
        request,
        "visits/spotchecks/spot_check_draw.html",
        {"form": form, "township": registers.own_township(request.user)},
        status=400 if form.errors else 200,
    )


def _answers(check):
    tags = HouseholdTag.objects.order_by("pk")
    return (
        check.answers.select_related("household__village", "recorded_by")
        .prefetch_related(Prefetch("household__tags", queryset=tags))
        .prefetch_related(Prefetch("cadre_tags", queryset=tags))
        .order_by("position")
    )


@require_safe
@role_required(*READERS)
def spot_check_detail(request, pk):
    check = get_object_or_404(_draws(request.user), pk=pk)
    return render(
        request,
        "visits/spotchecks/spot_check_detail.html",
        {
            "check": check,
            "answers": list(_answers(check)),
            "rates": figures.draw_rates(check),
            "township": check.township,
            "can_write": registers.can_write(request.user),
        },
    )


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def spot_check_answer(request, pk, answer_pk):
    answers = SpotCheckAnswer.objects.visible_to(request.user).select_related(
        "spot_check__cadre", "spot_check__township", "household__village"
    )
    answer = get_object_or_404(answers, pk=answer_pk, spot_check=pk)
    form = AnswerForm(registers.post_data(request), initial=AnswerForm.initial_for(answer))
    if request.method == "POST" and form.is_valid():
        spotchecks.record_answer(answer=answer, data=form.cleaned_data, by=request.user)
        messages.success(request, _("Answers recorded."))
        return redirect(answer.spot_check)
    return render(
        request,
        "visits/spotchecks/answer_form.html",
        {"form": form, "answer": answer, "check": answer.spot_check},
        status=400 if form.errors else 200,
    )


def _keyset(request, rows):
    try:
        return keyset_page(
            rows,
            ordering=ORDERING,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            per_page=registers.PER_PAGE,
        )
    except (BadCursor, ValueError, TypeError) as error:
        raise Http404 from error


@require_safe
@role_required(*READERS)
def cadre_spot_checks(request, pk):
    cadre = get_object_or_404(
        Cadre.objects.visible_to(request.user).select_related("township"), pk=pk
    )
    draws = _draws(request.user).filter(cadre=cadre)
    page = _with_rates(_keyset(request, draws))
    totals = figures.spotcheck_figures(
        user=request.user, cadre=cadre, start=EVER, end=timezone.localdate()
    )
    return render(
        request,
        "visits/spotchecks/cadre_results.html",
        {
            "cadre": cadre,
            "page": page,
            "totals": totals,
            "township": cadre.township,
            "can_write": registers.can_write(request.user),
        },
    )
