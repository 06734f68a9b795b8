"""Ratings by the masses (群众测评) and vote rounds on what they were most and least satisfied with.

Township staff enter the sheets households handed in; county supervisors
read them. A rating sheet is one household's ratings of a station's current
members; a vote round is the township's count of what people named.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cadres.access import READERS, WRITERS, role_required
from villages import registers
from visits.models import Rating, VoteItem, VoteRound
from visits.spotchecks import services as spotchecks
from visits.spotchecks.filters import RatingFilter, VoteRoundFilter
from visits.spotchecks.forms import (
    RatingSheetForm,
    StationChoiceForm,
    VoteItemFormSet,
    VoteRoundForm,
    blank_items,
)

FORM_METHODS = ["GET", "HEAD", "POST"]


@require_safe
@role_required(*READERS)
def rating_list(request):
    rows = Rating.objects.visible_to(request.user).select_related(
        "station", "cadre", "household__village"
    )
    filterset = RatingFilter(request.GET, queryset=rows, request=request)
    return registers.render_list(
        request,
        "visits/spotchecks/rating_list.html",
        filterset=filterset,
        ordering=("-rated_on", "-pk"),
    )


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def rating_new(request):
    """Pick a station (``?station=``), then fill in one household's sheet."""
    chooser = StationChoiceForm(request.GET or None, user=request.user)
    township = registers.own_township(request.user)
    if not chooser.is_valid():
        return render(
            request,
            "visits/spotchecks/rating_station.html",
            {"chooser": chooser, "township": township},
            status=400 if chooser.errors else 200,
        )
    station = chooser.cleaned_data["station"]
    form = RatingSheetForm(registers.post_data(request), station=station, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = spotchecks.save_ratings(
            station=station,
            household=data["household"],
            rated_on=data["rated_on"],
            values=data["values"],
            by=request.user,
        )
        messages.success(request, _("%(count)s ratings saved.") % {"count": len(saved)})
        return redirect(f"{request.path}?station={station.pk}")
    return render(
        request,
        "visits/spotchecks/rating_form.html",
        {"form": form, "station": station, "township": township},
        status=400 if form.errors else 200,
    )


@require_safe
@role_required(*READERS)
def vote_round_list(request):
    rows = VoteRound.objects.visible_to(request.user).select_related("township")
    filterset = VoteRoundFilter(request.GET, queryset=rows, request=request)
    return registers.render_list(
        request,
        "visits/spotchecks/vote_round_list.html",
        filterset=filterset,
        ordering=("-held_on", "-pk"),
    )


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def vote_round_new(request):
    data = registers.post_data(request)
    form = VoteRoundForm(data, user=request.user)
    items = VoteItemFormSet(data, initial=None if data else blank_items(), prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        vote_round = spotchecks.save_vote_round(form=form, items=items.items(), by=request.user)
        messages.success(request, _("Vote round saved."))
        return redirect(vote_round)
    return render(
        request,
        "visits/spotchecks/vote_round_form.html",
        {"form": form, "items": items, "township": registers.own_township(request.user)},
        status=400 if form.errors or (data is not None and items.total_error_count()) else 200,
    )


@require_safe
@role_required(*READERS)
def vote_round_detail(request, pk):
    rows = VoteRound.objects.visible_to(request.user).select_related("township", "entered_by")
    vote_round = get_object_or_404(rows, pk=pk)
    items = list(vote_round.items.order_by("-votes", "pk"))
    return render(
        request,
        "visits/spotchecks/vote_round_detail.html",
        {
            "round": vote_round,
            "most": [i for i in items if i.kind == VoteItem.Kind.MOST],
            "least": [i for i in items if i.kind == VoteItem.Kind.LEAST],
            "township": vote_round.township,
        },
    )
