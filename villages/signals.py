"""Signals of the registers, for the apps that build on them.

``households_written``: households were written in bulk (an import), past ``save``
and its signals; sent with ``households``, the new rows. The visits app keeps its
card rollups by it (``visits.card_rollups``): villages sits below visits, so it
tells whoever listens rather than importing them.
"""

from django.dispatch import Signal

households_written = Signal()
