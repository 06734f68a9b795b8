"""The public page of a station: what the QR code on a contact card opens.

No login: it shows only what the card prints anyway (the station, its
members' positions and phones, the duty day) and the township's errand
guides. Station numbers are guessable and that is fine: nothing here is
private. It reads the station directly, not through ``visible_to``, because
it has no user to scope by.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from stations.cards import selectors as selectors


@require_safe
def station_public(request, pk):
    station = get_object_or_404(selectors.public_stations(), pk=pk)
    return render(request, "stations/public_station.html", selectors.public_station_page(station))
