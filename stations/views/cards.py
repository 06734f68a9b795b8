"""Contact cards (连心卡): coverage, issuing, reissuing stale cards, printing.

Township staff issue and print; county supervisors read coverage and may
print; cadres do not use these pages.
"""

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from cadres.access import role_required
from cadres.models import User
from stations.cards import selectors as selectors
from stations.cards import services as services
from stations.cards.forms import PrintSelectionForm, StaleReissueForm
from stations.models import ContactCard, WorkStation
from villages import access_log
from villages.models import County, Household, Township
from villages.pagination import BadCursor

READERS = (User.Role.TOWNSHIP, User.Role.COUNTY)
WRITERS = (User.Role.TOWNSHIP,)
CARDS_CSS = "css/cards.css"
LOGGED_AS = ContactCard._meta.label_lower
# WeasyPrint lays out about ten cards a second here: a PDF holds at most ten
# sheets, so that each download takes seconds, not minutes.
PDF_CARDS = 10 * selectors.CARDS_PER_SHEET


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
@role_required(User.Role.COUNTY)
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
    """The valid cards the query string asks for, within the user's place; or the form's errors."""
    form = PrintSelectionForm(request.GET)
    if not form.is_valid():
        return form, None, None
    data = form.cleaned_data
    cards = ContactCard.objects.visible_to(request.user).valid()
    if data["card"]:
        cards = cards.filter(pk=data["card"])
        station = getattr(cards.select_related("station").first(), "station", None)
        if station is None:
            raise Http404
    else:
        station = get_object_or_404(
            WorkStation.objects.visible_to(request.user), pk=data["station"]
        )
        cards = cards.in_place(station=station)
    if data["issued_on"]:
        cards = cards.filter(issued_on=data["issued_on"])
    return form, station, selectors.print_cards(cards)


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
    sheets = selectors.card_sheets(request, cards)
    count = sum(len(s) for s in sheets)
    context = {
        "station": station,
        "sheets": sheets,
        "count": count,
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
    form, station, cards = _selection(request)
    if cards is None:
        return render(request, "stations/cards/print_invalid.html", {"form": form}, status=400)
    part = form.cleaned_data["part"] or 1
    cards = list(cards[(part - 1) * PDF_CARDS : part * PDF_CARDS])
    if part > 1 and not cards:
        raise Http404
    context = {"station": station, "sheets": selectors.card_sheets(request, cards)}
    html = render_to_string("stations/cards/print_pdf.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    name = _("contact cards %(station)s.pdf") % {"station": station.name}
    if part > 1:
        name = name.replace(".pdf", f"-{part}.pdf")
    access_log.record_export(request=request, what=name, rows=len(cards), model=LOGGED_AS)
    response["Content-Disposition"] = content_disposition_header(False, name)
    return response


def render_pdf(html):
    """The PDF of a sheets page; fetches nothing (the stylesheet is read from disk)."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    with open(finders.find(CARDS_CSS), encoding="utf-8") as css:
        stylesheet = CSS(string=css.read())
    fetcher = URLFetcher(allowed_protocols=set())
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])
