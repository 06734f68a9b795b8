"""The period summary of spot checks and ratings: 知名度, 知民度, ratings, most and least seen.

The figures come from ``visits.spotchecks.figures``, the selector the monthly
report uses too, so the page and the report say the same.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from cadres.access import READERS, role_required
from villages import registers
from visits.spotchecks.figures import spotcheck_figures
from visits.spotchecks.forms import SummaryForm


@require_safe
@role_required(*READERS)
def spot_check_summary(request):
    form = SummaryForm(request.GET, user=request.user)
    context = {
        "form": form,
        "township": registers.own_township(request.user),
        "can_write": registers.can_write(request.user),
    }
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        township = data.get("township") or context["township"]
        context["township"] = township
        context["figures"] = spotcheck_figures(
            user=request.user,
            township=township,
            station=data["station"],
            start=data["start"],
            end=data["end"],
        )
        context["start"], context["end"] = data["start"], data["end"]
    else:
        status = 400
    return render(request, "visits/spotchecks/summary.html", context, status=status)
