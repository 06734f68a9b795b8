"""Official division codes of places: what the database checks of them (blank or the
right number of digits, no two places sharing one) and the urban–rural type codes.

The rules between a place's code and its parent's are ``villages.validators``'.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


@models.CharField.register_lookup
class Digits(models.Lookup):
    """``code__digits=6``: exactly six ASCII digits, in SQL that SQLite and PostgreSQL
    both run without a function of Django's (so the check constraints below hold for
    any client of the database: SQLite's GLOB, PostgreSQL's regular expression)."""

    lookup_name = "digits"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        length = int(self.rhs)
        if connection.vendor == "sqlite":
            sql = f"(LENGTH({lhs}) = {length} AND {lhs} NOT GLOB '*[^0-9]*')"
        else:
            sql = f"(CHAR_LENGTH({lhs}) = {length} AND {lhs} ~ '^[0-9]*$')"
        return sql, [*params, *params]


def code_constraints(table, *, length, invalid, taken):
    """The code is blank or ``length`` digits, and no two rows share one. A blank code
    (a place not coded yet) is not a code: the unique index leaves blanks out, on
    SQLite and PostgreSQL alike (a partial index), so uncoded places never clash."""
    return [
        models.CheckConstraint(
            condition=Q(code="") | Q(code__digits=length),
            name=f"{table}_code_digits",
            violation_error_message=invalid,
        ),
        models.UniqueConstraint(
            fields=["code"],
            condition=~Q(code=""),
            name=f"{table}_code_unique",
            violation_error_message=taken,
        ),
    ]


URBAN_RURAL_CHOICES = [
    ("111", _("111 main urban area")),
    ("112", _("112 urban–rural fringe")),
    ("121", _("121 town centre")),
    ("122", _("122 town–rural fringe")),
    ("123", _("123 special area")),
    ("210", _("210 township centre")),
    ("220", _("220 village")),
]


def children_keep_code(place, children, code, prefix_length):
    """A place's code may not change while places under it carry codes made from the
    old one: they would stop beginning with it."""
    if place.pk is None:
        return
    old = type(place).objects.filter(pk=place.pk).values_list("code", flat=True).first()
    if not old or old == code:
        return
    coded = getattr(place, children).exclude(code="")
    if coded.exists():
        raise ValidationError(
            {
                "code": _(
                    "%(count)s places under this one carry codes made from %(old)s: clear "
                    "their codes first, then change this one and code them again."
                )
                % {"count": coded.count(), "old": old[:prefix_length]}
            }
        )


def code_is_free(place, message):
    """Another place of the kind holding the code is the code field's error (the unique
    index would say so only as a whole-form error, and only after the clerk saved)."""
    if not place.code or not place.code.isdigit():
        return  # an ill-formed code is the validators' error, and not for the database to read
    if type(place)._default_manager.filter(code=place.code).exclude(pk=place.pk).exists():
        raise ValidationError({"code": message})
