"""``check --deploy``: PDFs embed only the glyphs they use, not whole fonts.

WeasyPrint embeds the fonts a PDF is set in. It keeps only the glyphs used
(a subset) with HarfBuzz's subsetter, Debian's ``libharfbuzz-subset0`` (or,
without it, fontTools); when that does not happen it embeds the whole font,
and a Chinese font is 10 MB: every contact card sheet, public notice and
monthly booklet grows by as much (the county booklet of 300 villages is 1 MB
with a subset). Chromium brings the library along, so a test machine has it
and a server without a browser may not.

The check sets 1,200 Chinese characters (more than a county booklet uses) in
the booklet's stylesheet and weighs the file: subsets weigh about a megabyte,
whole fonts ten times more. It costs the import of WeasyPrint and a few
seconds of layout, so it runs with ``--deploy`` only.
"""

import logging

from django.contrib.staticfiles import finders
from django.core.checks import Tags, Warning, register

from visits.reports.booklet import BOOKLET_CSS

WHOLE_FONTS = "visits.W002"
# As many characters as a county booklet uses (about 900), regular and bold: HarfBuzz
# 6 (Debian 12) subsets WenQuanYi Zen Hei for a line but fails past about 900
# characters, and WeasyPrint then embeds all 16 MB of it (a 10 MB county booklet).
CHARACTERS = "".join(map(chr, range(0x4E00, 0x4E00 + 1200)))
SAMPLE = f"<p>群众工作站月度汇编 {CHARACTERS}</p><p><b>重大事项 2026 {CHARACTERS}</b></p>"
# The sample's subsets weigh about 1 MB; one whole CJK font 10 to 20 MB.
SAMPLE_LIMIT = 4_000_000


def sample_pdf(**options):
    """Many Chinese characters, regular and bold, set as the booklet sets them."""
    from weasyprint import CSS, HTML

    with open(finders.find(BOOKLET_CSS), encoding="utf-8") as css:
        stylesheet = CSS(string=css.read())
    # WeasyPrint logs each step of its layout: noise in the check's report.
    progress = logging.getLogger("weasyprint.progress")
    level = progress.level
    progress.setLevel(logging.WARNING)
    try:
        return HTML(string=SAMPLE).write_pdf(stylesheets=[stylesheet], **options)
    finally:
        progress.setLevel(level)


def whole_font_warnings(pdf):
    """A warning when ``pdf``, the sample, is too heavy to hold font subsets only."""
    if len(pdf) <= SAMPLE_LIMIT:
        return []
    return [
        Warning(
            f"PDFs embed whole fonts: a page of Chinese makes a {len(pdf) / 1e6:.1f} MB "
            "file, so every card sheet, notice and booklet is that much larger.",
            hint=(
                "Install Debian's libharfbuzz-subset0 and fonts-noto-cjk (apt-get install "
                "libharfbuzz-subset0 fonts-noto-cjk) so WeasyPrint embeds only the glyphs a "
                "PDF uses; see README, Booklet fonts."
            ),
            id=WHOLE_FONTS,
        )
    ]


@register(Tags.compatibility, deploy=True)
def pdfs_embed_font_subsets(app_configs=None, **kwargs):
    return whole_font_warnings(sample_pdf())
