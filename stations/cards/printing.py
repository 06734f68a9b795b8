"""Which cards a print asks for, and the PDF of their sheets.

Shared by the print page (a request) and the PDF's builder (the worker), so
both print the same cards for the same query.
"""

from django.contrib.staticfiles import finders
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from stations.cards import selectors
from stations.cards.forms import PrintSelectionForm
from stations.models import ContactCard, WorkStation
from villages.models import Township

CARDS_CSS = "css/cards.css"
# WeasyPrint lays out about ten cards a second here: a PDF holds at most ten
# sheets, so that each one is built in seconds, not minutes.
PDF_CARDS = 10 * selectors.CARDS_PER_SHEET


def selection(user, query):
    """(form, place, cards): the valid cards ``query`` asks for within ``user``'s place;
    ``place`` is the card's or the chosen station, or the chosen township; cards is None
    when the form has errors."""
    form = PrintSelectionForm(query)
    if not form.is_valid():
        return form, None, None
    data = form.cleaned_data
    cards = ContactCard.objects.visible_to(user).valid()
    if data["card"]:
        cards = cards.filter(pk=data["card"])
        station = getattr(cards.select_related("station").first(), "station", None)
        if station is None:
            raise Http404
    elif data["township"]:
        station = get_object_or_404(Township.objects.visible_to(user), pk=data["township"])
        cards = cards.in_place(township=station)
    else:
        station = get_object_or_404(WorkStation.objects.visible_to(user), pk=data["station"])
        cards = cards.in_place(station=station)
    if data["issued_on"]:
        cards = cards.filter(issued_on=data["issued_on"])
    return form, station, selectors.print_cards(cards)


def back_url(place):
    """Where the print page leads back to: the station's cards, or the township's stale list."""
    if isinstance(place, Township):
        return reverse("stations:card_stale", args=[place.pk])
    return reverse("stations:station_cards", args=[place.pk])


def part_of(cards, part):
    return list(cards[(part - 1) * PDF_CARDS : part * PDF_CARDS])


def render_pdf(html):
    """The PDF of a sheets page; fetches nothing (the stylesheet is read from disk)."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    with open(finders.find(CARDS_CSS), encoding="utf-8") as css:
        stylesheet = CSS(string=css.read())
    fetcher = URLFetcher(allowed_protocols=set())
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])
