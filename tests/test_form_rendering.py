"""Form fields are drawn through Jinja2 (``config/forms.py``), to the markup Django's
own template engine drew: the same pages, field for field, either way."""

import re

import pytest
from django.forms.renderers import get_default_renderer
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template
from django.test import Client
from django.urls import reverse

from config.forms import FormRenderer
from tests import factories as f

pytestmark = pytest.mark.django_db

DJANGO = "django.forms.renderers.DjangoTemplates"


def _markup(response):
    """The page's markup, without what differs from one request to the next (the form
    tokens and the script nonce) or between the engines' blank lines."""
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r'(name="(csrfmiddlewaretoken|token)" value=)"[^"]*"', r"\1", html)
    html = re.sub(r'nonce="[^"]*"', "", html)
    return "\n".join(line for line in html.splitlines() if line.strip())


def _both(settings, ask):
    """The page drawn by this renderer and by Django's template engine."""
    ours = _markup(ask())
    settings.FORM_RENDERER = DJANGO
    theirs = _markup(ask())
    return ours, theirs


def test_fields_are_drawn_by_jinja2_and_the_admins_by_django():
    renderer = get_default_renderer()
    assert isinstance(renderer, FormRenderer)
    assert isinstance(renderer.get_template("django/forms/widgets/select.html"), Jinja2Template)
    # The admin ships its widgets as Django templates only.
    wrapper = renderer.get_template("admin/widgets/related_widget_wrapper.html")
    assert isinstance(wrapper, DjangoTemplate)


@pytest.mark.parametrize(
    ("login", "name"),
    [
        ("cadre_user", "visits:visit_new"),
        ("staff_a", "villages:household_create"),
        ("staff_a", "villages:household_list"),  # the register's filters
        ("staff_a", "visits:concern_new"),
    ],
)
def test_a_form_page_draws_the_same_markup_as_with_djangos_engine(
    request, settings, client, login, name
):
    client.force_login(request.getfixturevalue(login))
    ours, theirs = _both(settings, lambda: client.get(reverse(name)))
    assert 'name="' in ours  # fields were drawn
    assert ours == theirs


def test_a_form_sent_back_with_errors_draws_the_same_markup(settings, client, staff_a):
    client.force_login(staff_a)
    ours, theirs = _both(
        settings, lambda: client.post(reverse("villages:household_create"), {"head_name": ""})
    )
    assert "has-error" in ours  # the field's error drawn beside it
    assert ours == theirs


def test_the_login_page_draws_the_same_markup(settings):
    ours, theirs = _both(settings, lambda: Client().get(reverse("login")))
    assert ours == theirs


def test_an_admin_change_page_draws_the_same_markup(settings, client, superuser, station_a):
    household = f.HouseholdFactory(village=station_a.village)
    client.force_login(superuser)
    address = reverse("admin:villages_household_change", args=[household.pk])
    ours, theirs = _both(settings, lambda: client.get(address))
    assert "related-widget-wrapper" in ours  # the admin's own widget, a Django template
    assert ours == theirs
