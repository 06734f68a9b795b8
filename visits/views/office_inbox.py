"""An office's inbox (业务站所): its lists, the nightly due-tomorrow list at the top,
and acknowledging (签收) several newly assigned concerns in one post."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cadres.access import role_required
from cadres.models import Office, User
from visits.concerns import office_inbox as inbox
from visits.concerns import services as services
from visits.views.concern_township import inbox_page, mark_overdue
from visits.views.concerns import conflict_message


def _office(request, pk):
    return get_object_or_404(
        Office.objects.visible_to(request.user).select_related("township"), pk=pk
    )


def _inbox(request, office, *, status=200, alert=None):
    tab = request.GET.get("tab") or "assigned"
    if tab not in inbox.OFFICE_TABS:
        raise Http404
    today = timezone.localdate()
    rows, ordering, counts = inbox.office_inbox(office, tab=tab, today=today)
    digest = inbox.due_digest(office, today=today)
    return render(
        request,
        "visits/concerns/office_inbox.html",
        {
            "office": office,
            "township": office.township,
            "tab": tab,
            "tabs": list(inbox.OFFICE_TABS),
            "counts": counts,
            "page": mark_overdue(inbox_page(request, rows, ordering), today),
            "today": today,
            "tomorrow": today + datetime.timedelta(days=1),
            "digest": digest,
            "digest_rows": list(digest.concerns.all()) if digest else [],
            # Only the office's own staff sign for its concerns (the flow table's 签收).
            "can_acknowledge": request.user.is_superuser or request.user.role == User.Role.OFFICE,
            "alert": alert,
        },
        status=status,
    )


@require_safe
@role_required(User.Role.OFFICE, User.Role.TOWNSHIP, User.Role.COUNTY, User.Role.PREFECTURE)
def office_inbox(request, pk):
    """An office's inbox: its assignments in lists, earliest deadline (overdue) first."""
    return _inbox(request, _office(request, pk))


def _what(concern):
    return " · ".join(
        part
        for part in (
            concern.get_category_display(),
            concern.village.name,
            concern.household.head_name if concern.household_id else "",
        )
        if part
    )


def _why(error):
    if isinstance(error, services.MoveConflict):
        return conflict_message(error)
    if isinstance(error, services.MoveNotNow):
        return error.message
    if isinstance(error, services.ConcernHidden):
        return _("it was hidden; nothing was saved.")
    return _("it is not in this office's inbox.")


@require_POST
@role_required(User.Role.OFFICE)
def office_acknowledge(request, pk):
    """签收: the picked concerns, each through the move service; says which failed and why."""
    office = _office(request, pk)
    picks = inbox.parse_picks(request.POST.getlist("concern"))
    if picks is None:
        alert = _("The selection could not be read (at most %(n)s at once); nothing was saved.")
        return _inbox(request, office, status=400, alert=alert % {"n": inbox.MAX_PICKS})
    if not picks:
        alert = _("Tick the concerns to acknowledge first; nothing was saved.")
        return _inbox(request, office, status=400, alert=alert)
    outcomes = services.acknowledge_many(office=office, user=request.user, picks=picks)
    done = sum(1 for _pk, _concern, error in outcomes if error is None)
    if done:
        messages.success(request, _("Acknowledged: %(n)s.") % {"n": done})
    for pk_, concern, error in outcomes:
        if error is not None:
            what = _what(concern) if concern is not None else f"#{pk_}"
            messages.error(
                request,
                _("Not acknowledged: %(what)s: %(why)s") % {"what": what, "why": _why(error)},
            )
    tab = request.GET.get("tab")
    back = reverse("concerns:office_concerns", args=[office.pk])
    return redirect(f"{back}?tab={tab}" if tab in inbox.OFFICE_TABS else back)
