"""Which place field belongs to which role of login, held by the database both ways.

A login's role names its one place field (a city supervisor's prefecture, a county
supervisor's county, a clerk's township, an office clerk's office). A login of the
role without its place would see nothing and wonder why; a login of another role
with the field left over could have it taken for its place. The database refuses
both (``User.Meta.constraints``), and the admin's form shows the message.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _needs(role, field, name, message):
    condition = ~Q(role=role) | Q(**{f"{field}__isnull": False})
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)


def _only(role, field, name, message):
    condition = Q(**{f"{field}__isnull": True}) | Q(role=role)
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)


CONSTRAINTS = [
    _needs(
        "prefecture",
        "prefecture",
        "city_supervisor_has_prefecture",
        _("A city supervisor needs a prefecture."),
    ),
    _needs(
        "county", "county", "county_supervisor_has_county", _("A county supervisor needs a county.")
    ),
    _needs(
        "township", "township", "township_staff_has_township", _("Township staff need a township.")
    ),
    _needs(
        "office", "office", "office_staff_has_office", _("Office staff need a business office.")
    ),
    _only(
        "prefecture",
        "prefecture",
        "only_city_supervisors_have_prefecture",
        _(
            "Only a city supervisor has a prefecture: clear the prefecture, "
            "or make the role city supervisor."
        ),
    ),
    _only(
        "county",
        "county",
        "only_county_supervisors_have_county",
        _(
            "Only a county supervisor has a county: clear the county, "
            "or make the role county supervisor."
        ),
    ),
    _only(
        "township",
        "township",
        "only_township_staff_have_township",
        _(
            "Only township staff have a township: clear the township, "
            "or make the role township staff."
        ),
    ),
    _only(
        "office",
        "office",
        "only_office_staff_have_office",
        _(
            "Only office staff have a business office: clear the business office, "
            "or make the role office staff."
        ),
    ),
]
