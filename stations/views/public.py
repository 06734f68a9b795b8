"""The public page of a station: what the QR code on a contact card opens.

No login: it shows only what the card prints anyway (the station, its duty
phone, its members' positions, and the mobile numbers of members who agreed
to publish them) and the township's errand guides. It reads the station
directly, not through ``visible_to``, because it has no user to scope by.

The address carries the station's random ``public_key``, not its number, so
the pages cannot be walked through by counting. Cards printed before the key
existed carry ``/stations/<number>/public/``: that address still answers, for
the households holding such a card, but with the duty phone only (no names,
no mobiles) and a word that the card is out of date.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from stations.cards import selectors as selectors


@require_safe
def station_public(request, key):
    station = get_object_or_404(selectors.public_stations(), public_key=key)
    return render(request, "stations/public_station.html", selectors.public_station_page(station))


@require_safe
def station_public_retired(request, pk):
    station = get_object_or_404(selectors.public_stations(), pk=pk)
    # 410 Gone: the address is retired; the page says where to turn instead.
    return render(request, "stations/public_station_retired.html", {"station": station}, status=410)
