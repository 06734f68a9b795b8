"""Logging and correcting visits and receptions."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cadres.access import cadre_required
from stations.materials.locks import MonthLocked, locked_month
from stations.models import Pairing
from villages.models import Household
from villages.validators import as_id
from visits import hiding, services
from visits.concerns import services as concern_services
from visits.forms import ReceptionForm, VisitForm
from visits.models import Concern, Visit

HOUSEHOLD_RESULTS = 20


def form_context(request, form):
    """What the log forms show besides the form: households on offer, stations, script texts.

    The households offered are my paired ones, then the results of a search.
    """
    paired = [
        p.household
        for p in Pairing.objects.current()
        .filter(cadre=request.cadre)
        .select_related("household__village")
    ]
    # Paired households with a concern still open: the picker says so, so that the
    # same concern is not raised twice.
    with_open_concern = set(
        Concern.objects.visible_to(request.user)
        .open()
        .filter(household__in=paired)
        .values_list("household_id", flat=True)
    )
    query = (request.GET.get("q") or request.POST.get("q") or "").strip()[:30]
    found = []
    if query:
        found = list(
            Household.objects.visible_to(request.user)
            .search(query)
            .select_related("village")[:HOUSEHOLD_RESULTS]
        )
    chosen = form["household"].value()
    selected = None
    if chosen:
        selected = next((h for h in paired + found if str(h.pk) == str(chosen)), None)
        if selected is None:
            selected = (
                Household.objects.visible_to(request.user)
                .select_related("village")
                .filter(pk=as_id(chosen))
                .first()
            )
    return {
        "paired": paired,
        "with_open_concern": with_open_concern,
        "found": found,
        "query": query,
        "selected": selected,
        "stations": list(form.fields["station"].queryset),
        "log_form_texts": {
            "restoredHousehold": _("(household from the unsent visit)"),
            "restored": _("The unsent content is back. Check it and save."),
            "sending": _("Sending…"),
            "refused": _(
                "The server did not accept it (error {status}). What you typed is still here: "
                "try again later, or tell the township office."
            ),
            "refusedOffer": _("The server did not accept a record saved on this phone."),
            "locating": _("Finding the location…"),
            "located": _("Location added."),
            "noLocation": _("The location could not be found."),
        },
    }


def _typed(source, form_class):
    """What a form shows again as it was typed (initial values), read from GET or POST."""
    multiple = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
    return {
        name: source.getlist(name) if isinstance(field, multiple) else source.get(name)
        for name, field in form_class.base_fields.items()
        if name in source
    }


def _log(request, form_class, template, *, reception):
    # Without JavaScript, "find household" posts the form back: it comes back as typed,
    # with the households found, and nothing is saved. A link may fill in fields by GET.
    finding = request.method == "POST" and "find" in request.POST
    initial = {}
    if request.method == "GET" or finding:
        initial = _typed(request.POST if finding else request.GET, form_class)
    form = form_class(
        (request.POST or None) if not finding else None,
        (request.FILES or None) if not finding else None,
        initial=initial,
        user=request.user,
        cadre=request.cadre,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        station, token = data.pop("station"), data.pop("token")
        companions = data.pop("companions", [])
        photos = data.pop("photos", [])
        concern = {
            "category": data.pop("concern_category", ""),
            "move": data.pop("concern_move", ""),
            "result": data.pop("concern_result", ""),
        }
        if reception:
            data["kind"] = Visit.Kind.RECEPTION
        try:
            visit, _created = services.log_visit(
                author=request.cadre,
                station=station,
                token=token,
                fields=data,
                companions=companions,
                photos=photos,
                reception=reception,
                concern=concern if concern["category"] else None,
            )
        except (services.TokenTaken, concern_services.TokenTaken):
            form.add_error(None, _("This form has expired. Open it again."))
        except concern_services.MoveRefused:
            form.add_error("concern_move", _("You may not raise a concern that way here."))
        except MonthLocked as locked:
            # The date is what the cadre can change: the message stands beside it.
            form.add_error("occurred_at", locked.message)
            return _render_log(request, template, form, status=409)
        else:
            # The visit's page says "Saved." for this token: also when this was a resend
            # whose first answer was lost (created is then False), and whether the
            # phone's script or the browser follows the redirect.
            return HttpResponseRedirect(f"{visit.get_absolute_url()}?saved={token}")
    return _render_log(request, template, form, status=400 if form.errors else 200)


def _render_log(request, template, form, *, status):
    context = {"form": form, "locked": "", **form_context(request, form)}
    return render(request, template, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@cadre_required
def new_visit(request):
    return _log(request, VisitForm, "visits/visit_form.html", reception=False)


@require_http_methods(["GET", "HEAD", "POST"])
@cadre_required
def new_reception(request):
    return _log(request, ReceptionForm, "visits/reception_form.html", reception=True)


@require_http_methods(["GET", "HEAD", "POST"])
@cadre_required
def edit_visit(request, pk):
    # A correction sent after the visit was hidden is told so (below), not "not found".
    visit = get_object_or_404(Visit.all_objects.visible_to(request.user), pk=pk)
    if visit.is_hidden and request.method != "POST":
        raise Http404
    if not services.editable(visit, request.cadre):
        raise PermissionDenied(_("This visit can no longer be changed."))
    form_class = ReceptionForm if visit.kind == Visit.Kind.RECEPTION else VisitForm
    template = (
        "visits/reception_form.html" if form_class is ReceptionForm else "visits/visit_form.html"
    )
    finding = request.method == "POST" and "find" in request.POST
    form = form_class(
        (request.POST or None) if not finding else None,
        (request.FILES or None) if not finding else None,
        initial=_typed(request.POST, form_class) if finding else None,
        instance=visit,
        user=request.user,
        cadre=request.cadre,
    )
    photos = list(visit.photos.all())
    if request.method == "POST" and not finding and form.is_valid():
        data = dict(form.cleaned_data)
        for name in ("station", "token"):
            data.pop(name, None)
        companions = data.pop("companions", None)
        new_photos = data.pop("photos", [])
        remove = [p for p in photos if str(p.pk) in request.POST.getlist("remove_photo")]
        try:
            services.edit_visit(
                visit=visit,
                fields=data,
                companions=companions,
                photos=new_photos,
                remove_photos=remove,
            )
        except services.VisitHidden as hidden:
            # The form comes back with what was typed, so nothing is lost to the eye.
            note = _("This visit was hidden by %(who)s on %(when)s; your changes were not saved.")
            form.add_error(None, note % hiding.hidden_by_when(hidden.visit))
            status = 409
        except MonthLocked as locked:
            form.add_error(None, locked.message)
            status = 409
        else:
            messages.success(request, _("Changes saved."))
            return HttpResponseRedirect(visit.get_absolute_url())
    else:
        status = 400 if form.errors else 200
    context = {"form": form, "visit": visit, "photos": photos, "locked": ""}
    context |= form_context(request, form)
    if request.method != "POST":
        # Said before the cadre types: the month is submitted, the correction would be refused.
        row = locked_month(station=visit.station_id, day=timezone.localdate(visit.occurred_at))
        context["locked"] = MonthLocked(row, row.station.name).message if row else ""
    return render(request, template, context, status=status)


@require_POST
@cadre_required
def close_follow_up(request, pk):
    visit = get_object_or_404(Visit.objects.visible_to(request.user).open_follow_ups(), pk=pk)
    carrier = visit.follow_up_owner_id or visit.author_id
    if carrier != request.cadre.pk:
        raise PermissionDenied
    try:
        services.close_follow_up(visit=visit)
    except services.VisitHidden as hidden:
        note = _("This visit was hidden by %(who)s on %(when)s; nothing was changed.")
        messages.warning(request, note % hiding.hidden_by_when(hidden.visit))
    else:
        messages.success(request, _("Follow-up closed."))
    return redirect("visits:today")
