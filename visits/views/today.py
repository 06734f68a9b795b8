from django.shortcuts import render
from django.views.decorators.http import require_safe

from cadres.access import cadre_required
from visits import selectors


@require_safe
@cadre_required
def today(request):
    """我的工作站: the cadre's start page."""
    return render(
        request, "visits/today.html", selectors.today_page(user=request.user, cadre=request.cadre)
    )
