"""The demo county grown to the brief's county tier (about 300 villages), for the benches.

Imported after ``django.setup()``: it edits the demo's township list in place,
so the ordinary ``seed_demo`` then seeds the bigger county.
"""

import os

from visits.demo import data as demo_data

COUNTY_TOWNSHIPS = int(os.environ.get("BENCH_TOWNSHIPS", "20"))
VILLAGES_PER_TOWNSHIP = int(os.environ.get("BENCH_VILLAGES", "15"))
NUMERALS = "一二三四五六七八九十"


def grow_the_county():
    """The demo's two townships, then synthetic ones up to COUNTY_TOWNSHIPS."""
    townships = list(demo_data.TOWNSHIPS)
    for n in range(len(townships), COUNTY_TOWNSHIPS):
        name = f"新{NUMERALS[n % 10]}{NUMERALS[n // 10 % 10]}乡"
        villages = [
            f"{name[:-1]}{NUMERALS[k % 10]}{k // 10 or ''}村" for k in range(VILLAGES_PER_TOWNSHIP)
        ]
        townships.append((name, "乡", villages))
    for k, (name, suffix, villages) in enumerate(townships[:2]):
        extra = [
            f"{name[:2]}{NUMERALS[j % 10]}{j // 10 or ''}村"
            for j in range(len(villages), VILLAGES_PER_TOWNSHIP)
        ]
        townships[k] = (name, suffix, [*villages, *extra])
    demo_data.TOWNSHIPS[:] = townships
