"""Hide and restore visits and concerns (POST only), and the township's list of hidden ones."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cadres.access import role_required
from cadres.models import User
from stations.materials.locks import MonthLocked
from villages.models import Township
from visits import hiding
from visits.models import Concern, Visit

# The hidden list shows the latest ones; older ones are found in the admin.
HIDDEN_SHOWN = 100


def _hide(request, obj, done):
    """Hide ``obj``; someone who was first is named instead ("done" is the success message)."""
    try:
        hiding.hide(obj=obj, by=request.user)
    except hiding.AlreadyHidden as first:
        note = _("Already hidden by %(who)s on %(when)s; nothing was changed.")
        messages.warning(request, note % hiding.hidden_by_when(first.obj))
    except MonthLocked as locked:
        messages.error(request, locked.message)
    else:
        messages.success(request, done)


def _restore(request, obj, done):
    try:
        hiding.restore(obj=obj, by=request.user)
    except hiding.AlreadyShown:
        messages.warning(request, _("Already restored by someone else; nothing was changed."))
    except MonthLocked as locked:
        messages.error(request, locked.message)
    else:
        messages.success(request, done)


# A hidden row is found too, so that a second hide (or restore) sent from a page read
# before the first says what happened instead of "not found".


@require_POST
# Office staff never see visit logs: a 403, not a 404 from the empty queryset.
@role_required(User.Role.CADRE, User.Role.TOWNSHIP)
def visit_hide(request, pk):
    visit = get_object_or_404(Visit.all_objects.visible_to(request.user), pk=pk)
    if not hiding.may_hide_visit(request.user, visit):
        raise PermissionDenied
    _hide(request, visit, _("The visit is hidden. Township staff can restore it."))
    if request.user.role == User.Role.CADRE:
        return redirect("visits:my_history")
    return redirect("concerns:township_hidden", visit.village.township_id)


@require_POST
@role_required(User.Role.TOWNSHIP)
def visit_restore(request, pk):
    visit = get_object_or_404(Visit.all_objects.visible_to(request.user), pk=pk)
    _restore(request, visit, _("The visit is restored."))
    return redirect(visit)


@require_POST
@role_required(User.Role.TOWNSHIP)
def concern_hide(request, pk):
    concern = get_object_or_404(Concern.all_objects.visible_to(request.user), pk=pk)
    _hide(request, concern, _("The concern is hidden. It can be restored."))
    return redirect("concerns:township_hidden", concern.township_id)


@require_POST
@role_required(User.Role.TOWNSHIP)
def concern_restore(request, pk):
    concern = get_object_or_404(Concern.all_objects.visible_to(request.user), pk=pk)
    _restore(request, concern, _("The concern is restored."))
    return redirect(concern)


@require_safe
@role_required(User.Role.TOWNSHIP)
def township_hidden(request, pk):
    """The township's hidden visits and concerns, latest hidden first, to restore."""
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    visits = (
        Visit.all_objects.visible_to(request.user)
        .hidden()
        # By the village the visit was about (a reception's visitor may come from
        # another of the cadre's villages), as the page always has.
        .in_place_of("village", township=township)
        .select_related("station", "author", "household", "hidden_by")
        .order_by("-hidden_at", "-pk")[:HIDDEN_SHOWN]
    )
    concerns = (
        Concern.all_objects.visible_to(request.user)
        .hidden()
        .in_place(township=township)
        .select_related("station", "household", "hidden_by")
        .order_by("-hidden_at", "-pk")[:HIDDEN_SHOWN]
    )
    return render(
        request,
        "visits/hidden.html",
        {"township": township, "visits": list(visits), "concerns": list(concerns)},
    )
