from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cadres.access import role_required
from cadres.models import User
from stations.models import WorkStation
from villages.models import County, Township
from visits.supervision import overview, ranking, worklist
from visits.supervision.shortfalls import LEVELS


@require_safe
@role_required(User.Role.TOWNSHIP, User.Role.COUNTY, User.Role.PREFECTURE)
def township_overview(request, pk):
    """The township's start page: what to do next (the worklist), then its stations."""
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    stations = WorkStation.objects.visible_to(request.user).in_place(township=township)
    context = overview.township_overview(township)
    context.update(
        worklist.township_worklist(township, stations=stations, today=timezone.localdate())
    )
    return render(request, "visits/supervision/township_overview.html", context)


@require_safe
@role_required(User.Role.COUNTY, User.Role.PREFECTURE)
def county_overview(request, pk):
    """The county's start page: townships and stations ranked with the month's exceptions."""
    county = get_object_or_404(County.objects.visible_to(request.user), pk=pk)
    context = overview.county_overview(county)
    context.update(
        ranking.county_ranking(
            county, user=request.user, today=context["today"], sort=request.GET.get("sort", "")
        ),
        levels=LEVELS,
    )
    return render(request, "visits/supervision/county_overview.html", context)
