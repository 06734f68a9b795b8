"""The demo at the brief's larger tiers: a county of some 300 villages, a city of twelve
counties.

``grow`` lengthens the demo's township list in place (the demo's two townships
get more villages, synthetic townships follow), so the ordinary seeder then
builds the bigger county. ``CITY_COUNTIES`` are the county-level divisions of
邵阳市 with their GB/T 2260 codes: the demo county 隆回县 is one of them, the city
seed copies it into the other eleven (``visits.demo.cloning``).
"""

from visits.demo import data as demo_data

NUMERALS = "一二三四五六七八九十"

# Townships × villages per township of each tier.
TIERS = {"demo": None, "county": (20, 15), "city": (34, 15)}

CITY_COUNTIES = [
    ("双清区", "430502"),
    ("大祥区", "430503"),
    ("北塔区", "430511"),
    ("新邵县", "430522"),
    ("邵阳县", "430523"),
    ("隆回县", "430524"),
    ("洞口县", "430525"),
    ("绥宁县", "430527"),
    ("新宁县", "430528"),
    ("城步苗族自治县", "430529"),
    ("武冈市", "430581"),
    ("邵东市", "430582"),
]


def grow(townships_count, villages_per_township):
    """The demo's two townships, then synthetic ones up to ``townships_count``, each
    with ``villages_per_township`` villages."""
    townships = list(demo_data.TOWNSHIPS)
    for n in range(len(townships), townships_count):
        name = f"新{NUMERALS[n % 10]}{NUMERALS[n // 10 % 10]}乡"
        villages = [
            f"{name[:-1]}{NUMERALS[k % 10]}{k // 10 or ''}村" for k in range(villages_per_township)
        ]
        townships.append((name, "乡", villages))
    for k, (name, suffix, villages) in enumerate(townships[:2]):
        extra = [
            f"{name[:2]}{NUMERALS[j % 10]}{j // 10 or ''}村"
            for j in range(len(villages), villages_per_township)
        ]
        townships[k] = (name, suffix, [*villages, *extra])
    demo_data.TOWNSHIPS[:] = townships


def other_counties():
    """The city's counties but the demo's own, as ``(name, code)``: what the copies are."""
    return [(name, code) for name, code in CITY_COUNTIES if name != demo_data.COUNTY]
