"""A PDF of contact-card sheets, built by the background worker.

The view checks the selection as the asker (``printing.selection``) and asks
for a job; the worker selects again as the asker, so it prints the cards
that login may print. The key holds what the cards are (how many, the
newest) so a print asked after issuing more cards is a new build.
"""

import hashlib

from django.contrib.auth import get_user_model
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from stations.cards import printing, selectors
from stations.models import ContactCard
from villages.jobs.built import Built

BUILDER = "stations.cards.jobs.build"
LOGGED_AS = ContactCard._meta.label_lower


def name(station, part):
    whole = _("contact cards %(station)s.pdf") % {"station": station.name}
    return whole.replace(".pdf", f"-{part}.pdf") if part > 1 else whole


def key(*, user, query, part, base, cards):
    made = cards.aggregate(n=Count("pk"), last=Max("pk"))
    what = f"{sorted(query.items())}:{part}:{base}:{made['n']}:{made['last']}"
    who = f"{user.pk}:{translation.get_language()}"
    return "cards:" + hashlib.sha256(f"{what}|{who}".encode()).hexdigest()


def build(*, progress, user, query, part, base, language):
    with translation.override(language):
        asker = get_user_model().objects.get(pk=user)
        _form, station, cards = printing.selection(asker, query)
        cards = printing.part_of(cards, part)
        progress(10, _("Laying out the cards"))
        context = {"station": station, "sheets": selectors.card_sheets(base, cards)}
        html = render_to_string("stations/cards/print_pdf.html", context)
        pdf = printing.render_pdf(html)
        return Built(name(station, part), pdf, "application/pdf", LOGGED_AS, len(cards))
