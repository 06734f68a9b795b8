"""Coverage of the households that matter (三老三户 and the hardship-tagged): which of
them nobody visited this year, by village and paired member for a township, by
township for the county; with each member's days of eating, living or working with
the masses. Scoped like the other supervision pages; a fixed number of queries.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cadres.access import READERS, role_required
from cadres.models import Cadre, User
from stations.models import Pairing
from villages.models import County, Household, Township, Village
from villages.pagination import BadCursor, keyset_page
from villages.validators import as_id
from visits.supervision import coverage
from visits.supervision.forms import YearForm

NONE = {"total": 0, "not_visited": 0}


def _year_page(request, template, context, build):
    form = YearForm(request.GET)
    context["year_form"] = form
    if not form.is_valid():
        return render(request, template, {**context, "bad_year": True}, status=400)
    start, end = coverage.year_span(form.cleaned_data["year"])
    context.update(year=form.cleaned_data["year"], start=start, end=end)
    return render(request, template, {**context, **build(start, end)})


def _not_visited_page(request, households, *, start, end):
    """One keyset page of the households that matter nobody visited, with their tags, their
    current paired cadres and their last visit (before the span)."""
    rows = coverage.with_last_visit(coverage.not_visited(households, start=start, end=end))
    village = as_id(request.GET.get("village"))
    if village is not None:
        rows = rows.in_place(village=village)
    current = Pairing.objects.current().select_related("cadre")
    rows = rows.select_related("village").prefetch_related(
        "tags", Prefetch("pairings", queryset=current, to_attr="current_pairings")
    )
    try:
        return keyset_page(
            rows,
            ordering=("village_id", "head_name", "pk"),
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            per_page=coverage.NOT_VISITED_PER_PAGE,
        )
    except BadCursor:
        raise Http404 from None


def township_page(request, township, *, start, end):
    households = Household.objects.visible_to(request.user).in_place(township=township)
    by_village = coverage.coverage_by("village", households, start=start, end=end)
    by_member = coverage.coverage_by_member(households, start=start, end=end)
    villages = Village.objects.visible_to(request.user).in_place(township=township)
    cadres = list(Cadre.objects.visible_to(request.user).in_place(township=township))
    together = coverage.together_days(start=start, end=end, cadres=[c.pk for c in cadres])
    return {
        "totals": by_village[None],
        "villages": [
            {"village": v, **by_village.get(v.pk, NONE)} for v in villages.order_by("name", "pk")
        ],
        "members": [
            {"cadre": c, **by_member.get(c.pk, NONE), "together": together.get(c.pk, 0)}
            for c in sorted(cadres, key=lambda c: (c.name, c.pk))
        ],
        "page": _not_visited_page(request, households, start=start, end=end),
    }


@require_safe
@role_required(*READERS)
def township_coverage(request, pk):
    township = get_object_or_404(
        Township.objects.visible_to(request.user).select_related("county"), pk=pk
    )
    return _year_page(
        request,
        "visits/supervision/coverage_township.html",
        {"township": township},
        lambda start, end: township_page(request, township, start=start, end=end),
    )


@require_safe
@role_required(User.Role.COUNTY, User.Role.PREFECTURE)
def county_coverage(request, pk):
    county = get_object_or_404(County.objects.visible_to(request.user), pk=pk)

    def build(start, end):
        households = Household.objects.visible_to(request.user).in_place(county=county)
        found = coverage.coverage_by("village__township", households, start=start, end=end)
        townships = Township.objects.visible_to(request.user).in_place(county=county)
        return {
            "totals": found[None],
            "townships": [
                {"township": t, **found.get(t.pk, NONE)} for t in townships.order_by("name", "pk")
            ],
        }

    return _year_page(request, "visits/supervision/coverage_county.html", {"county": county}, build)
