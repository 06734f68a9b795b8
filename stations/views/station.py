from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cadres.access import STATION_READERS, role_required
from stations import selectors
from stations.models import WorkStation
from visits.materials.selectors import station_card
from visits.plans.selectors import station_card as plan_card
from visits.selectors import recent_visits_of_station


@require_safe
@role_required(*STATION_READERS)
def station_detail(request, pk):
    """A station's page: the start page of its chief and members."""
    station = get_object_or_404(
        WorkStation.objects.visible_to(request.user).select_related(
            "village__township", "sponsoring_unit"
        ),
        pk=pk,
    )
    context = selectors.station_page(station)
    context["recent_visits"] = recent_visits_of_station(station)
    context["materials"] = station_card(station, user=request.user)
    context["plan"] = plan_card(station, user=request.user)
    return render(request, "stations/station_detail.html", context)
