"""Concerns: raising one, its page with timeline and moves, and the ledger."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cadres.access import role_required
from cadres.models import User
from villages.models import Household
from villages.pagination import BadCursor, keyset_page
from villages.validators import as_id
from villages.views.privacy import phone_response
from visits import hiding
from visits.concerns import flow as flow
from visits.concerns import selectors as selectors
from visits.concerns import services as services
from visits.concerns.forms import FORMS, ConcernForm, DirectConcernForm
from visits.models import Concern, Visit

PER_PAGE = 20
HOUSEHOLD_RESULTS = 20


def _raise(request, form, *, station, visit=None, household=None):
    """Save a valid raising form; returns the response to send."""
    data = form.cleaned_data
    fields = {
        "category": data["category"],
        "description": data["description"],
        "urgency": data["urgency"],
        "major_event": data["major_event"],
        "household": household,
    }
    try:
        concern, created = services.raise_concern(
            user=request.user,
            station=station,
            move=form.move,
            token=data["token"],
            fields=fields,
            visit=visit,
            result=data["result"] if form.move.name == "solve_on_spot" else "",
        )
    except services.TokenTaken:
        form.add_error(None, _("This form has expired. Open it again."))
        return None
    except services.MoveRefused:
        raise PermissionDenied from None
    if created:
        messages.success(request, _("The concern is recorded."))
    return redirect(concern)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(User.Role.CADRE, User.Role.TOWNSHIP)
def concern_from_visit(request, pk):
    """记为民情诉求: raise a concern from a visit or a reception."""
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related("station__village", "household"),
        pk=pk,
    )
    moves = flow.raise_moves_for(request.user, visit.station)
    if not moves:
        raise PermissionDenied
    form = ConcernForm(request.POST or None, moves=moves, visit=visit, user=request.user)
    if request.method == "POST" and form.is_valid():
        response = _raise(
            request, form, station=visit.station, visit=visit, household=visit.household
        )
        if response is not None:
            return response
    return render(
        request,
        "visits/concerns/concern_form.html",
        {"form": form, "visit": visit},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(User.Role.TOWNSHIP)
def concern_new(request):
    """Township staff enter a concern that reached the township directly."""
    moves = [flow.MOVES["raise_to_township"]]
    initial = {}
    if request.method == "GET":
        # "Find household" resends the form by GET: keep what was typed.
        initial = {k: v for k, v in request.GET.items() if k in DirectConcernForm.base_fields}
    form = DirectConcernForm(request.POST or None, initial=initial, moves=moves, user=request.user)
    if request.method == "POST" and form.is_valid():
        village = form.cleaned_data["village"]
        station = getattr(village, "station", None)
        if station is None:
            form.add_error("village", _("This village has no station."))
        else:
            response = _raise(
                request, form, station=station, household=form.cleaned_data.get("household")
            )
            if response is not None:
                return response
    query = (request.GET.get("q") or "").strip()[:30]
    found = []
    if query:
        found = list(
            Household.objects.visible_to(request.user)
            .search(query)
            .select_related("village")[:HOUSEHOLD_RESULTS]
        )
    chosen = form["household"].value()
    selected = next((h for h in found if str(h.pk) == str(chosen)), None)
    if selected is None and as_id(chosen) is not None:
        selected = (
            Household.objects.visible_to(request.user)
            .select_related("village")
            .filter(pk=as_id(chosen))
            .first()
        )
    context = {"form": form, "found": found, "query": query, "selected": selected, "paired": []}
    return render(
        request, "visits/concerns/concern_form.html", context, status=400 if form.errors else 200
    )


def _get_concern(request, pk, *, hidden_too=False):
    return get_object_or_404(selectors.concerns_for(request.user, hidden_too=hidden_too), pk=pk)


@never_cache
@require_POST
@login_required
def concern_phone(request, pk):
    """Show the household's phone to someone who works on the concern (logged, PIPL)."""
    concern = _get_concern(request, pk)
    if concern.household_id is None or not flow.kinds_for(request.user, concern):
        raise PermissionDenied
    return phone_response(request, concern.household)


@require_safe
@login_required
def concern_detail(request, pk):
    concern = _get_concern(request, pk)
    context = selectors.concern_page(concern, user=request.user)
    context["can_hide"] = hiding.may_hide_concern(request.user)
    return render(request, "visits/concerns/concern_detail.html", context)


def conflict_message(conflict):
    """What to tell the user whose move came second (e.g. "已由 X 于 … 批办")."""
    event, concern = conflict.last_event, conflict.concern
    if not conflict.moved or event is None:
        return _("This cannot be done now: the concern is %(state)s.") % {
            "state": concern.get_state_display()
        }
    who = event.actor or "—"
    when = formats.date_format(timezone.localtime(event.at), "SHORT_DATETIME_FORMAT")
    if event.move in ("assign", "reassign"):
        return _("Already assigned by %(who)s on %(when)s to %(office)s; nothing was saved.") % {
            "who": who,
            "when": when,
            "office": event.office,
        }
    return _("Already changed by %(who)s on %(when)s (%(move)s); nothing was saved.") % {
        "who": who,
        "when": when,
        "move": flow.label_of(event.move),
    }


def hidden_response(request, concern):
    """What the user whose move came after the concern was hidden sees (HTTP 409)."""
    alert = _("Hidden by %(who)s on %(when)s; nothing was saved.") % hiding.hidden_by_when(concern)
    context = {"concern": concern, "alert": alert}
    return render(request, "visits/concerns/concern_hidden.html", context, status=409)


def _back_to(request):
    """Where a move made from a list (the township's inbox) returns: the list, if the
    form names a page of this site."""
    target = request.POST.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else None


@require_POST
@login_required
def concern_move(request, pk, move):
    if move not in FORMS:
        raise Http404
    # A concern hidden since the user's page was read is told as such, not "not found".
    concern = _get_concern(request, pk, hidden_too=True)
    if not flow.role_may_make(request.user, flow.MOVES[move], concern):
        raise PermissionDenied
    if concern.is_hidden:
        return hidden_response(request, concern)
    form = FORMS[move](request.POST, concern=concern, user=request.user, prefix=move)
    status, alert = 400, None
    if form.is_valid():
        try:
            concern, made = services.make_move(
                concern=concern,
                move=move,
                user=request.user,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
            )
        except services.ConcernHidden as hidden:
            return hidden_response(request, hidden.concern)
        except services.MoveConflict as conflict:
            status, alert = 409, conflict_message(conflict)
            concern, form = _get_concern(request, pk, hidden_too=True), None
            if concern.is_hidden:
                return hidden_response(request, concern)
        except services.MoveNotNow as refused:
            # Nothing was written: said on the list the move came from, or on the page.
            if _back_to(request):
                messages.error(request, refused.message)
                return redirect(_back_to(request))
            alert, concern = refused.message, _get_concern(request, pk)
        except services.MoveRefused:
            raise PermissionDenied from None
        else:
            if made:
                messages.success(request, _("Saved: %(move)s.") % {"move": flow.label_of(move)})
            return redirect(_back_to(request) or concern)
    context = selectors.concern_page(concern, user=request.user, forms={move: form} if form else {})
    context["alert"] = alert
    return render(request, "visits/concerns/concern_detail.html", context, status=status)


@require_safe
@login_required
def concern_list(request):
    """民情台账: the concerns the user may see, newest first, by state."""
    show = request.GET.get("show") or "open"
    if show not in selectors.LEDGER_FILTERS and show not in ("overdue", "all"):
        raise Http404
    rows = selectors.ledger(request.user, show=show)
    ordering = ("deadline", "pk") if show == "overdue" else ("-raised_at", "-pk")
    try:
        page = keyset_page(
            rows,
            ordering=ordering,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            per_page=PER_PAGE,
        )
    except BadCursor:
        raise Http404 from None
    today = timezone.localdate()
    for concern in page:
        concern.overdue = concern.is_overdue(today)
    return render(
        request,
        "visits/concerns/concern_list.html",
        {"page": page, "show": show, "states": Concern.State.choices},
    )
