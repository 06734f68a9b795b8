"""PDFs embed font subsets (only the glyphs they use), never a whole 10 MB Chinese font.

The weight tells: WeasyPrint tags every embedded font's name as a subset
(``TSPJMR+Noto-Sans-CJK-SC``, "sub yes" in poppler's ``pdffonts``) even
when it embeds the whole font, so the name alone proves nothing. With whole
fonts the small booklet below weighs 18.7 MB for 12 pages (tried with
``full_fonts=True``); with subsets about 10 KB a page. A machine whose
WeasyPrint cannot subset (issue 12 measured a 10 MB county booklet) fails here,
and ``check --deploy`` says so on a server (visits/reports/fonts.py).
"""

# Fixtures come from tests.supervision_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import re
import subprocess

import pytest

from tests.supervision_helpers import NOVEMBER, freeze, november  # noqa: F401
from visits.reports.booklet import booklet_pdf
from visits.reports.fonts import (
    SAMPLE_LIMIT,
    WHOLE_FONTS,
    pdfs_embed_font_subsets,
    sample_pdf,
    whole_font_warnings,
)
from visits.reports.monthly import build_report


def _fonts(pdf, tmp_path):
    """pdffonts' rows: (name, embedded, subset) of every font in ``pdf``."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    rows = []
    for line in listing.splitlines()[2:]:
        name, *_kind, emb, sub, _uni, _obj, _gen = line.split()
        rows.append((name, emb, sub))
    return rows


def _pages(pdf, tmp_path):
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)[1])


@pytest.mark.django_db
def test_a_booklet_embeds_only_the_glyphs_it_uses(
    monkeypatch, staff_a, township_a, november, tmp_path
):
    freeze(monkeypatch)
    pdf = booklet_pdf(build_report(user=staff_a, period=NOVEMBER, township=township_a))
    fonts = _fonts(pdf, tmp_path)
    # Set in a Chinese font, embedded (a reader without it would show boxes).
    assert any("Noto-Sans-CJK-SC" in name for name, _emb, _sub in fonts)
    assert all(embedded == "yes" for _name, embedded, _sub in fonts)
    # Each whole Chinese font would add 10 MB; the glyphs of a few pages weigh kilobytes.
    pages = _pages(pdf, tmp_path)
    assert pages >= 5
    assert len(pdf) / pages < 50_000, (len(pdf), pages)


def test_the_deployment_check_passes_where_fonts_are_subset_and_names_a_whole_font():
    assert pdfs_embed_font_subsets() == []
    assert len(sample_pdf()) < SAMPLE_LIMIT / 2
    # What a server that cannot subset makes: the whole font in the file.
    whole = sample_pdf(full_fonts=True)
    assert len(whole) > SAMPLE_LIMIT
    (warning,) = whole_font_warnings(whole)
    assert warning.id == WHOLE_FONTS
    assert "libharfbuzz-subset0" in warning.hint
