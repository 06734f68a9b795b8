from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cadres.access import role_required
from cadres.models import User
from villages.models import County, Township
from visits.supervision import overview


@require_safe
@role_required(User.Role.TOWNSHIP, User.Role.COUNTY)
def township_overview(request, pk):
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    return render(
        request, "visits/supervision/township_overview.html", overview.township_overview(township)
    )


@require_safe
@role_required(User.Role.COUNTY)
def county_overview(request, pk):
    county = get_object_or_404(County.objects.visible_to(request.user), pk=pk)
    return render(
        request, "visits/supervision/county_overview.html", overview.county_overview(county)
    )
