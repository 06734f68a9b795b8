"""The demo county grown to the brief's county tier (about 300 villages), for the benches.

Imported after ``django.setup()``: it edits the demo's township list in place,
so the ordinary ``seed_demo`` then seeds the bigger county.
"""

import os

from visits.demo.scale import TIERS, grow

DEFAULT_TOWNSHIPS, DEFAULT_VILLAGES = TIERS["county"]
COUNTY_TOWNSHIPS = int(os.environ.get("BENCH_TOWNSHIPS", DEFAULT_TOWNSHIPS))
VILLAGES_PER_TOWNSHIP = int(os.environ.get("BENCH_VILLAGES", DEFAULT_VILLAGES))


def grow_the_county():
    """The demo's two townships, then synthetic ones up to COUNTY_TOWNSHIPS."""
    grow(COUNTY_TOWNSHIPS, VILLAGES_PER_TOWNSHIP)
