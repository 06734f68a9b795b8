"""Contact cards (连心卡): coverage, issuing, reissuing stale cards, printing.

Township staff issue and print; county supervisors read coverage and may
print; cadres do not use these pages.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from cadres.access import role_required
from cadres.models import User
from stations.cards import jobs, printing
from stations.cards import selectors as selectors
from stations.cards import services as services
from stations.cards.forms import StaleReissueForm
from stations.models import ContactCard, WorkStation
from villages import access_log
from villages.jobs.services import request_job
from villages.models import County, Household, Township
from villages.pagination import BadCursor

READERS = (User.Role.TOWNSHIP, User.Role.COUNTY, User.Role.PREFECTURE)
WRITERS = (User.Role.TOWNSHIP,)
LOGGED_AS = ContactCard._meta.label_lower
PDF_CARDS = printing.PDF_CARDS


def _can_write(user):
    return user.is_superuser or user.role in WRITERS


def _issued(request, cards):
    n = len(cards)
    if n:
        messages.success(
            request,
            ngettext("%(n)s card issued.", "%(n)s cards issued.", n) % {"n": n},
        )
    else:
        messages.info(request, _("Every household already holds a valid card."))


@require_safe
@role_required(*READERS)
def township_cards(request, pk):
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    context = selectors.township_cards(township)
    context["can_write"] = _can_write(request.user)
    return render(request, "stations/cards/township.html", context)


@require_safe
@role_required(User.Role.COUNTY, User.Role.PREFECTURE)
def county_cards(request, pk):
    county = get_object_or_404(County.objects.visible_to(request.user), pk=pk)
    return render(request, "stations/cards/county.html", selectors.county_cards(county))


@require_safe
@role_required(*READERS)
def station_cards(request, pk):
    station = get_object_or_404(
        WorkStation.objects.visible_to(request.user).select_related("village__township"), pk=pk
    )
    try:
        context = selectors.station_cards(
            station,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            stale_only=request.GET.get("stale") == "1",
        )
    except BadCursor as error:
        raise Http404 from error
    context["can_write"] = _can_write(request.user)
    context["today"] = timezone.localdate()
    return render(request, "stations/cards/station.html", context)


@require_POST
@role_required(*WRITERS)
def issue_for_village(request, pk):
    station = get_object_or_404(WorkStation.objects.visible_to(request.user), pk=pk)
    try:
        _issued(request, services.issue_for_village(station=station, by=request.user))
    except services.CardError as error:
        messages.error(request, str(error))
    return redirect("stations:station_cards", station.pk)


@require_POST
@role_required(*WRITERS)
def issue_card(request, pk):
    household = get_object_or_404(
        Household.objects.visible_to(request.user).select_related("village__station"), pk=pk
    )
    try:
        card = services.issue_card(household=household, by=request.user)
    except services.CardError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Card %(serial)s issued to %(household)s.")
            % {"serial": card.serial, "household": household.head_name},
        )
    station = getattr(household.village, "station", None)
    if station is None:
        return redirect("stations:card_township", household.village.township_id)
    return redirect("stations:station_cards", station.pk)


@require_POST
@role_required(*WRITERS)
def reissue_card(request, pk):
    card = get_object_or_404(
        ContactCard.objects.visible_to(request.user).valid().select_related("household"), pk=pk
    )
    try:
        new = services.reissue_card(card=card, by=request.user)
    except services.CardError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Card %(old)s voided; card %(new)s issued to %(household)s.")
            % {"old": card.serial, "new": new.serial, "household": card.household.head_name},
        )
    return redirect("stations:station_cards", card.station_id)


@require_safe
@role_required(*READERS)
def stale_cards(request, pk):
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    context = selectors.stale_by_station(township)
    context["can_write"] = _can_write(request.user)
    return render(request, "stations/cards/stale.html", context)


@require_POST
@role_required(*WRITERS)
def reissue_stale(request, pk):
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    form = StaleReissueForm(request.POST)
    stations = WorkStation.objects.in_place(township=township)
    if not form.is_valid():
        raise Http404
    if form.cleaned_data["station"]:
        stations = stations.filter(pk=form.cleaned_data["station"])
        if not stations.exists():
            raise Http404
    try:
        cards = services.reissue_stale(stations=stations, by=request.user)
    except services.CardError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext("%(n)s stale card reissued.", "%(n)s stale cards reissued.", len(cards))
            % {"n": len(cards)},
        )
    return redirect("stations:card_stale", township.pk)


def _selection(request):
    return printing.selection(request.user, request.GET)


def _pdf_parts(request, count):
    """[(url, first, last)] of the PDFs that together hold ``count`` cards."""
    query = request.GET.copy()
    query.pop("part", None)
    base = reverse("stations:card_print_pdf")
    parts = []
    for number, first in enumerate(range(0, count, PDF_CARDS), start=1):
        query["part"] = number
        parts.append((f"{base}?{query.urlencode()}", first + 1, min(first + PDF_CARDS, count)))
    return parts


@require_safe
@role_required(*READERS)
def print_cards(request):
    form, station, cards = _selection(request)
    if cards is None:
        return render(request, "stations/cards/print_invalid.html", {"form": form}, status=400)
    sheets = selectors.card_sheets(selectors.public_base(request), cards)
    count = sum(len(s) for s in sheets)
    context = {
        "station": station,
        "back_url": printing.back_url(station),
        "sheets": sheets,
        "count": count,
        # A card prints what it was issued with; these print old data until reissued.
        "stale": services.stale_cards(cards).count(),
        "pdf_parts": _pdf_parts(request, count),
    }
    # A sheet of cards names each holder: printing is taking personal data out, logged
    # like an export.
    what = _("contact cards %(station)s (print page)") % {"station": station.name}
    access_log.record_export(request=request, what=what, rows=count, model=LOGGED_AS)
    return render(request, "stations/cards/print.html", context)


@require_safe
@role_required(*READERS)
def print_cards_pdf(request):
    """A part of the selection's PDF, built by the worker: the asker goes to the job's page."""
    form, station, cards = _selection(request)
    if cards is None:
        return render(request, "stations/cards/print_invalid.html", {"form": form}, status=400)
    part = form.cleaned_data["part"] or 1
    if part > 1 and not printing.part_of(cards, part):
        raise Http404
    query = {
        k: v for k, v in request.GET.items() if k in ("card", "station", "township", "issued_on")
    }
    base = selectors.public_base(request)
    again = request.GET.copy()
    again["again"] = "1"
    asked = request_job(
        user=request.user,
        key=jobs.key(user=request.user, query=query, part=part, base=base, cards=cards),
        title=jobs.name(station, part),
        builder=jobs.BUILDER,
        params={
            "user": request.user.pk,
            "query": query,
            "part": part,
            "base": base,
            "language": translation.get_language(),
        },
        back_url=printing.back_url(station),
        again_url=f"{request.path}?{again.urlencode()}",
        filters=access_log.filters_of(request),
        again=request.GET.get("again") == "1",
    )
    return redirect("villages:job_status", asked.pk)
