"""Signals of the stations, for the apps that build on them.

``cards_written``: contact cards were issued or voided in bulk (the card
services), past ``save`` and its signals; sent with ``cards``, the rows written.
The visits app keeps its card rollups by it (``visits.card_rollups``): stations
sits below visits, so it tells whoever listens rather than importing them.
"""

from django.dispatch import Signal

cards_written = Signal()
