"""The sponsoring units ranked (派驻单位排名): a county's units by its supervisor (and the
supervisor of its city), the city's own departments by the city supervisor.

The period comes from the page's query string; a bad one gives the page with the
form's message (status 400). Another county's or city's page is a 404.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cadres.access import CITY_SUPERVISORS, SUPERVISORS, role_required
from cadres.models import SponsoringUnit
from villages.models import County, Prefecture, Standard
from visits.supervision.forms import PeriodForm
from visits.supervision.shortfalls import LEVELS
from visits.units.figures import unit_ranking

TEMPLATE = "visits/units/ranking.html"


def _ranking(request, context, units, standard):
    form = PeriodForm(request.GET)
    context.update(period_form=form, levels=LEVELS, standard=standard)
    if not form.is_valid():
        return render(request, TEMPLATE, {**context, "bad_period": True}, status=400)
    period = form.period()
    ranked = unit_ranking(units, user=request.user, period=period, standard=standard)
    context.update(period=period, period_query=form.query(), ranked=ranked)
    return render(request, TEMPLATE, context)


@require_safe
@role_required(*SUPERVISORS)
def county_units(request, pk):
    county = get_object_or_404(County.objects.visible_to(request.user), pk=pk)
    units = SponsoringUnit.objects.visible_to(request.user).of_county(county)
    standard = Standard.objects.for_county(county.pk)
    return _ranking(request, {"county": county, "place": county}, units, standard)


@require_safe
@role_required(*CITY_SUPERVISORS)
def city_units(request, pk):
    prefecture = get_object_or_404(Prefecture.objects.visible_to(request.user), pk=pk)
    units = SponsoringUnit.objects.visible_to(request.user).of_city(prefecture)
    # The city keeps no standards of its own: its colours follow the defaults.
    return _ranking(request, {"prefecture": prefecture, "place": prefecture}, units, Standard())
