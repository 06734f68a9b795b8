"""Meetings and practical deeds: logged at a station on a phone, read in lists.

A station is always looked up through the user's scope, so a cadre can log
only at a station they serve (another station is a 404), township staff only
in their township, and supervisors read but do not log.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cadres.access import READERS, STATION_READERS, role_required
from cadres.models import User
from stations.materials.locks import MonthLocked
from stations.models import WorkStation
from villages.pagination import BadCursor, keyset_page
from villages.registers import post_data, render_list
from visits.meetings import selectors as selectors
from visits.meetings import services as services
from visits.meetings.filters import DeedFilter, MeetingFilter
from visits.meetings.forms import DeedForm, MeetingForm
from visits.models import Deed, Meeting

PER_PAGE = 20
TABS = ("meetings", "deeds")
LOGGERS = (User.Role.CADRE, User.Role.TOWNSHIP)


def _station(request, pk):
    return get_object_or_404(
        WorkStation.objects.visible_to(request.user).select_related("village__township"), pk=pk
    )


def _cadre(user):
    return getattr(user, "cadre", None) if user.role == User.Role.CADRE else None


def can_log(user):
    return user.is_superuser or user.role in LOGGERS


@require_safe
@role_required(User.Role.CADRE, User.Role.TOWNSHIP, User.Role.COUNTY, User.Role.PREFECTURE)
def station_work(request, pk):
    """A station's meetings or deeds, newest first, with the buttons to log more."""
    station = _station(request, pk)
    tab = request.GET.get("show") or "meetings"
    if tab not in TABS:
        raise Http404
    rows, ordering = selectors.station_tab(station, tab)
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
    context = {"station": station, "tab": tab, "page": page, "can_log": can_log(request.user)}
    return render(request, "visits/meetings/station_work.html", context)


def _carried_initial(request, form_class):
    """Without JavaScript, "find household" resends the form by GET: keep what was typed."""
    if request.method != "GET":
        return {}
    many = form_class.cadre_field
    return {
        key: request.GET.getlist(key) if key == many else request.GET[key]
        for key in request.GET
        if key in form_class.base_fields
    }


def _log(request, pk, *, form_class, template, save):
    station = _station(request, pk)
    cadre = _cadre(request.user)
    extra = {"user": request.user} if form_class is DeedForm else {}
    form = form_class(
        post_data(request),
        initial=_carried_initial(request, form_class),
        station=station,
        cadre=cadre,
        **extra,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token, cadres = data.pop("token"), data.pop(form_class.cadre_field)
        try:
            obj, created = save(
                station=station, user=request.user, token=token, fields=data, cadres=cadres
            )
        except services.TokenTaken:
            form.add_error(None, _("This form has expired. Open it again."))
        except MonthLocked as locked:
            date_field = "held_at" if "held_at" in form.fields else "done_on"
            form.add_error(date_field, locked.message)
        else:
            if created:
                messages.success(request, _("Saved."))
            return redirect(obj)
    context = {"form": form, "station": station}
    if form_class is DeedForm:
        query = (request.GET.get("q") or "").strip()[:30]
        context |= selectors.household_choices(
            user=request.user,
            cadre=cadre,
            station=station,
            query=query,
            chosen=form["household"].value(),
        )
    return render(request, template, context, status=400 if form.errors else 200)


def _save_meeting(*, cadres, **kwargs):
    return services.log_meeting(attendees=cadres, **kwargs)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*LOGGERS)
def meeting_new(request, pk):
    return _log(
        request,
        pk,
        form_class=MeetingForm,
        template="visits/meetings/meeting_form.html",
        save=_save_meeting,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*LOGGERS)
def deed_new(request, pk):
    return _log(
        request,
        pk,
        form_class=DeedForm,
        template="visits/meetings/deed_form.html",
        save=services.log_deed,
    )


def _changes(obj):
    return obj.history.select_related("history_user").order_by("-history_date")[:20]


@require_safe
@role_required(*STATION_READERS)
def meeting_detail(request, pk):
    meeting = get_object_or_404(
        selectors.meetings(Meeting.objects.visible_to(request.user)).select_related("recorded_by"),
        pk=pk,
    )
    return render(
        request,
        "visits/meetings/meeting_detail.html",
        {"meeting": meeting, "changes": _changes(meeting)},
    )


@require_safe
@role_required(*STATION_READERS)
def deed_detail(request, pk):
    deed = get_object_or_404(
        selectors.deeds(Deed.objects.visible_to(request.user)).select_related("recorded_by"),
        pk=pk,
    )
    return render(
        request, "visits/meetings/deed_detail.html", {"deed": deed, "changes": _changes(deed)}
    )


def _list(request, *, filter_class, rows, ordering, template):
    filterset = filter_class(request.GET, queryset=rows, request=request)
    chosen = None
    if filterset.is_valid():
        chosen = filterset.form.cleaned_data.get("station")
    return render_list(
        request,
        template,
        filterset=filterset,
        ordering=ordering,
        chosen_station=chosen,
        can_log=can_log(request.user),
    )


@require_safe
@role_required(*READERS)
def meeting_list(request):
    """The meetings of the user's township or county, filtered by station, kind and days."""
    return _list(
        request,
        filter_class=MeetingFilter,
        rows=selectors.meetings(Meeting.objects.visible_to(request.user)),
        ordering=selectors.MEETING_ORDER,
        template="visits/meetings/meeting_list.html",
    )


@require_safe
@role_required(*READERS)
def deed_list(request):
    """The deeds of the user's township or county, filtered by station, category and days."""
    return _list(
        request,
        filter_class=DeedFilter,
        rows=selectors.deeds(Deed.objects.visible_to(request.user)),
        ordering=selectors.DEED_ORDER,
        template="visits/meetings/deed_list.html",
    )
