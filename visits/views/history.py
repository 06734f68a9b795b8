from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cadres.access import STATION_READERS, cadre_required, role_required
from villages.pagination import BadCursor, keyset_page
from visits import hiding
from visits.models import Visit
from visits.services import editable

PER_PAGE = 20


@require_safe
@cadre_required
def my_history(request):
    """My visits and receptions, newest first; each page costs the same."""
    visits = Visit.objects.filter(author=request.cadre).select_related("household", "village")
    try:
        page = keyset_page(
            visits,
            ordering=("-occurred_at", "-pk"),
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            per_page=PER_PAGE,
        )
    except BadCursor:
        raise Http404 from None
    return render(request, "visits/history.html", {"page": page})


@require_safe
@role_required(*STATION_READERS)
def visit_detail(request, pk):
    """One visit, for anyone whose place holds its station."""
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related(
            "station", "author", "household__village", "village", "duty_day"
        ),
        pk=pk,
    )
    cadre = getattr(request.user, "cadre", None)
    changes = visit.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "companions": visit.companions.all(),
            "photos": visit.photos.all(),
            "changes": changes,
            "can_edit": cadre is not None and editable(visit, cadre),
            "can_hide": hiding.may_hide_visit(request.user, visit),
            # The log forms send the cadre here with the token they sent: a saved visit.
            "saved": request.GET.get("saved") == str(visit.token),
        },
    )
