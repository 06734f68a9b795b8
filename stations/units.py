"""The units a quantity of practical work is counted in (米, 口, 户 …).

A practical deed records how much was done in one of these ("350 米 of road"), and an
annual plan's deed item may set its target in one ("1,500 米 of road this year"): the
plan's progress then sums the deeds' quantities in that unit. Both apps use this one
list, so a unit means the same thing in a deed and in a plan.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import pgettext_lazy

# Above this a quantity is a typing slip: a township's longest road is a few tens of
# kilometres, and no deed or plan builds a million of anything.
MAX_QUANTITY = Decimal("1000000")


class Unit(models.TextChoices):
    METRES = "m", pgettext_lazy("quantity unit", "metres")
    SQUARE_METRES = "m2", pgettext_lazy("quantity unit", "square metres")
    WELLS = "well", pgettext_lazy("quantity unit", "wells")
    HOUSEHOLDS = "household", pgettext_lazy("quantity unit", "households")
    PEOPLE = "person", pgettext_lazy("quantity unit", "people")
    ITEMS = "item", pgettext_lazy("quantity unit", "items")
