"""The working calendar (节假日与调休): every office reads it, the county corrects it.

The schedule is national, so the page is not about one place: township staff
and county supervisors read it; county supervisors (and the admin) add, change
and remove days, e.g. next year's schedule once the State Council publishes it.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cadres.access import READERS, role_required
from cadres.models import User
from villages.models import CalendarDay
from villages.workcalendar import selectors
from villages.workcalendar.forms import CalendarDayForm

KEEPERS = (User.Role.COUNTY,)


def _render_year(request, year, form=None, status=200):
    context = selectors.year_page(year)
    may_edit = request.user.is_superuser or request.user.role in KEEPERS
    if may_edit:
        context["form"] = form or CalendarDayForm()
    context["may_edit"] = may_edit
    return render(request, "villages/workcalendar/year.html", context, status=status)


@require_safe
@role_required(*READERS)
def calendar_year(request, year=None):
    return _render_year(request, selectors.year_or_404(year))


@require_POST
@role_required(*KEEPERS)
def calendar_add(request, year):
    year = selectors.year_or_404(year)
    form = CalendarDayForm(request.POST)
    if not form.is_valid():
        return _render_year(request, year, form, status=400)
    day = form.save()
    messages.success(request, _("Saved: %(day)s.") % {"day": day})
    return redirect("villages:calendar_year", day.date.year)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*KEEPERS)
def calendar_edit(request, pk):
    day = get_object_or_404(CalendarDay, pk=pk)
    form = CalendarDayForm(request.POST or None, instance=day)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved: %(day)s.") % {"day": day})
        return redirect("villages:calendar_year", day.date.year)
    return render(
        request,
        "villages/workcalendar/edit.html",
        {"day": day, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@role_required(*KEEPERS)
def calendar_delete(request, pk):
    day = get_object_or_404(CalendarDay, pk=pk)
    day.delete()
    messages.success(request, _("Removed: %(day)s.") % {"day": day})
    return redirect("villages:calendar_year", day.date.year)
