"""Punctuation around data, in the interface's language: 张三、李四 / Zhang San, Li Si.

Chinese writes lists with 、 and notes in full-width brackets; English with
commas and plain brackets. Writing either into a template or an f-string would
leave Chinese punctuation on English pages, so every page and export joins
names through these.
"""

from django.utils.translation import pgettext


def listing(values):
    """Names joined the way the language lists them: 困难户、低保户 / hardship, subsistence."""
    return pgettext("list separator", ", ").join(str(v) for v in values)


def bracketed(text, note):
    """A name with a note after it: 张三（高石村） / Zhang San (Hill Village)."""
    return pgettext("name and note", "%(text)s (%(note)s)") % {"text": text, "note": note}


def colon():
    """What follows a label before its value: 电话：138… / Phone: 138…."""
    return pgettext("label colon", ": ")
