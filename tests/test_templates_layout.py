"""Templates come in layers: base.html → a section base → the page, and what pages
share is one partial in a ``partials/`` folder (STYLE.md §8)."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "templates"
SECTIONS = ("sections/phone.html", "sections/office.html", "sections/supervision.html")
ERROR_PAGES = ("400.html", "403.html", "404.html", "500.html", "503.html")

# Pages that belong to no section, and why.
STANDALONE = {
    "registration/login.html": "before login: no section yet",
    "cadres/no_place.html": "any login that has no place yet, whatever its role",
    "stations/public_station.html": "public, opened from a contact card's QR code",
    "stations/public_station_retired.html": "public, opened from an old card's QR code",
    "visits/assessment/public.html": "an assessment's published result, open without a login",
    "visits/concerns/public_notice.html": "public notice, can be open without a login",
    "stations/cards/print.html": "printed sheet of cards, its own layout",
    "stations/cards/print_pdf.html": "PDF drawn by WeasyPrint",
    "visits/concerns/public_notice_pdf.html": "PDF drawn by WeasyPrint",
    "visits/materials/notice_pdf.html": "PDF drawn by WeasyPrint",
    "visits/plans/plan_pdf.html": "PDF drawn by WeasyPrint",
    "visits/reports/booklet.html": "PDF drawn by WeasyPrint",
}

# Markup only the one shared partial may hold.
ONLY_IN = {
    # cursors or page numbers of a pager
    "partials/pager.html": re.compile(r"(prev|next)_cursor|(previous|next)_page_number"),
    # the list of every field's errors of an error box
    "partials/form_errors.html": re.compile(r"\{%\s*for \w+ in field\.errors\s*%\}"),
    # a field's label
    "partials/field.html": re.compile(r"\{\{\s*field\.id_for_label\s*\}\}"),
}

EXTENDS = re.compile(r'^\{%\s*extends\s+"([^"]+)"\s*%\}')


def _templates():
    return sorted(str(p.relative_to(ROOT)) for p in ROOT.rglob("*.html"))


def _pages():
    return [
        name
        for name in _templates()
        if "partials" not in Path(name).parts
        and name not in (*SECTIONS, "base.html", *ERROR_PAGES, *STANDALONE)
    ]


def _extends(name):
    match = EXTENDS.match((ROOT / name).read_text())
    return match and match.group(1)


def test_every_page_extends_a_section_base():
    wrong = {name: _extends(name) for name in _pages() if _extends(name) not in SECTIONS}
    assert wrong == {}


def test_section_bases_extend_base_and_the_allow_list_is_current():
    assert {_extends(name) for name in SECTIONS} == {"base.html"}
    assert set(STANDALONE) <= set(_templates())


def test_no_template_name_starts_with_an_underscore():
    assert [name for name in _templates() if Path(name).name.startswith("_")] == []


def test_one_pager_one_error_box_one_field_partial():
    elsewhere = [
        (name, partial)
        for name in _templates()
        for partial, marker in ONLY_IN.items()
        if name != partial and marker.search((ROOT / name).read_text())
    ]
    assert elsewhere == []
