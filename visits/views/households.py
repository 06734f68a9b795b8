from django.shortcuts import render
from django.views.decorators.http import require_safe

from cadres.access import cadre_required
from villages.models import Household

RESULTS = 20


@require_safe
@cadre_required
def household_search(request):
    """Households of my villages matching what was typed (characters or pinyin initials).

    Returns the radio options the visit form shows; the form's script swaps
    them in as the cadre types.
    """
    query = (request.GET.get("q") or "").strip()[:30]
    found = []
    if query:
        found = (
            Household.objects.visible_to(request.user)
            .search(query)
            .select_related("village")[:RESULTS]
        )
    return render(
        request, "visits/partials/household_options.html", {"found": found, "query": query}
    )
