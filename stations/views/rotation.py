"""Rotation (轮岗): township staff move a cadre from one station to another in one step."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cadres.access import WRITERS, role_required
from stations.models import Assignment, WorkStation
from stations.rotation import services
from stations.rotation.forms import RotationForm


@require_safe
@role_required(*WRITERS)
def station_rotation(request, pk):
    """The station's current members, each with a link to move them."""
    stations = WorkStation.objects.visible_to(request.user).select_related("village__township")
    station = get_object_or_404(stations, pk=pk)
    members = (
        Assignment.objects.current().in_place(station=station).chief_first().select_related("cadre")
    )
    return render(
        request,
        "stations/rotation/station.html",
        {"station": station, "township": station.village.township, "members": members},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*WRITERS)
def rotate_assignment(request, pk):
    assignments = (
        Assignment.objects.visible_to(request.user)
        .current()
        .select_related("cadre", "station__village__township")
    )
    assignment = get_object_or_404(assignments, pk=pk)
    form = RotationForm(
        request.POST if request.method == "POST" else None, assignment=assignment, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = services.rotate(assignment=assignment, by=request.user, **form.cleaned_data)
        except services.RotationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _summary(done))
            return redirect("cadres:cadre_detail", assignment.cadre_id)
    pairings, follow_ups = services.handover(assignment)
    return render(
        request,
        "stations/rotation/form.html",
        {
            "form": form,
            "assignment": assignment,
            "station": assignment.station,
            "township": assignment.station.village.township,
            "pairings": pairings.count(),
            "follow_ups": follow_ups.count(),
        },
    )


def _summary(done):
    text = _("%(cadre)s moves from %(old)s to %(new)s on %(date)s.") % {
        "cadre": done.new.cadre,
        "old": done.old.station,
        "new": done.new.station,
        "date": done.new.start_date.isoformat(),
    }
    if done.successor is not None:
        text += " " + _(
            "%(pairings)s paired households and %(follow_ups)s open follow-ups handed to "
            "%(successor)s."
        ) % {"pairings": done.pairings, "follow_ups": done.follow_ups, "successor": done.successor}
    if done.duties:
        text += " " + _(
            "%(n)s duty days at %(old)s now have nobody on duty: generate the roster to fill them."
        ) % {"n": done.duties, "old": done.old.station}
    return text
